"""Poverty percentages in the free text of a plan, and the ratio each one claims.

`find_percentages(section, text)` reads a text section (situation, general goal, a target line) and returns
one `plans.checks.TextPercentage` per percentage that states a poverty figure of the plan: the share of
poor or near-poor households at the start of the year, leaving during the year, or left at the end, over
all households. `plans.checks_text.check_text_percentages` then compares each with the plan's numbers.

The reader is deliberately conservative: a wrong classification would block a correct plan, a skipped
percentage only goes unchecked. So anything it cannot classify with confidence is skipped. The rules come
from the published plans the demo reproduces (docs/sentences.md says what they decide):

- Text is cut into sentences at line breaks and at "." not between two digits ("1.182", "0.44" stay
  whole). A line break followed by a lowercase letter (a wrapped line) is a space, and so is one before a
  line opening with a percentage when the previous line ends with a word introducing it ("tương đương").
- Group: the last "nghèo" before the percentage in the sentence, which must be a household's ("hộ nghèo",
  "hộ cận nghèo", "thoát nghèo"); "cận" before it means near-poor. "người nghèo" (people),
  "giảm nghèo" (the programme), "chuẩn nghèo" (the standard) are not household figures: skipped.
- The percentage must be introduced as a rate: "tỷ lệ" / "tỉ lệ" since the previous percentage of the
  sentence, or a count of households leading to it ("31 hộ nghèo/1.182 hộ chiếm 2,62%", "08 hộ nghèo
  (0,67%)"), or a bare continuation of an accepted percentage ("giảm từ 1,64% xuống còn 1,49%").
- Statements about another unit or another time are skipped: the unit word nearest before the
  percentage ("xã", "huyện", "tỉnh", "cả nước"...) must be of the plan's level when there is one ("tỷ lệ
  hộ nghèo của huyện là 8,5%" in a commune's plan), and the year nearest before it must be the plan's
  year or the one before ("Năm 2022 tỷ lệ hộ nghèo của xã là 4,1%" in the 2024 plan), nor may "năm
  trước", "năm qua", "giai đoạn" come after that year.
- Breakdowns of the poor ("do", "vì", "nguyên nhân", "thiếu" between the group word and the percentage)
  and shares of the group ("chiếm 90% tổng số hộ nghèo") are skipped.
- Coverage statements are skipped: "được", "đạt", "tham gia", "tiếp cận", "thụ hưởng" or "có" + a
  non-number between the group word and the percentage ("tỷ lệ hộ nghèo được vay vốn đạt 95%"), and any
  percentage of 100 or more, per year ("1,5%/năm"), in a range ("1-1,5%") or an average ("bình quân").
- Kind: the keyword nearest before the percentage: "từ", "đầu năm", "hiện tại/nay/có", "tổng số hộ
  (cận) nghèo" -> start; "giảm" (not "giảm nghèo"), "thoát" -> exits; "còn", "xuống", "cuối năm" -> end;
  "tăng", "phát sinh", "tái nghèo" -> unknown (skipped). A keyword right after "so với" is ignored.
  "cuối năm" is end only in a target ("phấn đấu", "dự kiến", "mục tiêu", "chỉ tiêu", "kế hoạch", "đến
  cuối năm") not about a review ("rà soát"); elsewhere it is unknown, since "cuối năm 2023" in a
  situation or a review result is the start of the next plan's year. When the text since the previous percentage has no keyword, the
  previous (accepted) percentage's kind is inherited; with no keyword at all the kind is start.
- Subject (docs/sentences.md): the mentions since the previous percentage, else in
  the sentence before it. A village of the plan named with a kind word ("Thôn Nà Súng", "tiểu khu 3",
  "TK Tương Lạc") makes the figure that village's (checked against its row); named without one ("Nà
  Súng"), or followed by the whole unit or "thôn" in general, it is that village's but not certain. A
  part the app holds no figures for is skipped: another village ("Thôn Khau Mạ", "tiểu khu 12"), several
  villages together, "khu vực thành thị / nông thôn", "DTTS", "dân tộc", "đồng bào", "vùng", "bảo trợ xã
  hội", "người có công", "khuyết tật", another unit of the plan's level ("xã Tri Lễ"), a commune in a
  district's plan. "Các thôn" without a name, or the whole unit named after such a part, is the unit's
  but not certain. A figure whose subject is not certain is at most a warning (plans.checks).

Time: every rule reads at most LOOKBACK characters before a percentage, and the words the rules look
for are found once per sentence, so reading a text takes time linear in its length however long its
sentences are (an 18 kB sentence used to take 25 s). Readings are cached per text and plan context.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from plans.checks import TextPercentage

SNIPPET_LENGTH = 80

_FLAGS = re.IGNORECASE

# A percentage: "2,62%", "0,7 %", "0.44%", "100%". No thousand separators occur in percentages.
_PERCENT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)[ \t\u00a0]*%")

# Sentence ends: "." unless between two digits.
_SENTENCE_END = re.compile(r"(?<!\d)\.|\.(?!\d)")

# A line that starts with a list marker "a)", "đ)" starts a new sentence even though it is lowercase.
_LIST_MARKER = re.compile(r"[a-zđ]\)", _FLAGS)
# A line opening with a percentage continues the previous line when that line ends with one of these.
_LEADS_TO_PERCENT = re.compile(
    r"(?:(?<!\w)(?:chiếm|tương\s+đương|bằng|là|t[ỷỉ]\s+lệ|còn|xuống|từ|khoảng)|[(=,])$", _FLAGS
)

_RATE_WORD = re.compile(r"(?<!\w)t[ỷỉ]\s+lệ(?!\w)", _FLAGS)
# A count of households leading to the percentage: "31 hộ nghèo/1.182 hộ chiếm", "08 hộ nghèo (".
# (Read in two linear steps: the intro word ending the window, then a count before it; one pattern with
# ".*?" and an end anchor was quadratic.)
_INTRO_END = re.compile(r"(?:(?<!\w)(?:chiếm|tương\s+đương|bằng)|[(=])\s*\Z", _FLAGS)
_HOUSEHOLD_COUNT = re.compile(r"\d[\d.]{0,12}\s*hộ(?!\w)", _FLAGS)
# The text between two percentages of one statement: "giảm từ 1,64% xuống còn 1,49%".
_CONTINUATION = re.compile(r"[\s,;]*(?:(?:xuống|còn|đến|tới|lên|mức|là|và)(?!\w)[\s,;]*)+", _FLAGS)

_NGHEO = re.compile(r"(?<!\w)nghèo(?!\w)", _FLAGS)
# What must precede "nghèo" for it to name households: "hộ", "thoát", optionally with "cận".
_NGHEO_HEAD = re.compile(r"(?<!\w)(?:hộ|thoát)\s+(?P<near>cận\s*[-–]?\s*)?$", _FLAGS)
# Coverage wording between the group word and the percentage.
_COVERAGE = re.compile(r"(?<!\w)(?:được|đạt|tham\s+gia|tiếp\s+cận|thụ\s+hưởng|có(?!\w)(?!\s*\d))(?!\w)", _FLAGS)
_AVERAGE = re.compile(r"(?<!\w)bình\s+quân(?!\w)", _FLAGS)
_RANGE_BEFORE = re.compile(r"[\d%]\s*[-–]\s*$")
_AFTER_SKIP = re.compile(r"\s*(?:[-–]\s*\d|/\s*(?:năm|tháng))", _FLAGS)
# A breakdown of the poor by cause or lack between the group word and the percentage ("hộ nghèo do thiếu
# vốn: 15 hộ, chiếm 48,39%"), and a share of the group rather than of all households ("chiếm 90,32% tổng
# số hộ nghèo"): not a poverty rate.
_BREAKDOWN = re.compile(r"(?<!\w)(?:do|vì|nguyên\s+nhân|thiếu)(?!\w)", _FLAGS)
_SHARE_OF_GROUP = re.compile(r"\s*(?:của\s+|trên\s+|so\s+với\s+)?(?:tổng\s+)?số\s+hộ\s+(?:cận\s+)?nghèo(?!\w)", _FLAGS)

START, EXITS, END, UNKNOWN = "start", "exits", "end", "unknown"

_KEYWORDS = (
    (
        START,
        re.compile(r"(?<!\w)(?:từ|đầu\s+năm|hiện\s+(?:tại|nay|có)|tổng\s+số\s+hộ\s+(?:cận\s+)?nghèo)(?!\w)", _FLAGS),
    ),
    (EXITS, re.compile(r"(?<!\w)(?:giảm(?!\s+nghèo(?!\w))|thoát)(?!\w)", _FLAGS)),
    (END, re.compile(r"(?<!\w)(?:còn(?!\s+(?:cao|nhiều|trông)(?!\w))|xuống(?!\s+cấp(?!\w))|cuối\s+năm)(?!\w)", _FLAGS)),
    (UNKNOWN, re.compile(r"(?<!\w)(?:tăng(?!\s+cường(?!\w))|phát\s+sinh|tái(?=\s+(?:cận\s+)?nghèo))(?!\w)", _FLAGS)),
)
# Unit words; which are "own" depends on the plan's level (a commune's, or a district's).
_UNITS = r"thị\s+trấn|thị\s+xã|đặc\s+khu|thành\s+phố|cả\s+nước|toàn\s+quốc|xã|phường|huyện|quận|tỉnh"
_UNIT = re.compile(rf"(?<!\w)(?:{_UNITS})(?!\w)", _FLAGS)
_WHOLE_UNIT = re.compile(rf"(?<!\w)toàn\s+(?P<unit>{_UNITS})(?!\w)", _FLAGS)
_COMMUNE_UNITS = {"xã", "phường", "thị trấn", "đặc khu"}
_DISTRICT_UNITS = {"huyện", "quận", "thị xã", "thành phố"}
# Time markers: a year, or a period other than the plan's year.
_TIME = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)|(?<!\w)(?:năm\s+(?:trước|qua|ngoái)|giai\s+đoạn)(?!\w)", _FLAGS
)
_COMPARED_WITH = re.compile(r"(?<!\w)so\s+với\s*$", _FLAGS)
_YEAR_END = re.compile(r"cuối\s+năm", _FLAGS)
_REVIEW = re.compile(r"(?<!\w)rà\s+soát(?!\w)", _FLAGS)
# Wording of a target, in which "cuối năm" is the end of the plan's year.
_TARGET = re.compile(r"(?<!\w)(?:phấn\s+đấu|dự\s+kiến|mục\s+tiêu|chỉ\s+tiêu|kế\s+hoạch|đến\s+cuối\s+năm)(?!\w)", _FLAGS)

_FIELDS = {
    (False, START): "poor_start",
    (False, EXITS): "exits_poor",
    (False, END): "poor_end",
    (True, START): "near_poor_start",
    (True, EXITS): "exits_near_poor",
    (True, END): "near_poor_end",
}


# ---------------------------------------------------------------- what a sentence is about

# How far before a percentage the reader looks, in characters. Every rule reads at most this much, so the
# scan takes time linear in the text's length however long its sentences are; the seeds state a figure in
# well under 200 characters.
LOOKBACK = 300

# Kind words of a part of the commune, as texts name them ("Thôn Nà Súng", "tiểu khu 3", "Phố Điềm He").
_VILLAGE_KINDS = (
    r"tổ\s+dân\s+phố|tiểu\s+khu|khu\s+phố|khu\s+dân\s+cư|(?<!nông\s)thôn|(?<!văn\s)(?<!cơ\s)(?<!căn\s)bản|buôn|ấp|khóm|xóm|làng"
    r"|(?<!thành\s)(?<!đường\s)phố|khu(?!\s+vực)|tk"
)
_VILLAGE_KIND = re.compile(rf"(?<!\w)(?:{_VILLAGE_KINDS})(?!\w)", _FLAGS)
_NEXT_WORD = re.compile(r"\s+(?:số\s+)?(\w)")
# Kind words that, not followed by a name, speak of villages without saying which ("các thôn").
_GENERIC_KINDS = {"thôn", "tiểu khu", "tổ dân phố", "khu phố", "khu dân cư", "xóm"}
# Parts of the population or territory whose figures the app does not hold.
_OTHER_PART = re.compile(
    r"(?<!\w)(?:khu\s+vực|thành\s+thị|nông\s+thôn(?!\s+mới)|dtts|dân\s+tộc|đồng\s+bào|vùng"
    r"|bảo\s+trợ\s+xã\s+hội|người\s+có\s+công|khuyết\s+tật)(?!\w)",
    _FLAGS,
)
_COMMUNE_WORDS = re.compile(r"(?<!\w)(?:(?<!thị\s)xã(?!\s+hội)|phường|thị\s+trấn|đặc\s+khu)(?!\w)", _FLAGS)
_DISTRICT_WORDS = re.compile(r"(?<!\w)(?:huyện|quận|thị\s+xã|thành\s+phố)(?!\w)", _FLAGS)
_UNIT_JUST_BEFORE = re.compile(rf"(?<!\w)(?:{_UNITS})\s*\Z", _FLAGS)

# Markers of what a statement is about, in the text before its percentage.
_HELD, _HELD_BARE, _WHOLE, _GENERIC, _OTHER = "held", "held-bare", "whole", "generic", "other"


def _norm(words: str) -> str:
    return re.sub(r"\s+", " ", words).strip().casefold()


@dataclass(frozen=True)
class _Villages:
    """The plan's villages as the scanner finds them in text: with a kind word ("thôn Nà Súng"), or by a
    name alone ("Nà Súng", written as in the list)."""

    keys: dict[str, str | int]
    named: re.Pattern[str] | None
    bare: re.Pattern[str] | None


@lru_cache(maxsize=64)
def _villages_matcher(villages: tuple[tuple[str | int, str], ...]) -> _Villages:
    keys: dict[str, str | int] = {}
    bare: list[str] = []
    for key, label in villages:
        label = unicodedata.normalize("NFC", label).strip()
        kind = _VILLAGE_KIND.match(label)
        name = label[kind.end() :].strip() if kind else label
        if not name:
            continue
        keys[_norm(name)] = key
        if not name.isdigit():
            bare.append(name)

    def alternatives(names: list[str]) -> str:
        ordered = sorted(names, key=len, reverse=True)
        return "|".join(r"\s+".join(re.escape(word) for word in name.split()) for name in ordered)

    if not keys:
        return _Villages(keys, None, None)
    named = re.compile(rf"(?<!\w)(?:{_VILLAGE_KINDS})\s+(?P<name>{alternatives(list(keys))})(?!\w)", _FLAGS)
    bare_pattern = re.compile(rf"(?<!\w)(?P<name>{alternatives(bare)})(?!\w)") if bare else None
    return _Villages(keys, named, bare_pattern)


def _markers(sentence: str, scope: _Scope, villages: _Villages) -> list[tuple[int, str, str | int | None]]:
    """(position, marker, village key) of every mention of a subject in the sentence, in reading order."""
    markers: list[tuple[int, str, str | int | None]] = []
    named = list(villages.named.finditer(sentence)) if villages.named is not None else []
    markers += [(m.start(), _HELD, villages.keys[_norm(m.group("name"))]) for m in named]
    spans = _Spans([m.span() for m in named])
    bare = []
    for match in villages.bare.finditer(sentence) if villages.bare is not None else ():
        if spans.cover(match.start()) or _UNIT_JUST_BEFORE.search(sentence, max(0, match.start() - 16), match.start()):
            continue
        markers.append((match.start(), _HELD_BARE, villages.keys[_norm(match.group("name"))]))
        bare.append(match.span())
    spans = _Spans(sorted([m.span() for m in named] + bare))
    for match in _VILLAGE_KIND.finditer(sentence):
        if spans.cover(match.start()):
            continue
        following = _NEXT_WORD.match(sentence, match.end())
        if following is not None and (following.group(1).isdigit() or following.group(1).isupper()):
            markers.append((match.start(), _OTHER, None))  # a village the plan does not hold
        elif _norm(match.group()) in _GENERIC_KINDS:
            markers.append((match.start(), _GENERIC, None))
    markers.extend((match.start(), _OTHER, None) for match in _OTHER_PART.finditer(sentence))
    if scope.district is not None:
        own = _DISTRICT_WORDS if scope.district else _COMMUNE_WORDS
        for match in own.finditer(sentence):
            markers.append((match.start(), scope.named_unit(sentence, match.end()), None))
        if scope.district:  # a commune's statement in a district's plan
            markers.extend((match.start(), _OTHER, None) for match in _COMMUNE_WORDS.finditer(sentence))
    markers.sort(key=lambda marker: marker[0])
    return markers


class _Spans:
    """Sorted, non-overlapping (start, end) spans: whether a position lies in one, in log time."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.starts = [start for start, _end in spans]
        self.ends = [end for _start, end in spans]

    def cover(self, position: int) -> bool:
        index = bisect_right(self.starts, position) - 1
        return index >= 0 and position < self.ends[index]


_SKIP = object()


def _subject(markers: list[tuple[int, str, str | int | None]], window_start: int):
    """(village key or None for the whole unit, certain?) of a statement, or _SKIP when it is about a part
    the app holds no figures for. `markers` are the mentions before the percentage; those since the
    previous percentage (`window_start`) count, else all of them."""
    chosen = [marker for marker in markers if marker[0] >= window_start] or markers
    kinds = [marker[1] for marker in chosen]
    if _OTHER in kinds:
        # "trong đó hộ DTTS ... chiếm 80%": about that part. Only a mention of the whole unit after it may
        # make the statement the unit's again, and then not certainly.
        last_other = max(index for index, kind in enumerate(kinds) if kind == _OTHER)
        if _WHOLE in kinds[last_other + 1 :] and not any(k in (_HELD, _HELD_BARE) for k in kinds[last_other:]):
            return None, False
        return _SKIP
    held = {key for _, kind, key in chosen if kind in (_HELD, _HELD_BARE)}
    if len(held) > 1:
        return _SKIP  # several villages together: their sum is not a row
    if held:
        last = max(index for index, kind in enumerate(kinds) if kind in (_HELD, _HELD_BARE))
        certain = kinds[last] == _HELD and not ({_WHOLE, _GENERIC} & set(kinds[last + 1 :]))
        return held.pop(), certain
    return None, _GENERIC not in kinds


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Found:
    """A classified percentage of the sentence being read."""

    kind: str


@dataclass(frozen=True)
class _Scope:
    """What the plan is about: its year and whether it is a district's (None: unknown, not checked)."""

    year: int | None = None
    district: bool | None = None
    unit: str | None = None  # the plan's unit's name ("Điềm He"), to tell it from other units of its level

    def named_unit(self, sentence: str, end: int) -> str:
        """_WHOLE for a unit word of the plan's level ending at `end`, unless a name follows that is not
        the plan's unit's ("xã Tri Lễ" in Điềm He's plan): then _OTHER."""
        following = _NEXT_WORD.match(sentence, end)
        if self.unit is None or following is None or not following.group(1).isupper():
            return _WHOLE
        name = _norm(unicodedata.normalize("NFC", self.unit))  # sentences are NFC, whitespace collapsed
        start, end = following.start(1), following.start(1) + len(name)
        same = sentence[start:end].casefold() == name and not sentence[end : end + 1].isalnum()
        return _WHOLE if same else _OTHER

    def foreign(self, index: _Index, low: int, high: int, group_end: int) -> bool:
        """Whether the text before a percentage (`low`..`high` of the sentence) says it is about another
        unit level or another time; `group_end` is where its group word ("nghèo") ends."""
        return self._other_unit(index, low, high, group_end) or self._other_time(index, low, high)

    def _other_unit(self, index: _Index, low: int, high: int, group_end: int) -> bool:
        # The unit the rate is of: one named between the group word and the percentage ("tỷ lệ hộ nghèo
        # của huyện Văn Quan là 8,5%"), or "toàn <unit>" anywhere before it. A unit merely mentioned
        # before the figure ("định hướng của huyện giảm 08 hộ nghèo (0,67%)", seed 000) says nothing.
        if self.district is None:
            return False
        own = _DISTRICT_UNITS if self.district else _COMMUNE_UNITS
        named = [m.group() for m in _between(index.units, group_end, high)]
        named += [m.group("unit") for m in _between(index.whole_units, low, high)]
        return any(re.sub(r"\s+", " ", unit.lower()) not in own for unit in named)

    def _other_time(self, index: _Index, low: int, high: int) -> bool:
        times = _between(index.times, low, high)
        if not times:
            return False
        last = times[-1]
        if last.group("year") is None:
            return True
        return self.year is not None and int(last.group("year")) not in (self.year, self.year - 1)


class _Index:
    """Where each word the rules look for occurs in a sentence, found once per sentence (not once per
    percentage: a long sentence with many percentages stays linear)."""

    def __init__(self, sentence: str, scope: _Scope, villages: _Villages):
        self.ngheo = _Matches(_NGHEO, sentence)
        self.units = _Matches(_UNIT, sentence)
        self.whole_units = _Matches(_WHOLE_UNIT, sentence)
        self.times = _Matches(_TIME, sentence)
        keywords = [(m, kind) for kind, pattern in _KEYWORDS for m in pattern.finditer(sentence)]
        keywords.sort(key=lambda pair: pair[0].start())
        self.keywords = keywords
        self.keyword_starts = [m.start() for m, _kind in keywords]
        self.markers = _markers(sentence, scope, villages)
        self.marker_starts = [marker[0] for marker in self.markers]


def _between(matches: _Matches, low: int, high: int) -> list[re.Match[str]]:
    """The matches (in order of position) lying within low..high."""
    first = bisect_left(matches.starts, low)
    last = bisect_left(matches.starts, high, lo=first)
    return [m for m in matches.found[first:last] if m.end() <= high]


class _Matches:
    """A pattern's matches in a sentence, with their start positions for bisection."""

    def __init__(self, pattern: re.Pattern[str], sentence: str):
        self.found = list(pattern.finditer(sentence))
        self.starts = [m.start() for m in self.found]


@dataclass(frozen=True)
class _Reading:
    """A percentage read from a text, independent of the section it is in (what the cache keeps)."""

    snippet: str
    printed: Decimal
    claims: tuple[str, str]
    subject: str | int | None
    certain: bool


def find_percentages(
    section: str,
    text: str | None,
    *,
    year: int | None = None,
    district: bool | None = None,
    villages: Iterable[tuple[str | int, str]] = (),
    unit: str | None = None,
) -> list[TextPercentage]:
    """The poverty percentages of `text` that can be classified with confidence, in reading order.

    Each claims (start, exits or end figure of the poor or near-poor, "households"); see the module
    docstring for the rules. `year` is the plan's year and `district` its level, to skip statements
    about other years and units; `villages` are the plan's (row key, label) pairs ("Thôn Nà Súng"), so that
    a statement about one of them is checked against its row; `unit` is the name of the plan's unit
    ("Điềm He"), so that a statement about another unit of its level ("xã Tri Lễ") is skipped. Empty or
    None text gives [].

    Readings are cached per (text, year, level, villages, unit): viewing a plan does not read its texts
    again.
    """
    if not text:
        return []
    known = tuple(sorted(((key, str(label)) for key, label in villages), key=lambda pair: str(pair[0])))
    return [
        TextPercentage(
            section=section,
            snippet=reading.snippet,
            printed=reading.printed,
            claims=reading.claims,
            subject=reading.subject,
            certain=reading.certain,
        )
        for reading in _read(text, year, district, known, unit)
    ]


@lru_cache(maxsize=256)
def _read(
    text: str,
    year: int | None,
    district: bool | None,
    villages: tuple[tuple[str | int, str], ...],
    unit: str | None = None,
) -> tuple[_Reading, ...]:
    scope = _Scope(year, district, unit)
    matcher = _villages_matcher(villages)
    found: list[_Reading] = []
    for sentence in _sentences(text):
        found.extend(_scan_sentence(sentence, scope, matcher))
    return tuple(found)


def _sentences(text: str) -> list[str]:
    """Sentences of the text, whitespace collapsed, wrapped lines joined."""
    lines = [re.sub(r"\s+", " ", line).strip() for line in unicodedata.normalize("NFC", text).splitlines()]
    joined: list[list[str]] = []
    for line in lines:
        if not line:
            continue
        if joined and _continues(joined[-1][-1], line):
            joined[-1].append(line)
        else:
            joined.append([line])
    sentences: list[str] = []
    for parts in joined:
        line = " ".join(parts)
        sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences


def _continues(previous: str, line: str) -> bool:
    """Whether `line` is the wrapped continuation of the line `previous`."""
    if line[0].islower() and not _LIST_MARKER.match(line):
        return True
    return bool(_PERCENT.match(line)) and bool(_LEADS_TO_PERCENT.search(previous[-40:]))


def _scan_sentence(sentence: str, scope: _Scope, villages: _Villages) -> list[_Reading]:
    found: list[_Reading] = []
    previous: _Found | None = None
    window_start = 0
    index: _Index | None = None
    for match in _PERCENT.finditer(sentence):
        index = index or _Index(sentence, scope, villages)
        current = _classify(sentence, index, match, window_start, previous, scope)
        if current is not None:
            group_near, kind, subject, certain = current
            found.append(
                _Reading(
                    snippet=_snippet(sentence, match.end()),
                    printed=Decimal(match.group(1).replace(",", ".")),
                    claims=(_FIELDS[(group_near, kind)], "households"),
                    subject=subject,
                    certain=certain,
                )
            )
            previous = _Found(kind)
        else:
            previous = None
        window_start = match.end()
    return found


def _classify(
    sentence: str,
    index: _Index,
    match: re.Match[str],
    window_start: int,
    previous: _Found | None,
    scope: _Scope,
) -> tuple[bool, str, str | int | None, bool] | None:
    """(near-poor?, kind, subject, certain?) of the percentage, or None when it is not confidently a
    poverty figure of the plan's unit or of one of its villages."""
    # What is read: at most LOOKBACK characters before the percentage, from a word's start.
    high = match.start()
    low = max(0, high - LOOKBACK)
    if low:
        space = sentence.find(" ", low, high)
        low = high if space < 0 else space + 1
    window_start = max(window_start, low)
    window = sentence[window_start:high]
    printed = Decimal(match.group(1).replace(",", "."))
    if printed >= 100 or _AVERAGE.search(window):
        return None
    if (
        _RANGE_BEFORE.search(sentence, max(low, high - 8), high)
        or _AFTER_SKIP.match(sentence, match.end())
        or _SHARE_OF_GROUP.match(sentence, match.end())
    ):
        return None

    groups = _between(index.ngheo, low, high)
    if not groups:
        return None
    ngheo = groups[-1]
    head = _NGHEO_HEAD.search(sentence, max(low, ngheo.start() - 24), ngheo.start())
    if (
        head is None
        or _COVERAGE.search(sentence, ngheo.end(), high)
        or _BREAKDOWN.search(sentence, ngheo.end(), high)
        or scope.foreign(index, low, high, ngheo.end())
    ):
        return None
    near = head.group("near") is not None

    introduced = (
        _RATE_WORD.search(window) or _count_intro(window) or (previous is not None and _CONTINUATION.fullmatch(window))
    )
    if not introduced:
        return None

    keyword = _nearest_keyword(sentence, index, low, high)
    if keyword is not None and keyword[0] >= window_start:
        kind = keyword[1]
    elif previous is not None:
        kind = previous.kind
    elif keyword is not None:
        kind = keyword[1]
    else:
        kind = START
    if kind == UNKNOWN:
        return None
    first = bisect_left(index.marker_starts, low)
    last = bisect_left(index.marker_starts, high, lo=first)
    subject = _subject(index.markers[first:last], window_start)
    if subject is _SKIP:
        return None
    return near, kind, subject[0], subject[1]


def _count_intro(window: str) -> bool:
    """A count of households leading to the percentage: "31 hộ nghèo/1.182 hộ chiếm", "08 hộ nghèo ("."""
    intro = _INTRO_END.search(window)
    return intro is not None and _HOUSEHOLD_COUNT.search(window, 0, intro.start()) is not None


def _nearest_keyword(sentence: str, index: _Index, low: int, high: int) -> tuple[int, str] | None:
    """(start, kind) of the kind keyword ending nearest to `high`, among those within low..high."""
    best: tuple[int, int, str] | None = None
    targets: bool | None = None  # whether the text read is a target, computed once when needed
    first = bisect_left(index.keyword_starts, low)
    last = bisect_left(index.keyword_starts, high, lo=first)
    for keyword, kind in index.keywords[first:last]:
        if keyword.end() > high or _COMPARED_WITH.search(sentence, max(low, keyword.start() - 16), keyword.start()):
            continue
        year_end = kind == END and _YEAR_END.fullmatch(keyword.group())
        if year_end:
            if targets is None:
                targets = not _REVIEW.search(sentence, low, high) and bool(_TARGET.search(sentence, low, high))
            kind_here = kind if targets else UNKNOWN
        else:
            kind_here = kind
        if best is None or keyword.end() > best[1]:
            best = (keyword.start(), keyword.end(), kind_here)
    return None if best is None else (best[0], best[2])


def _snippet(sentence: str, end: int) -> str:
    """The sentence up to `end`, its last SNIPPET_LENGTH characters at most, cut at a word, "…" when cut."""
    # Only the end of a long sentence is read (whitespace is collapsed, so 200 characters hold the last 81).
    text = sentence[max(0, end - 200) : end].strip()
    if len(text) <= SNIPPET_LENGTH:
        return text
    tail = text[-SNIPPET_LENGTH:]
    if not text[-SNIPPET_LENGTH - 1].isspace() and " " in tail:
        tail = tail.split(" ", 1)[1]
    return "…" + tail.strip()


__all__ = ["LOOKBACK", "find_percentages"]

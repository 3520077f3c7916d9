"""Poverty percentages in the free text of a plan, and the ratio each one claims.

`find_percentages(section, text)` reads a text section (situation, general goal, a target line) and returns
one `plans.checks.TextPercentage` per percentage that states a poverty figure of the plan: the share of
poor or near-poor households at the start of the year, leaving during the year, or left at the end, over
all households. `plans.checks.check_text_percentages` then compares each with the plan's numbers.

The reader is deliberately conservative: a wrong classification would block a correct plan, a skipped
percentage only goes unchecked. So anything it cannot classify with confidence is skipped. The rules come
from the seed plans (/work/shared/seeds):

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
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

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
_COUNT_INTRO = re.compile(r"\d[\d.]*\s*hộ(?!\w).*?(?:(?<!\w)(?:chiếm|tương\s+đương|bằng)|[(=])\s*$", _FLAGS)
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


@dataclass(frozen=True)
class _Found:
    """A classified percentage of the sentence being read."""

    kind: str


@dataclass(frozen=True)
class _Scope:
    """What the plan is about: its year and whether it is a district's (None: unknown, not checked)."""

    year: int | None = None
    district: bool | None = None

    def foreign(self, before: str, group_end: int) -> bool:
        """Whether the text before a percentage says it is about another unit level or another time;
        `group_end` is where its group word ("nghèo") ends."""
        return self._other_unit(before, group_end) or self._other_time(before)

    def _other_unit(self, before: str, group_end: int) -> bool:
        # The unit the rate is of: one named between the group word and the percentage ("tỷ lệ hộ nghèo
        # của huyện Văn Quan là 8,5%"), or "toàn <unit>" anywhere before it. A unit merely mentioned
        # before the figure ("định hướng của huyện giảm 08 hộ nghèo (0,67%)", seed 000) says nothing.
        if self.district is None:
            return False
        own = _DISTRICT_UNITS if self.district else _COMMUNE_UNITS
        named = [m.group() for m in _UNIT.finditer(before[group_end:])]
        named += [m.group("unit") for m in _WHOLE_UNIT.finditer(before)]
        return any(re.sub(r"\s+", " ", unit.lower()) not in own for unit in named)

    def _other_time(self, before: str) -> bool:
        times = list(_TIME.finditer(before))
        if not times:
            return False
        last = times[-1]
        if last.group("year") is None:
            return True
        return self.year is not None and int(last.group("year")) not in (self.year, self.year - 1)


def find_percentages(
    section: str, text: str | None, *, year: int | None = None, district: bool | None = None
) -> list[TextPercentage]:
    """The poverty percentages of `text` that can be classified with confidence, in reading order.

    Each claims (start, exits or end figure of the poor or near-poor, "households"); see the module
    docstring for the rules. `year` is the plan's year and `district` its level, to skip statements
    about other years and units. Empty or None text gives [].
    """
    if not text:
        return []
    scope = _Scope(year, district)
    found: list[TextPercentage] = []
    for sentence in _sentences(text):
        found.extend(_scan_sentence(section, sentence, scope))
    return found


def _sentences(text: str) -> list[str]:
    """Sentences of the text, whitespace collapsed, wrapped lines joined."""
    lines = [re.sub(r"\s+", " ", line).strip() for line in unicodedata.normalize("NFC", text).splitlines()]
    joined: list[str] = []
    for line in lines:
        if not line:
            continue
        if joined and _continues(joined[-1], line):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    sentences: list[str] = []
    for line in joined:
        sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences


def _continues(previous: str, line: str) -> bool:
    """Whether `line` is the wrapped continuation of `previous`."""
    if line[0].islower() and not _LIST_MARKER.match(line):
        return True
    return bool(_PERCENT.match(line)) and bool(_LEADS_TO_PERCENT.search(previous))


def _scan_sentence(section: str, sentence: str, scope: _Scope) -> list[TextPercentage]:
    found: list[TextPercentage] = []
    previous: _Found | None = None
    window_start = 0
    for match in _PERCENT.finditer(sentence):
        current = _classify(sentence, match, window_start, previous, scope)
        if current is not None:
            group_near, kind = current
            found.append(
                TextPercentage(
                    section=section,
                    snippet=_snippet(sentence, match.end()),
                    printed=Decimal(match.group(1).replace(",", ".")),
                    claims=(_FIELDS[(group_near, kind)], "households"),
                )
            )
            previous = _Found(kind)
        else:
            previous = None
        window_start = match.end()
    return found


def _classify(
    sentence: str, match: re.Match[str], window_start: int, previous: _Found | None, scope: _Scope
) -> tuple[bool, str] | None:
    """(near-poor?, kind) of the percentage, or None when it is not confidently a poverty figure."""
    before = sentence[: match.start()]
    window = before[window_start:]
    printed = Decimal(match.group(1).replace(",", "."))
    if printed >= 100 or _AVERAGE.search(window):
        return None
    if _RANGE_BEFORE.search(before) or _AFTER_SKIP.match(sentence, match.end()):
        return None

    groups = list(_NGHEO.finditer(before))
    if not groups:
        return None
    ngheo = groups[-1]
    head = _NGHEO_HEAD.search(before[: ngheo.start()])
    if head is None or _COVERAGE.search(before[ngheo.end() :]) or scope.foreign(before, ngheo.end()):
        return None
    near = head.group("near") is not None

    introduced = (
        _RATE_WORD.search(window)
        or _COUNT_INTRO.search(window)
        or (previous is not None and _CONTINUATION.fullmatch(window))
    )
    if not introduced:
        return None

    keyword = _nearest_keyword(before)
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
    return near, kind


def _nearest_keyword(before: str) -> tuple[int, str] | None:
    """(start, kind) of the kind keyword ending nearest to the end of `before`."""
    best: tuple[int, int, str] | None = None
    for kind, pattern in _KEYWORDS:
        for keyword in pattern.finditer(before):
            if _COMPARED_WITH.search(before[: keyword.start()]):
                continue
            year_end = kind == END and _YEAR_END.fullmatch(keyword.group())
            if year_end and (_REVIEW.search(before) or not _TARGET.search(before)):
                kind_here = UNKNOWN
            else:
                kind_here = kind
            if best is None or keyword.end() > best[1]:
                best = (keyword.start(), keyword.end(), kind_here)
    return None if best is None else (best[0], best[2])


def _snippet(sentence: str, end: int) -> str:
    """The sentence up to `end`, its last SNIPPET_LENGTH characters at most, cut at a word, "…" when cut."""
    text = sentence[:end].strip()
    if len(text) <= SNIPPET_LENGTH:
        return text
    tail = text[-SNIPPET_LENGTH:]
    if not text[-SNIPPET_LENGTH - 1].isspace() and " " in tail:
        tail = tail.split(" ", 1)[1]
    return "…" + tail.strip()


__all__ = ["find_percentages"]

"""The text scan is linear and stays out of the write transaction; plan texts have real limits.

An 18 kB situation text took 25 s to save (60 kB: 218 s) while holding the database's write lock, and was
read again on every view of the plan; 1 MB of text was accepted.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse

from plans import outline, textscan
from plans.findings import plan_findings
from plans.limits import LINE_TEXT_LIMIT, TEXT_LIMIT
from plans.models import Plan, Target
from plans.textscan import find_percentages
from tests.support.pages import form_fields, formset_prefix, page

# Long sentences without ".", dense with percentages, counts of households and the words the rules read.
CHUNK = (
    "toàn xã có 31 hộ nghèo/1.182 hộ chiếm 2,62%, hộ cận nghèo có 61 hộ/1.182 hộ chiếm 5,16%, thôn Nà Súng có "
    "166 hộ trong đó hộ nghèo 7 hộ chiếm 4,22%, phấn đấu giảm tỷ lệ hộ nghèo từ 2,62% xuống còn 1,95%, "
    "các hộ gia đình 12 hộ được hỗ trợ, năm 2024 tỷ lệ hộ cận nghèo giảm 0,84%; "
)
WORDY = "hộ nghèo thoát nghèo tăng thu nhập cho 12 hộ ở thôn và tiểu khu, tỷ lệ chiếm tương đương bằng "
VILLAGES = [("Nà Súng", "Thôn Nà Súng"), ("Pác Làng", "Thôn Pác Làng"), ("3", "Tiểu khu 3")]
# Saving the plan's texts: lock, save, and the findings' counts (the grid, the parts), no more.
QUERIES_IN_THE_WRITE = 30  # 18 at the time of writing
# Characters handed to the patterns per character of text: each rule reads a bounded window around
# each percentage, so this is a constant, whatever the text's length.
PASSES_PER_CHARACTER = 60


def adversarial(length: int, chunk: str = CHUNK) -> str:
    return (chunk * (length // len(chunk) + 1))[:length]


def clear_cache() -> None:
    """Forget the readings (textscan caches them per text and plan context)."""
    if hasattr(textscan, "_read"):  # so that these tests also run, and fail, on the scan without a cache
        textscan._read.cache_clear()


class CountingPattern:
    """A compiled pattern that adds up the characters each call hands to the regular-expression engine.

    That count is the scan's work, whatever else the machine is doing: a scan that reads its text again
    from every position (the 25 s save) hands the engine quadratically many characters.
    """

    def __init__(self, pattern: re.Pattern, tally: list[int]):
        self._pattern = pattern
        self._tally = tally

    def __getattr__(self, name):
        return getattr(self._pattern, name)

    def _count(self, string, pos: int = 0, endpos: int | None = None, found: re.Match | None = None) -> None:
        """A search reads from `pos` to the end of its match, or to `endpos` when nothing matches."""
        end = len(string) if endpos is None else min(endpos, len(string))
        self._tally[0] += max(0, (found.end() if found else end) - pos)

    def search(self, string, pos=0, endpos=None):
        found = self._pattern.search(string, pos, len(string) if endpos is None else endpos)
        self._count(string, pos, endpos, found)
        return found

    def match(self, string, pos=0, endpos=None):
        found = self._pattern.match(string, pos, len(string) if endpos is None else endpos)
        self._tally[0] += found.end() - pos if found else 1
        return found

    def fullmatch(self, string, pos=0, endpos=None):
        found = self._pattern.fullmatch(string, pos, len(string) if endpos is None else endpos)
        self._tally[0] += found.end() - pos if found else 1
        return found

    def finditer(self, string, pos=0, endpos=None):
        self._count(string, pos, endpos)
        return self._pattern.finditer(string, pos, len(string) if endpos is None else endpos)

    def findall(self, string, pos=0, endpos=None):
        self._count(string, pos, endpos)
        return self._pattern.findall(string, pos, len(string) if endpos is None else endpos)

    def split(self, string, maxsplit=0):
        self._count(string)
        return self._pattern.split(string, maxsplit)

    def sub(self, repl, string, count=0):
        self._count(string)
        return self._pattern.sub(repl, string, count)

    def subn(self, repl, string, count=0):
        self._count(string)
        return self._pattern.subn(repl, string, count)


@pytest.fixture
def scan_work(monkeypatch):
    """A function giving the characters one uncached scan of a text hands to the module's patterns."""
    tally = [0]
    for name, value in vars(textscan).items():
        if isinstance(value, re.Pattern):
            monkeypatch.setattr(textscan, name, CountingPattern(value, tally))
    real_matcher = textscan._villages_matcher

    def counting_matcher(villages):  # the village patterns are compiled per plan: count them too
        found = real_matcher(villages)
        return type(found)(
            **{k: CountingPattern(v, tally) if isinstance(v, re.Pattern) else v for k, v in vars(found).items()}
        )

    monkeypatch.setattr(textscan, "_villages_matcher", counting_matcher)

    def work(text: str) -> int:
        clear_cache()
        tally[0] = 0
        find_percentages("situation_text", text, year=2024, district=False, villages=VILLAGES)
        return tally[0]

    return work


@pytest.mark.parametrize(
    ("chunk", "ending"),
    [
        pytest.param(CHUNK, "", id="percentages"),
        # One percentage after a long run of the words the rules look for: every rule's window is full.
        pytest.param(WORDY, " 2,62%", id="words-then-one-percentage"),
    ],
)
def test_ten_times_the_text_costs_about_ten_times_the_work(scan_work, chunk, ending):
    small = scan_work(adversarial(2_000, chunk) + ending)
    large = scan_work(adversarial(20_000, chunk) + ending)
    assert small > 2_000  # the patterns were counted
    assert large <= 11 * small


def test_an_18_kB_text_is_read_in_a_bounded_number_of_passes(scan_work):
    text = adversarial(18_000)
    assert len(find_percentages("situation_text", text, year=2024, district=False, villages=VILLAGES)) > 100
    assert scan_work(text) <= PASSES_PER_CHARACTER * len(text)


def test_the_readings_are_cached_per_text_year_level_and_villages(monkeypatch):
    calls = []
    real = textscan._scan_sentence
    monkeypatch.setattr(textscan, "_scan_sentence", lambda *args: calls.append(1) or real(*args))
    clear_cache()
    text = "Thôn Nà Súng có 166 hộ, trong đó hộ nghèo 7 hộ, chiếm 4,22%."
    first = find_percentages("situation_text", text, year=2024, district=False, villages=VILLAGES)
    again = find_percentages("general_goal", text, year=2024, district=False, villages=list(reversed(VILLAGES)))
    assert len(calls) == 1
    assert [(f.section, f.subject) for f in first + again] == [
        ("situation_text", "Nà Súng"),
        ("general_goal", "Nà Súng"),
    ]
    find_percentages("situation_text", text, year=2025, district=False, villages=VILLAGES)
    find_percentages("situation_text", text, year=2024, district=False, villages=VILLAGES[1:])
    assert len(calls) == 3


# ---------------------------------------------------------------- through the application


def _edit_url(plan: Plan) -> str:
    return reverse("plan_outline_node", args=[plan.pk, "situation"])


def _edit_body(client, plan: Plan) -> dict[str, str]:
    return form_fields(client.get(_edit_url(plan)), "outline-node-form")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the reference data
def test_an_18_kB_situation_text_is_scanned_before_the_write_and_not_again_when_viewed(plans, official, monkeypatch):
    plan = plans.diem_he
    text = "\n".join(adversarial(18_000)[i : i + 90] for i in range(0, 18_000, 90))
    in_transaction = []
    real = textscan._scan_sentence

    def recording(*args):
        in_transaction.append(connection.in_atomic_block)
        return real(*args)

    monkeypatch.setattr(textscan, "_scan_sentence", recording)
    clear_cache()
    body = _edit_body(official, plan) | {"text": text}
    queries = []

    def counting(execute, sql, params, many, context):
        queries.append(connection.in_atomic_block)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        response = official.post(_edit_url(plan), body)
    assert response.status_code == 302, page(response)
    saved = Plan.objects.get(pk=plan.pk)
    assert saved.outline.get(key="situation").text == text.strip()
    assert saved.version == plan.version + 1
    assert in_transaction and not any(in_transaction)  # every sentence read outside the transaction
    assert sum(queries) <= QUERIES_IN_THE_WRITE

    scanned = len(in_transaction)
    assert official.get(reverse("plan", args=[plan.pk])).status_code == 200
    assert official.get(reverse("plan", args=[plan.pk])).status_code == 200
    assert len(in_transaction) == scanned  # viewing reads the cached readings


def test_a_sentence_about_a_village_is_checked_against_its_row_not_the_commune(plans, world):
    plan = plans.diem_he  # Thống Nhất: 82 households, 4 poor; the commune: 84 and 5 (5,95%)
    official = world.users.official_diem_he
    right = "Thôn Thống Nhất có 82 hộ, trong đó hộ nghèo 4 hộ, chiếm 4,88%."
    plan = outline.save_node(by=official, plan=plan, version=plan.version, key="situation", data={"text": right}).plan
    assert [f for f in plan_findings(plan) if f.code == "text_percentage_mismatch"] == []

    wrong = right.replace("4,88%", "5,95%")  # the commune's rate, not the village's
    plan = outline.save_node(by=official, plan=plan, version=plan.version, key="situation", data={"text": wrong}).plan
    [finding] = [f for f in plan_findings(plan) if f.code == "text_percentage_mismatch"]
    assert (finding.severity, finding.anchor) == ("error", "text:situation")
    assert "Thôn Thống Nhất" in finding.message and "4/82" in finding.message


# ---------------------------------------------------------------- limits


def test_a_situation_text_over_the_limit_is_refused_with_its_limit_and_kept(plans, official):
    plan = plans.diem_he
    url = _edit_url(plan)
    form_page = official.get(url)
    assert 'maxlength="20000"' not in form_page.content.decode()  # a browser would cut a pasted text silently
    too_long = "Nguyên nhân nghèo: thiếu đất sản xuất. " * 600
    assert len(too_long) > TEXT_LIMIT
    before = plan.outline.get(key="situation").text
    response = official.post(url, form_fields(form_page, "outline-node-form") | {"text": too_long})
    assert response.status_code == 200
    content = page(response)
    length = f"{len(too_long.strip()):,}".replace(",", ".")  # the form strips the last space
    assert f"Văn bản này dài {length} ký tự, quá giới hạn 20.000 ký tự" in content
    assert too_long.strip() in content  # what was typed is still in the form
    assert plan.outline.get(key="situation").text == before
    assert Plan.objects.get(pk=plan.pk).version == plan.version

    at_limit = too_long[:TEXT_LIMIT]
    response = official.post(url, form_fields(official.get(url), "outline-node-form") | {"text": at_limit})
    assert response.status_code == 302
    assert plan.outline.get(key="situation").text == at_limit.strip()


def test_the_service_refuses_a_text_over_the_limit(plans, world):
    plan = plans.diem_he
    with pytest.raises(Exception) as refused:
        outline.save_node(
            by=world.users.official_diem_he, plan=plan, version=plan.version, key="goals", data={"text": "x" * 20_001}
        )
    assert "quá giới hạn 20.000 ký tự" in str(refused.value)
    assert Plan.objects.get(pk=plan.pk).version == plan.version


def test_a_target_line_over_its_limit_is_refused_in_the_part_form(plans, official):
    plan = plans.diem_he
    url = reverse("plan_part", args=[plan.pk, "chi-tieu"])
    body = form_fields(official.get(url), "part-form")
    prefix = formset_prefix(body)
    new = int(body[f"{prefix}-INITIAL_FORMS"])
    before = Target.objects.filter(plan=plan).count()
    body |= {f"{prefix}-{new}-order": "9", f"{prefix}-{new}-text": "y" * (LINE_TEXT_LIMIT + 1)}
    response = official.post(url, body)
    assert response.status_code == 200
    assert "Văn bản này dài 5.001 ký tự, quá giới hạn 5.000 ký tự" in page(response)
    assert Target.objects.filter(plan=plan).count() == before
    assert Plan.objects.get(pk=plan.pk).version == plan.version

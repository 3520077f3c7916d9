"""The one function that assesses a household (households/assessment.py), on plain data.

No test here touches the database (no `db` fixture: pytest-django refuses any query), which is the
promise made to the importer and the benchmark: the standard is loaded once, `assess` runs per row.
The standards below are unsaved PovertyStandard objects with the figures of the shipped data.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from households.assessment import CATEGORY_FLAGS, Answers, Assessed, assess
from households.models import Area, Assessment, Indicator, PovertyStandard, Status

POOR, NEAR, MIDDLE, NOT_POOR = Status.POOR, Status.NEAR_POOR, Status.MIDDLE, Status.NOT_POOR

STANDARD_2022 = PovertyStandard(
    pk=1,
    name="Chuẩn nghèo đa chiều giai đoạn 2022-2025",
    first_year=2022,
    last_year=2026,
    rural_poverty_line=1_500_000,
    urban_poverty_line=2_000_000,
    rural_middle_line=2_250_000,
    urban_middle_line=3_000_000,
    min_deprivations_poor=3,
)
STANDARD_2027 = PovertyStandard(
    pk=2,
    name="Chuẩn nghèo đa chiều giai đoạn 2026-2030",
    first_year=2027,
    last_year=2030,
    rural_poverty_line=2_200_000,
    urban_poverty_line=2_800_000,
    rural_middle_line=3_300_000,
    urban_middle_line=4_200_000,
    min_deprivations_poor=3,
)
INDICATORS_2022 = [Indicator(pk=n, standard_id=1, number=n, name=f"Chỉ số {n}") for n in range(1, 13)]
INDICATORS_2027 = [Indicator(pk=100 + n, standard_id=2, number=n, name=f"Chỉ số {n}") for n in range(1, 14)]

NO_INCOME = "Chưa có thu nhập bình quân: chưa phân loại được hộ (thu nhập chưa rõ không phải là 0)."
NO_REASON = "Cần ghi lý do khi ghi nhận phân loại khác với chuẩn."


def answers(*, income, deprivations=0, area=Area.RURAL, year=2024, **extra) -> Answers:
    indicators = INDICATORS_2027 if year >= 2027 else INDICATORS_2022
    return Answers(year=year, area=area, income_per_capita=income, deprivations=indicators[:deprivations], **extra)


def standard_of(year: int) -> PovertyStandard:
    return STANDARD_2027 if year >= 2027 else STANDARD_2022


def status_of(**kwargs) -> str:
    a = answers(**kwargs)
    return assess(a, standard_of(a.year)).status


# ---------------------------------------------------------------- the lines, at their edges


@pytest.mark.parametrize(
    ("income", "deprivations", "expected"),
    [
        (1_500_000, 3, POOR),  # at the line with three deprivations
        (1_500_000, 2, NEAR),  # at the line with one too few
        (1_499_999, 12, POOR),
        (1_500_001, 12, MIDDLE),  # one đồng above the line: deprivations no longer matter
        (2_250_000, 12, MIDDLE),  # at the middle line
        (2_250_001, 0, NOT_POOR),
        (0, 0, NEAR),  # an income of 0 is known: near-poor without deprivations
        (0, 3, POOR),
    ],
)
def test_a_rural_household_is_classified_by_the_rural_lines_at_their_edges(income, deprivations, expected):
    assert status_of(income=income, deprivations=deprivations, area=Area.RURAL) == expected


@pytest.mark.parametrize(
    ("income", "deprivations", "expected"),
    [
        (2_000_000, 3, POOR),
        (2_000_000, 2, NEAR),
        (1_500_001, 3, POOR),  # above the rural line, still under the urban one
        (2_000_001, 12, MIDDLE),
        (3_000_000, 0, MIDDLE),
        (3_000_001, 12, NOT_POOR),
    ],
)
def test_an_urban_household_is_classified_by_the_urban_lines_at_their_edges(income, deprivations, expected):
    assert status_of(income=income, deprivations=deprivations, area=Area.URBAN) == expected


@pytest.mark.parametrize(
    ("area", "income", "deprivations", "expected"),
    [
        (Area.RURAL, 2_200_000, 3, POOR),
        (Area.RURAL, 2_200_001, 3, MIDDLE),
        (Area.RURAL, 3_300_001, 0, NOT_POOR),
        (Area.URBAN, 2_800_000, 2, NEAR),
        (Area.URBAN, 2_800_001, 3, MIDDLE),
        (Area.URBAN, 4_200_001, 0, NOT_POOR),
    ],
)
def test_a_household_in_2027_is_classified_by_the_2026_2030_lines(area, income, deprivations, expected):
    assert status_of(year=2027, income=income, deprivations=deprivations, area=area) == expected


def test_the_same_answers_are_poor_in_town_and_middle_in_the_countryside():
    assert status_of(income=1_800_000, deprivations=3, area=Area.URBAN) == POOR
    assert status_of(income=1_800_000, deprivations=3, area=Area.RURAL) == MIDDLE


def test_the_number_of_deprivations_that_makes_a_household_poor_is_the_standards_data():
    strict = PovertyStandard(
        pk=1, first_year=2022, last_year=2026, rural_poverty_line=1_500_000, urban_poverty_line=2_000_000,
        rural_middle_line=2_250_000, urban_middle_line=3_000_000, min_deprivations_poor=4,
    )  # fmt: skip
    assert assess(answers(income=1_000_000, deprivations=3), strict).status == NEAR
    assert assess(answers(income=1_000_000, deprivations=4), strict).status == POOR


# ---------------------------------------------------------------- unknown is not zero, refusals


def test_an_unknown_income_is_refused_not_read_as_zero():
    with pytest.raises(ValidationError) as caught:
        assess(answers(income=None, deprivations=12), STANDARD_2022)
    assert caught.value.message_dict == {"income_per_capita": [NO_INCOME]}


def test_an_answer_without_income_from_a_form_or_a_row_is_refused_too():
    a = Answers.from_mapping({"deprivations": INDICATORS_2022[:5]}, year=2024, area=Area.RURAL, ethnic_minority=True)
    assert a.income_per_capita is None
    with pytest.raises(ValidationError) as caught:
        assess(a, STANDARD_2022)
    assert caught.value.message_dict == {"income_per_capita": [NO_INCOME]}


def test_a_negative_income_is_refused():
    with pytest.raises(ValidationError) as caught:
        assess(answers(income=-1), STANDARD_2022)
    assert caught.value.message_dict == {"income_per_capita": ["Thu nhập bình quân không thể âm."]}


def test_an_area_that_is_neither_rural_nor_urban_is_refused():
    with pytest.raises(ValidationError) as caught:
        assess(answers(income=1_000_000, area=""), STANDARD_2022)
    assert caught.value.message_dict == {"area": ["Khu vực áp dụng chuẩn phải là nông thôn hoặc thành thị."]}


def test_an_indicator_of_another_standard_is_refused_with_the_year():
    a = Answers(year=2024, area=Area.RURAL, income_per_capita=1_000_000, deprivations=INDICATORS_2027[:3])
    with pytest.raises(ValidationError) as caught:
        assess(a, STANDARD_2022)
    assert caught.value.message_dict == {NON_FIELD_ERRORS: ["Chỉ số thiếu hụt không thuộc chuẩn nghèo của năm 2024."]}


def test_every_problem_of_a_row_is_reported_at_once():
    a = answers(income=None, area="", override_status=NEAR, override_reason="  ")
    with pytest.raises(ValidationError) as caught:
        assess(a, STANDARD_2022)
    assert set(caught.value.message_dict) == {"income_per_capita", "area", "override_reason"}


def test_a_standard_of_another_period_is_a_programming_error():
    with pytest.raises(ValueError, match="does not apply to 2027"):
        assess(answers(income=1_000_000, year=2027), STANDARD_2022)


# ---------------------------------------------------------------- deprivations, overrides, categories


def test_an_indicator_given_twice_is_one_deprivation():
    one, two = INDICATORS_2022[:2]
    a = Answers(year=2024, area=Area.RURAL, income_per_capita=1_500_000, deprivations=(one, one, two, one))
    result = assess(a, STANDARD_2022)
    assert (result.deprivations, result.deprivation_count, result.status) == ((one, two), 2, NEAR)


def test_an_override_counts_and_the_computed_status_stays():
    result = assess(
        answers(income=1_200_000, deprivations=3, override_status=NEAR, override_reason="  Có con đi làm xa.  "),
        STANDARD_2022,
    )
    assert (result.computed_status, result.override_status, result.status) == (POOR, NEAR, NEAR)
    assert result.override_reason == "Có con đi làm xa."
    assert result.is_overridden


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_override_without_a_reason_is_refused(reason):
    with pytest.raises(ValidationError) as caught:
        assess(answers(income=1_200_000, override_status=NOT_POOR, override_reason=reason), STANDARD_2022)
    assert caught.value.message_dict == {"override_reason": [NO_REASON]}


def test_an_override_with_an_unknown_status_is_refused():
    with pytest.raises(ValidationError) as caught:
        assess(answers(income=1_200_000, override_status="rich", override_reason="x"), STANDARD_2022)
    assert caught.value.message_dict == {"override_status": ["Phân loại ghi nhận không hợp lệ."]}


def test_a_reason_without_an_override_is_not_kept():
    result = assess(answers(income=1_200_000, override_reason="nothing to say"), STANDARD_2022)
    assert (result.override_status, result.override_reason, result.status) == ("", "", NEAR)


def test_the_row_carries_every_stored_field_of_an_assessment():
    result = assess(answers(income=900_000, deprivations=4, ethnic_minority=True, female_head=True), STANDARD_2022)
    stored = {
        f.name
        for f in Assessment._meta.concrete_fields
        # carried_forward is the review's mark (households/review.py), not part of a classification
        if f.name not in {"id", "household", "year", "village", "version", "updated_at", "carried_forward"}
    }
    assert set(result.row_fields()) == stored
    record = Assessment()
    result.apply_to(record)
    assert (record.standard, record.income_per_capita, record.deprivation_count) == (STANDARD_2022, 900_000, 4)
    assert (record.computed_status, record.status, record.override_status) == (POOR, POOR, "")
    assert (record.ethnic_minority, record.female_head, record.is_merit) == (True, True, False)


def test_answers_from_a_form_read_the_flags_causes_and_override():
    cleaned = {
        "income_per_capita": 1_400_000,
        "deprivations": INDICATORS_2022[:1],
        "causes": ["thiếu vốn"],
        "is_merit": True,
        "no_labour_capacity": 1,
        "override_status": "",
        "override_reason": None,
    }
    a = Answers.from_mapping(cleaned, year=2024, area=Area.URBAN, ethnic_minority=False)
    assert (a.income_per_capita, a.area, a.causes, a.override_reason) == (1_400_000, Area.URBAN, ("thiếu vốn",), "")
    assert {f: getattr(a, f) for f in CATEGORY_FLAGS} == {
        "is_merit": True,
        "is_social_protection": False,
        "no_labour_capacity": True,
        "female_head": False,
        "has_disability": False,
    }


def test_ten_thousand_rows_are_assessed_without_the_database():
    # No db marker: pytest-django refuses any query here, so an importer or a benchmark can call assess()
    # once per row. How fast it runs is for the benchmark, not for a timed test.
    rows = [answers(income=700_000 + 300 * n, deprivations=n % 13) for n in range(10_000)]
    results = [assess(a, STANDARD_2022) for a in rows]
    assert all(isinstance(r, Assessed) for r in results)
    assert [r.status for r in results[:4]] == [NEAR, NEAR, NEAR, POOR]

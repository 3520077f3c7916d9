"""Forms never answer 500 and explain every refusal in Vietnamese, next to the field concerned.

Django's own messages are compared with what Django says in Vietnamese at run time (our locale/vi may
override its weak wording), and checked not to be the English original.
"""

from __future__ import annotations

import html
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from households.forms import AmountField
from households.models import Assessment, Ethnicity, Household, Indicator, PovertyCause, VillageCount
from povertyplan.fields import VnIntegerField

YEAR = 2024
CONFLICT = "Hồ sơ này vừa được người khác cập nhật."
REQUIRED = "Trường này là bắt buộc."


def django_messages(field: forms.Field, value, language: str) -> list[str]:
    """The messages Django's `field` gives for `value` in `language`."""
    with translation.override(language):
        try:
            field.clean(value)
        except ValidationError as exc:
            return [str(m) for m in exc.messages]
    raise AssertionError(f"{value!r} is valid for {field!r}")


def vietnamese(field: forms.Field, value) -> list[str]:
    """Django's messages for `value` in Vietnamese, checked to be translated at all."""
    vi, en = django_messages(field, value, "vi"), django_messages(field, value, "en")
    assert vi != en, f"Django's message is not translated into Vietnamese: {en}"
    return vi


def field_errors(response, name: str) -> list[str]:
    """Error messages rendered next to the form field `name` (crispy-forms bootstrap5 markup)."""
    found = re.findall(
        rf'<(?:span|p) id="error_\d+_id_{name}"><strong>(.*?)</strong></(?:span|p)>', response.content.decode(), re.S
    )
    return [html.unescape(m) for m in found]


def count_cell_errors(response, html_name: str) -> list[str]:
    """Error messages rendered in the cell of the counts grid that holds the input `html_name`."""
    page = response.content.decode()
    start = page.index(f'name="{html_name}"')
    cell = page[start : page.index("</td>", start)]
    return [html.unescape(m) for m in re.findall(r'<div class="invalid-feedback">(.*?)</div>', cell, re.S)]


def snapshot() -> dict:
    return {
        "households": sorted(Household.objects.values_list("pk", "village", "head_name", "members", "version")),
        "assessments": sorted(Assessment.objects.values_list("pk", "year", "income_per_capita", "status", "version")),
        "counts": sorted(
            VillageCount.objects.values_list(
                "pk", "village", "year", "total_households", "poor", "near_poor", "version"
            )
        ),
    }


@pytest.fixture
def create_url(world):
    return reverse("household_create", args=[world.villages.na_sung.pk]) + f"?year={YEAR}"


@pytest.fixture
def valid_body(world):
    return {
        "village": world.villages.na_sung.pk,
        "head_name": "Lương Văn Khánh",
        "members": "4",
        "ethnicity": Ethnicity.objects.get(name="Nùng").pk,
        "address": "",
        "area": "",
        "income_per_capita": "1300000",
        "override_status": "",
        "override_reason": "",
    }


# ---------------------------------------------------------------- household create: one bad field at a time


def test_valid_body_creates_the_household(world, official, create_url, valid_body):
    """The base body of the tests below is valid: each of them breaks exactly one field."""
    response = official.post(create_url, valid_body)
    assert response.status_code == 302
    assert Household.objects.get(head_name="Lương Văn Khánh").village == world.villages.na_sung


def blank(body: dict) -> dict:
    """The form as a browser submits it untouched: every field present and empty."""
    return {name: "" for name in body}


def test_blank_form_answers_200_with_required_messages_next_to_each_required_field(official, create_url, valid_body):
    before = snapshot()
    response = official.post(create_url, blank(valid_body))
    assert response.status_code == 200
    for name in ("village", "head_name", "members", "ethnicity", "income_per_capita"):
        assert field_errors(response, name) == [REQUIRED], name
    for name in ("address", "area", "deprivations", "causes", "override_status", "override_reason"):
        assert field_errors(response, name) == [], name
    assert snapshot() == before


def test_empty_body_answers_200_and_creates_nothing(official, create_url):
    before = snapshot()
    response = official.post(create_url, {})
    assert response.status_code == 200
    assert snapshot() == before


INCOME = AmountField(min_value=0, max_value=1_000_000_000)
MEMBERS = VnIntegerField(min_value=1, max_value=50)


@pytest.mark.parametrize(
    ("field", "value", "django_field"),
    [
        ("income_per_capita", "abc", INCOME),
        ("income_per_capita", "-5", ["Không được nhập số âm."]),
        ("income_per_capita", "1e99", INCOME),
        ("income_per_capita", "99999999999999999999999", ["Số quá lớn: tối đa 1.000.000.000."]),
        ("income_per_capita", "1,5", INCOME),
        ("income_per_capita", "²", INCOME),
        ("members", "0", ["Số quá nhỏ: tối thiểu 1."]),
        ("members", "51", ["Số quá lớn: tối đa 50."]),
        ("members", "bốn", MEMBERS),
        ("head_name", "Nguyễn " * 1667, forms.CharField(max_length=120)),
    ],
)
def test_bad_value_is_refused_with_djangos_vietnamese_message_next_to_the_field(
    official, create_url, valid_body, field, value, django_field
):
    before = snapshot()
    response = official.post(create_url, {**valid_body, field: value})
    assert response.status_code == 200
    # Limits are our own messages, written in Vietnamese (a list here), with the limit written the
    # Vietnamese way: no English original to compare with.
    expected = django_field if isinstance(django_field, list) else vietnamese(django_field, value)
    assert field_errors(response, field) == expected
    assert snapshot() == before


def test_full_width_digits_in_income_are_read_as_the_number_they_show(official, create_url, valid_body):
    """Django reads Unicode digits ("１２" typed with a Vietnamese IME) as the number 12: accepted, not garbled."""
    response = official.post(create_url, {**valid_body, "income_per_capita": "１２"})
    assert response.status_code == 302
    household = Household.objects.get(head_name="Lương Văn Khánh")
    assert household.assessments.get(year=YEAR).income_per_capita == 12


def test_unknown_ethnicity_is_refused_next_to_the_field(official, create_url, valid_body):
    before = snapshot()
    response = official.post(create_url, {**valid_body, "ethnicity": "999999"})
    assert response.status_code == 200
    expected = vietnamese(forms.ModelChoiceField(queryset=Ethnicity.objects.all()), "999999")
    assert field_errors(response, "ethnicity") == expected
    assert snapshot() == before


def test_indicator_of_the_2026_2030_standard_is_refused_for_2024(official, create_url, valid_body):
    foreign = Indicator.objects.get(standard__first_year=2027, number=1)
    before = snapshot()
    response = official.post(create_url, {**valid_body, "deprivations": [foreign.pk]})
    assert response.status_code == 200
    errors = field_errors(response, "deprivations")
    field = forms.ModelMultipleChoiceField(queryset=Indicator.objects.filter(standard__first_year=2022))
    assert errors == vietnamese(field, [str(foreign.pk)])
    assert str(foreign.pk) in errors[0]
    assert snapshot() == before


def test_unknown_cause_is_refused_next_to_the_field(official, create_url, valid_body):
    before = snapshot()
    response = official.post(create_url, {**valid_body, "causes": ["999999"]})
    assert response.status_code == 200
    field = forms.ModelMultipleChoiceField(queryset=PovertyCause.objects.all())
    assert field_errors(response, "causes") == vietnamese(field, ["999999"])
    assert snapshot() == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_override_status_without_a_reason_is_refused_next_to_the_reason(official, create_url, valid_body, reason):
    before = snapshot()
    response = official.post(create_url, {**valid_body, "override_status": "poor", "override_reason": reason})
    assert response.status_code == 200
    assert field_errors(response, "override_reason") == ["Cần ghi lý do khi ghi nhận phân loại khác với chuẩn."]
    assert snapshot() == before


def test_unknown_override_status_is_refused_next_to_the_field(official, create_url, valid_body):
    before = snapshot()
    response = official.post(create_url, {**valid_body, "override_status": "rich", "override_reason": "x"})
    assert response.status_code == 200
    field = forms.ChoiceField(choices=[("poor", "poor")])
    assert field_errors(response, "override_status") == vietnamese(field, "rich")
    assert snapshot() == before


def test_nul_byte_in_the_name_is_refused_in_vietnamese(official, create_url, valid_body):
    before = snapshot()
    response = official.post(create_url, {**valid_body, "head_name": "Lương\x00Văn Khánh"})
    assert response.status_code == 200
    assert field_errors(response, "head_name") == vietnamese(forms.CharField(), "Lương\x00Văn Khánh")
    assert snapshot() == before


def test_emoji_in_the_name_is_stored_exactly_as_typed(official, create_url, valid_body):
    """Four-byte characters survive the round trip on both databases (no 500, no mangling)."""
    name = "Lương Văn Khánh 🌾👨‍👩‍👧"
    response = official.post(create_url, {**valid_body, "head_name": name})
    assert response.status_code == 302
    assert Household.objects.filter(head_name=name).count() == 1


def test_household_edit_submitted_blank_changes_nothing(world, official, valid_body):
    household = world.households.diem_he_poor
    before = snapshot()
    response = official.post(reverse("household_edit", args=[household.pk]) + f"?year={YEAR}", blank(valid_body))
    assert response.status_code == 200
    assert field_errors(response, "head_name") == [REQUIRED]
    assert snapshot() == before


# ---------------------------------------------------------------- the counts grid


@pytest.fixture
def counts_url(world):
    return reverse("counts_edit", args=[world.communes.diem_he.pk, YEAR])


@pytest.mark.parametrize(
    ("total", "poor", "near_poor", "field", "message"),
    [
        ("10", "11", "", "poor", "Số hộ nghèo không thể lớn hơn tổng số hộ (10)."),
        ("10", "5", "6", "near_poor", "Hộ nghèo cộng hộ cận nghèo (11) vượt tổng số hộ (10)."),
        ("", "3", "", "total_households", "Cần nhập tổng số hộ."),
        ("", "", "4", "total_households", "Cần nhập tổng số hộ."),
        ("10", "", "2", "poor", "Cần nhập số hộ nghèo (ghi 0 nếu không có)."),
    ],
)
def test_counts_form_refuses_inconsistent_counts_next_to_the_field(
    world, official, counts_url, total, poor, near_poor, field, message
):
    village = world.villages.thong_nhat
    before = snapshot()
    response = official.post(
        counts_url,
        {
            f"v{village.pk}-total_households": total,
            f"v{village.pk}-poor": poor,
            f"v{village.pk}-near_poor": near_poor,
            f"v{village.pk}-version": "1",
        },
    )
    assert response.status_code == 200
    assert count_cell_errors(response, f"v{village.pk}-{field}") == [message]
    assert "Số liệu chưa hợp lệ: xem các ô được đánh dấu." in response.content.decode()
    assert snapshot() == before


def test_counts_form_refuses_negative_and_non_numeric_counts_in_vietnamese(world, official, counts_url):
    village = world.villages.thong_nhat
    before = snapshot()
    response = official.post(
        counts_url,
        {f"v{village.pk}-total_households": "abc", f"v{village.pk}-poor": "-1", f"v{village.pk}-version": "1"},
    )
    assert response.status_code == 200
    count = VnIntegerField()
    assert count_cell_errors(response, f"v{village.pk}-total_households") == vietnamese(count, "abc")
    assert count_cell_errors(response, f"v{village.pk}-poor") == ["Không được nhập số âm."]
    assert snapshot() == before


def test_counts_typed_for_a_village_counted_from_the_registry_are_ignored(world, official, counts_url):
    na_sung, thong_nhat = world.villages.na_sung, world.villages.thong_nhat
    response = official.post(
        counts_url,
        {
            f"v{na_sung.pk}-total_households": "500",
            f"v{na_sung.pk}-poor": "400",
            f"v{thong_nhat.pk}-total_households": "82",
            f"v{thong_nhat.pk}-poor": "4",
            f"v{thong_nhat.pk}-near_poor": "12",
            f"v{thong_nhat.pk}-version": "1",
        },
    )
    assert response.status_code == 302
    assert not VillageCount.objects.filter(village=na_sung).exists()


# ---------------------------------------------------------------- stale edits


def test_second_edit_from_the_same_version_shows_the_conflict_and_keeps_the_first(world, official, valid_body):
    household = world.households.diem_he_poor
    url = reverse("household_edit", args=[household.pk]) + f"?year={YEAR}"
    initial = official.get(url).context["form"].initial
    versions = {"household_version": initial["household_version"], "assessment_version": initial["assessment_version"]}
    assert versions == {"household_version": 1, "assessment_version": 1}

    first = official.post(
        url, {**valid_body, **versions, "head_name": "Hoàng Văn Bình", "income_per_capita": "1000000"}
    )
    assert first.status_code == 302
    second = official.post(
        url, {**valid_body, **versions, "head_name": "Hoàng Văn Bính", "members": "7", "income_per_capita": "5000000"}
    )

    assert second.status_code == 200
    assert CONFLICT in html.unescape(second.content.decode())
    household.refresh_from_db()
    assessment = household.assessments.get(year=YEAR)
    assert (household.head_name, household.members, household.version) == ("Hoàng Văn Bình", 4, 2)
    assert (assessment.income_per_capita, assessment.version) == (1_000_000, 2)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.500.000", 1_500_000), ("1500000", 1_500_000), ("1 500 000", 1_500_000), ("1.000", 1_000)],
)
def test_income_typed_the_vietnamese_way_is_read_as_the_amount_it_shows(
    official, create_url, valid_body, typed, stored
):
    response = official.post(create_url, {**valid_body, "income_per_capita": typed})
    assert response.status_code == 302
    household = Household.objects.get(head_name="Lương Văn Khánh")
    assert household.assessments.get(year=YEAR).income_per_capita == stored


@pytest.mark.parametrize("typed", ["1.00", "1.5", "1.000.00", "1,500,000"])
def test_income_with_dots_that_are_not_thousands_is_refused(official, create_url, valid_body, typed):
    before = snapshot()
    response = official.post(create_url, {**valid_body, "income_per_capita": typed})
    assert response.status_code == 200
    assert field_errors(response, "income_per_capita") == [
        "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn)."
    ]
    assert snapshot() == before

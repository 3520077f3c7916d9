"""Classification by the poverty standard loaded from data (docs/years.md): boundaries, indicators, years, area."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from households import lookups, services
from households.models import (
    Area,
    Assessment,
    Commune,
    CommuneKind,
    Ethnicity,
    Household,
    Indicator,
    PovertyStandard,
    Status,
)
from tests.support.factories import OfficialFactory

pytestmark = pytest.mark.django_db

POOR, NEAR, MIDDLE, NOT_POOR = Status.POOR, Status.NEAR_POOR, Status.MIDDLE, Status.NOT_POOR


def indicators(year: int, *numbers: int) -> list[Indicator]:
    standard = PovertyStandard.objects.for_year(year)
    found = list(Indicator.objects.filter(standard=standard, number__in=numbers).order_by("number"))
    assert [i.number for i in found] == sorted(numbers)
    return found


def assess(user, village, year, *, income, chosen=(), area="", household=None, name="Lò Văn Pọm", **extra):
    """Save a household and its assessment through the service, deprivations given as Indicator objects."""
    return services.save_household(
        by=user,
        household=household,
        data={
            "village": village,
            "head_name": name,
            "members": 4,
            "ethnicity": Ethnicity.objects.get(name="Tày"),
            "address": "",
            "area": area,
        },
        year=year,
        assessment={"income_per_capita": income, "deprivations": list(chosen), **extra},
    )


# ---------------------------------------------------------------- boundaries of the 2022-2025 standard


@pytest.mark.parametrize(
    ("income", "deprivations", "expected"),
    [
        (1_500_000, 3, POOR),
        (1_500_000, 12, POOR),
        (1_500_000, 2, NEAR),
        (1_500_000, 0, NEAR),
        (1_499_999, 3, POOR),
        (1_500_001, 3, MIDDLE),
        (1_500_001, 12, MIDDLE),
        (1_500_001, 0, MIDDLE),
        (2_250_000, 0, MIDDLE),
        (2_250_000, 12, MIDDLE),
        (2_250_001, 0, NOT_POOR),
        (2_250_001, 12, NOT_POOR),
        (0, 0, NEAR),
        (0, 3, POOR),
    ],
)
def test_rural_household_in_2024_is_classified_by_the_rural_lines(income, deprivations, expected):
    standard = PovertyStandard.objects.for_year(2024)
    assert standard.classify(area=Area.RURAL, income=income, deprivations=deprivations) == expected


@pytest.mark.parametrize(
    ("income", "deprivations", "expected"),
    [
        (2_000_000, 3, POOR),
        (2_000_000, 2, NEAR),
        (1_500_001, 3, POOR),  # above the rural line, still under the urban one
        (1_500_001, 2, NEAR),
        (2_000_001, 3, MIDDLE),
        (2_000_001, 12, MIDDLE),
        (2_250_001, 0, MIDDLE),  # not poor in the countryside, middle in town
        (3_000_000, 12, MIDDLE),
        (3_000_001, 0, NOT_POOR),
        (3_000_001, 12, NOT_POOR),
        (0, 0, NEAR),
    ],
)
def test_urban_household_in_2024_is_classified_by_the_urban_lines(income, deprivations, expected):
    standard = PovertyStandard.objects.for_year(2024)
    assert standard.classify(area=Area.URBAN, income=income, deprivations=deprivations) == expected


@pytest.mark.parametrize(
    ("area", "income", "deprivations", "expected"),
    [
        (Area.RURAL, 2_200_000, 3, POOR),
        (Area.RURAL, 2_200_000, 2, NEAR),
        (Area.RURAL, 2_200_001, 3, MIDDLE),
        (Area.RURAL, 1_500_001, 3, POOR),  # middle under the old standard, poor under the new one
        (Area.URBAN, 2_800_000, 3, POOR),
        (Area.URBAN, 2_800_000, 2, NEAR),
        (Area.URBAN, 2_800_001, 3, MIDDLE),
    ],
)
def test_household_in_2027_is_classified_by_the_2026_2030_lines(area, income, deprivations, expected):
    standard = PovertyStandard.objects.for_year(2027)
    assert standard.classify(area=area, income=income, deprivations=deprivations) == expected


# ---------------------------------------------------------------- each indicator is one deprivation


@pytest.mark.parametrize("number", range(1, 13))
def test_each_indicator_of_the_2022_2025_standard_counts_as_one_deprivation(world, number):
    others = indicators(2024, number % 12 + 1, (number + 1) % 12 + 1)
    assert number not in [i.number for i in others]
    village, user = world.villages.na_sung, world.users.official_diem_he

    without = assess(user, village, 2024, income=1_500_000, chosen=others, name="Không có chỉ số")
    with_it = assess(user, village, 2024, income=1_500_000, chosen=[*others, *indicators(2024, number)], name="Có")

    assert (without.deprivation_count, without.computed_status, without.status) == (2, NEAR, NEAR)
    assert (with_it.deprivation_count, with_it.computed_status, with_it.status) == (3, POOR, POOR)
    assert sorted(with_it.deprivations.values_list("number", flat=True)) == sorted(
        [*(i.number for i in others), number]
    )


def test_the_2022_2025_standard_has_twelve_indicators_in_six_dimensions():
    standard = PovertyStandard.objects.for_year(2024)
    assert list(standard.indicators.values_list("number", flat=True)) == list(range(1, 13))
    assert len(set(standard.indicators.values_list("dimension", flat=True))) == 6


def test_an_indicator_chosen_twice_counts_once(world):
    one, two = indicators(2024, 1, 2)
    record = assess(
        world.users.official_diem_he, world.villages.na_sung, 2024, income=1_500_000, chosen=[one, one, two]
    )
    assert record.deprivations.count() == 2
    assert (record.deprivation_count, record.computed_status) == (2, NEAR)


def test_indicators_of_another_standard_are_refused_and_nothing_is_saved(world):
    before = (Household.objects.count(), Assessment.objects.count())
    with pytest.raises(ValidationError):
        assess(
            world.users.official_diem_he,
            world.villages.na_sung,
            2024,
            income=1_000_000,
            chosen=indicators(2027, 1, 2, 3),
        )
    assert (Household.objects.count(), Assessment.objects.count()) == before


# ---------------------------------------------------------------- which standard for which year


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025, 2026])
def test_years_2022_to_2026_use_the_2022_2025_standard_of_decree_07(year):
    standard = PovertyStandard.objects.for_year(year)
    assert standard is not None
    assert "07/2021/NĐ-CP" in standard.legal_basis
    assert (standard.rural_poverty_line, standard.urban_poverty_line) == (1_500_000, 2_000_000)
    assert (standard.rural_middle_line, standard.urban_middle_line) == (2_250_000, 3_000_000)
    assert standard.min_deprivations_poor == 3
    assert standard.indicators.count() == 12


@pytest.mark.parametrize("year", [2027, 2028, 2029, 2030])
def test_years_2027_to_2030_use_the_2026_2030_standard(year):
    standard = PovertyStandard.objects.for_year(year)
    assert standard is not None
    assert "2026-2030" in standard.name
    assert (standard.rural_poverty_line, standard.urban_poverty_line) == (2_200_000, 2_800_000)
    assert standard.min_deprivations_poor == 3
    assert standard.indicators.count() == 13


@pytest.mark.parametrize("year", [2021, 2031])
def test_years_outside_the_shipped_standards_have_none(year):
    assert PovertyStandard.objects.for_year(year) is None
    with pytest.raises(ValidationError):
        lookups.standard_for(year)


def test_the_2026_2030_standard_drops_the_information_devices_indicator_and_adds_waste_and_internet():
    names = set(PovertyStandard.objects.for_year(2027).indicators.values_list("name", flat=True))
    assert "Phương tiện phục vụ tiếp cận thông tin" not in names
    assert {"Rác thải sinh hoạt", "Sử dụng Internet"} <= names


def test_saving_for_a_year_without_a_standard_is_refused_and_nothing_is_saved(world):
    before = (Household.objects.count(), Assessment.objects.count())
    with pytest.raises(ValidationError):
        assess(world.users.official_diem_he, world.villages.na_sung, 2021, income=1_000_000)
    assert (Household.objects.count(), Assessment.objects.count()) == before


# ---------------------------------------------------------------- standards are data


@pytest.fixture
def standard_2031():
    """A later period added by an administrator: a new row with its own lines and rule, no new code."""
    standard = PovertyStandard.objects.create(
        name="Chuẩn nghèo đa chiều giai đoạn 2031-2035 (thử)",
        legal_basis="Nghị định giả định",
        first_year=2031,
        last_year=2035,
        rural_poverty_line=3_000_000,
        urban_poverty_line=4_000_000,
        rural_middle_line=4_500_000,
        urban_middle_line=6_000_000,
        min_deprivations_poor=4,
    )
    for number in range(1, 11):
        Indicator.objects.create(standard=standard, number=number, dimension="Chiều", name=f"Chỉ số {number}")
    return standard


@pytest.mark.parametrize(
    ("area", "income", "deprivations", "expected"),
    [
        (Area.RURAL, 3_000_000, 4, POOR),
        (Area.RURAL, 3_000_000, 3, NEAR),  # three is no longer enough
        (Area.RURAL, 3_000_001, 10, MIDDLE),
        (Area.RURAL, 4_500_001, 0, NOT_POOR),
        (Area.URBAN, 4_000_000, 4, POOR),
        (Area.URBAN, 4_000_001, 4, MIDDLE),
        (Area.URBAN, 6_000_000, 0, MIDDLE),
        (Area.URBAN, 6_000_001, 0, NOT_POOR),
    ],
)
def test_a_standard_added_as_a_row_classifies_its_years(standard_2031, area, income, deprivations, expected):
    found = PovertyStandard.objects.for_year(2031)
    assert found == standard_2031
    assert found.classify(area=area, income=income, deprivations=deprivations) == expected


def test_a_standard_added_as_a_row_is_used_when_saving_a_household(world, standard_2031):
    user, village = world.users.official_diem_he, world.villages.na_sung
    four = list(standard_2031.indicators.filter(number__lte=4))
    poor = assess(user, village, 2031, income=2_500_000, chosen=four, name="Bốn chỉ số")
    near = assess(user, village, 2031, income=2_500_000, chosen=four[:3], name="Ba chỉ số")
    assert (poor.standard, poor.computed_status) == (standard_2031, POOR)
    assert (near.standard, near.computed_status) == (standard_2031, NEAR)
    # The years before keep their own standard.
    assert PovertyStandard.objects.for_year(2030).first_year == 2027


# ---------------------------------------------------------------- urban or rural


@pytest.mark.parametrize(
    ("kind", "area"),
    [(CommuneKind.XA, Area.RURAL), (CommuneKind.PHUONG, Area.URBAN), (CommuneKind.THI_TRAN, Area.URBAN)],
)
def test_the_commune_kind_gives_the_default_area(kind, area):
    assert Commune(name="X", kind=kind).area == area


@pytest.fixture
def official_hac_thanh(world):
    return OfficialFactory(username="phuong.hacthanh", commune=world.communes.hac_thanh)


@pytest.mark.parametrize(
    ("village", "own_area", "expected_area", "expected"),
    [
        ("na_sung", "", Area.RURAL, MIDDLE),  # xã: rural line 1.500.000
        ("tk1", "", Area.URBAN, POOR),  # thị trấn: urban line 2.000.000
        ("to1", "", Area.URBAN, POOR),  # phường
        ("na_sung", Area.URBAN, Area.URBAN, POOR),  # the household's own area wins
        ("tk1", Area.RURAL, Area.RURAL, MIDDLE),
        ("to1", Area.RURAL, Area.RURAL, MIDDLE),
    ],
)
def test_the_commune_kind_decides_the_line_unless_the_household_has_its_own_area(
    world, official_hac_thanh, village, own_area, expected_area, expected
):
    users = {"na_sung": world.users.official_diem_he, "tk1": world.users.official_ha_trung, "to1": official_hac_thanh}
    record = assess(
        users[village],
        getattr(world.villages, village),
        2024,
        income=1_800_000,
        chosen=indicators(2024, 1, 2, 3),
        area=own_area,
    )
    assert record.household.effective_area == expected_area
    assert record.computed_status == expected


# ---------------------------------------------------------------- overrides


def test_an_override_with_a_reason_counts_and_the_computed_status_stays_visible(world, login):
    user = world.users.official_diem_he
    reason = "Hộ có con đi làm ở khu công nghiệp từ tháng 10, thu nhập thực tế cao hơn."
    record = assess(
        user,
        world.villages.na_sung,
        2024,
        income=1_200_000,
        chosen=indicators(2024, 1, 2, 3),
        override_status=NEAR,
        override_reason=reason,
    )
    record.refresh_from_db()
    assert (record.computed_status, record.override_status, record.status) == (POOR, NEAR, NEAR)
    assert record.override_reason == reason
    assert record.is_overridden

    page = login(user).get(f"/ho/{record.household_id}/").content.decode()
    assert reason in page
    assert str(Status.POOR.label) in page
    assert str(Status.NEAR_POOR.label) in page


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_override_without_a_reason_is_refused_and_nothing_is_saved(world, reason):
    before = (Household.objects.count(), Assessment.objects.count())
    with pytest.raises(ValidationError) as caught:
        assess(
            world.users.official_diem_he,
            world.villages.na_sung,
            2024,
            income=1_200_000,
            chosen=indicators(2024, 1, 2, 3),
            override_status=NEAR,
            override_reason=reason,
        )
    assert "override_reason" in caught.value.message_dict
    assert (Household.objects.count(), Assessment.objects.count()) == before


def test_an_override_without_a_reason_leaves_an_existing_household_unchanged(world):
    household = world.households.diem_he_poor
    version = household.version
    with pytest.raises(ValidationError):
        assess(
            world.users.official_diem_he,
            world.villages.na_sung,
            2025,
            household=household,
            name="Tên mới",
            income=1_200_000,
            override_status=Status.NOT_POOR,
            override_reason="",
        )
    household.refresh_from_db()
    assert (household.head_name, household.version) == ("Hoàng Văn Bình", version)
    assert not household.assessments.filter(year=2025).exists()


def test_the_database_refuses_an_override_without_a_reason(world):
    record = world.households.diem_he_poor.assessments.get(year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=record.pk).update(override_status=NEAR, override_reason="")

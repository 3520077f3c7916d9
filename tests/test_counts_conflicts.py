"""Typed counts and households are never lost: a missing or stale version is a conflict, removing typed
counts is explicit, a second first entry is refused, and the message shows what the other person saved.
Also: the counts aggregates touch only the assessment table.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households import counts, services
from households.models import Assessment, Ethnicity, Household, Village, VillageCount
from povertyplan.concurrency import MISSING_VERSION, ConflictError
from tests.support.factories import OfficialFactory
from tests.support.pages import client_for, page

pytestmark = pytest.mark.django_db

YEAR = 2024
SAVED_BY = r"\(xa\.diemhe, \d\d:\d\d \d\d/\d\d/\d{4}\)"


def typed(village, year=YEAR):
    c = VillageCount.objects.filter(village=village, year=year).first()
    return None if c is None else (c.total_households, c.poor, c.near_poor, c.source, c.version)


def all_counts():
    return sorted(
        VillageCount.objects.values_list("village", "year", "total_households", "poor", "near_poor", "version")
    )


def row(village, total="", poor="", near="", version=None, source="", clear=False) -> dict:
    """One village's row of the counts form as the browser posts it."""
    p = f"v{village.pk}"
    body = {f"{p}-total_households": total, f"{p}-poor": poor, f"{p}-near_poor": near, f"{p}-source": source}
    if version is not None:
        body[f"{p}-version"] = str(version)
    if clear:
        body[f"{p}-clear"] = "on"
    return body


@pytest.fixture
def khon_pong(world):
    """A village of Điềm He with neither registry nor typed counts in 2024."""
    return Village.objects.create(commune=world.communes.diem_he, name="Khòn Pổng", order=3)


@pytest.fixture
def second_official(world):
    """Another official of Điềm He, in a browser of their own."""
    return client_for(OfficialFactory(username="xa.diemhe.2", commune=world.communes.diem_he))


def counts_url(commune, year=YEAR):
    return reverse("counts_edit", args=[commune.pk, year])


# ---------------------------------------------------------------- counts: nothing lost


def test_a_post_with_only_the_csrf_token_deletes_no_typed_count_and_says_so(world, login):
    before = all_counts()
    response = login(world.users.official_ha_trung).post(
        counts_url(world.communes.ha_trung), {"csrfmiddlewaretoken": "x"}
    )
    assert response.status_code == 200
    assert str(MISSING_VERSION) in page(response)
    assert "thôn thay đổi" not in page(response)
    assert all_counts() == before
    assert typed(world.villages.tk2) == (182, 2, None, "", 1)


def test_an_empty_row_leaves_the_typed_counts_unchanged(world, official):
    response = official.post(counts_url(world.communes.diem_he), row(world.villages.thong_nhat, version=1))
    assert response.status_code == 302
    assert typed(world.villages.thong_nhat) == (82, 4, 12, "", 1)


def test_typed_counts_are_removed_only_with_the_explicit_clear_box(world, official):
    form = official.get(counts_url(world.communes.diem_he))
    assert f'name="v{world.villages.thong_nhat.pk}-clear"' in form.content.decode()
    body = row(world.villages.thong_nhat, total="82", poor="4", near="12", version=1, clear=True)
    response = official.post(counts_url(world.communes.diem_he), body)
    assert response.status_code == 302
    assert typed(world.villages.thong_nhat) is None


def test_rows_without_a_version_are_a_conflict_and_nothing_is_saved(world, khon_pong):
    with pytest.raises(ConflictError) as caught:
        services.save_village_counts(
            by=world.users.official_diem_he,
            commune=world.communes.diem_he,
            year=YEAR,
            rows={
                khon_pong.pk: {"total_households": 95, "poor": 3, "near_poor": 7, "version": 0},
                world.villages.thong_nhat.pk: {"total_households": 90, "poor": 1, "near_poor": 2},
            },
        )
    assert caught.value.messages == [str(MISSING_VERSION)]
    assert typed(khon_pong) is None
    assert typed(world.villages.thong_nhat) == (82, 4, 12, "", 1)


def test_a_form_opened_before_anyone_typed_carries_version_zero(world, official, khon_pong):
    form = official.get(counts_url(world.communes.diem_he))
    assert re.search(rf'name="v{khon_pong.pk}-version" value="0"', form.content.decode())


def test_the_second_first_entry_is_refused_showing_what_the_first_saved(world, official, second_official, khon_pong):
    url = counts_url(world.communes.diem_he)
    # Both open the form while Khòn Pổng has no counts (version 0), the first saves.
    untouched = row(world.villages.thong_nhat, version=1)  # the other row, posted empty as a browser does
    first = official.post(url, {**untouched, **row(khon_pong, "166", "7", "11", version=0)})
    assert first.status_code == 302
    second = second_official.post(url, {**untouched, **row(khon_pong, "170", "9", "", version=0)})

    assert second.status_code == 200
    text = page(second)
    assert re.search(r"Thôn Khòn Pổng: người khác vừa lưu: 166 hộ, 7 hộ nghèo, 11 hộ cận nghèo " + SAVED_BY, text)
    assert typed(khon_pong) == (166, 7, 11, "", 1)
    # What the second person typed is still in the form, now on the current version.
    content = second.content.decode()
    assert f'name="v{khon_pong.pk}-total_households" id="id_v{khon_pong.pk}-total_households" value="170"' in content
    assert f'name="v{khon_pong.pk}-version" value="1"' in content
    # Saving again is a deliberate overwrite of what the message showed.
    again = second_official.post(url, {**untouched, **row(khon_pong, "170", "9", "", version=1)})
    assert again.status_code == 302
    assert typed(khon_pong) == (170, 9, None, "", 2)


def test_a_stale_form_is_refused_with_the_other_persons_figures_and_nothing_is_saved(
    world, official, second_official, khon_pong
):
    url = counts_url(world.communes.diem_he)
    first = {**row(world.villages.thong_nhat, "82", "3", "", version=1), **row(khon_pong, version=0)}
    assert official.post(url, first).status_code == 302
    stale = {**row(world.villages.thong_nhat, "90", "5", "10", version=1), **row(khon_pong, "95", "3", "7", version=0)}
    response = second_official.post(url, stale)

    assert response.status_code == 200
    assert re.search(
        r"Thôn Thống Nhất: người khác vừa lưu: 82 hộ, 3 hộ nghèo, chưa rõ hộ cận nghèo " + SAVED_BY, page(response)
    )
    assert typed(world.villages.thong_nhat) == (82, 3, None, "", 2)
    assert typed(khon_pong) is None  # the whole save is refused, not only the stale row


def test_clearing_counts_someone_else_deleted_meanwhile_is_a_conflict(world, official, second_official):
    url = counts_url(world.communes.diem_he)
    assert official.post(url, row(world.villages.thong_nhat, version=1, clear=True)).status_code == 302
    response = second_official.post(url, row(world.villages.thong_nhat, "82", "4", "12", version=1))
    assert response.status_code == 200
    assert "Thôn Thống Nhất: người khác vừa xoá số liệu nhập tay của thôn này." in page(response)
    assert typed(world.villages.thong_nhat) is None


# ---------------------------------------------------------------- households: versions are required


@pytest.fixture
def body(world):
    household = world.households.diem_he_poor
    return {
        "village": world.villages.na_sung.pk,
        "head_name": household.head_name,
        "members": "5",
        "ethnicity": Ethnicity.objects.get(name="Nùng").pk,
        "address": "",
        "area": "",
        "income_per_capita": "1300000",
        "override_status": "",
        "override_reason": "",
    }


def household_state(household):
    household.refresh_from_db()
    return (
        household.members,
        household.version,
        sorted(household.assessments.values_list("year", "income_per_capita", "version")),
    )


@pytest.mark.parametrize("missing", ["household_version", "assessment_version"])
def test_a_household_post_without_a_version_is_a_conflict_and_keeps_what_was_typed(world, official, body, missing):
    household = world.households.diem_he_poor
    before = household_state(household)
    versions = {"household_version": "1", "assessment_version": "1"}
    del versions[missing]
    url = reverse("household_edit", args=[household.pk]) + f"?year={YEAR}"
    response = official.post(url, {**body, **versions})

    assert response.status_code == 200
    assert str(MISSING_VERSION) in page(response)
    assert 'name="members" value="5"' in response.content.decode()
    assert household_state(household) == before


def test_a_stale_household_form_shows_what_the_other_person_saved(world, official, second_official, body):
    household = world.households.diem_he_poor
    url = reverse("household_edit", args=[household.pk]) + f"?year={YEAR}"
    versions = {"household_version": "1", "assessment_version": "1"}
    assert official.post(url, {**body, **versions, "members": "6"}).status_code == 302
    response = second_official.post(url, {**body, **versions, "members": "7"})

    assert response.status_code == 200
    text = page(response)
    assert re.search(
        r"Hồ sơ này vừa được người khác cập nhật\. Người khác vừa lưu: chủ hộ Hoàng Văn Bình, 6 nhân khẩu, "
        r"Thôn Nà Súng " + SAVED_BY,
        text,
    )
    assert 'name="members" value="7"' in response.content.decode()
    assert household_state(household)[:2] == (6, 2)


def test_the_second_first_assessment_of_a_year_is_refused(world, official, second_official, body):
    """A new year's assessment for an existing household: version 0 means "there was none"."""
    household = world.households.diem_he_poor
    url = reverse("household_edit", args=[household.pk]) + "?year=2025"
    form = official.get(url)
    assert form.context["form"].initial["assessment_version"] == 0
    versions = {"household_version": "1", "assessment_version": "0"}
    assert official.post(url, {**body, **versions, "income_per_capita": "2500000"}).status_code == 302
    response = second_official.post(url, {**body, **versions, "household_version": "2", "income_per_capita": "900000"})

    assert response.status_code == 200
    assert re.search(
        r"Người khác vừa lưu kết quả rà soát năm 2025: thu nhập 2\.500\.000 đồng/người/tháng, 0 chỉ số thiếu hụt, "
        r"Hộ không nghèo " + SAVED_BY,
        page(response),
    )
    assert household.assessments.get(year=2025).income_per_capita == 2_500_000


def test_the_service_refuses_an_existing_household_without_versions(world):
    household = world.households.diem_he_poor
    with pytest.raises(ConflictError):
        services.save_household(
            by=world.users.official_diem_he,
            household=household,
            data={"village": world.villages.na_sung, "head_name": "Đổi tên"},
            year=YEAR,
            assessment={"income_per_capita": 1},
        )
    household.refresh_from_db()
    assert (household.head_name, household.version) == ("Hoàng Văn Bình", 1)
    assert Assessment.objects.get(household=household, year=YEAR).income_per_capita == 1_200_000


# ---------------------------------------------------------------- query shape


def _aggregate_sql(queries) -> list[str]:
    return [q["sql"] for q in queries if "households_assessment" in q["sql"] and "COUNT(" in q["sql"].upper()]


@pytest.mark.parametrize("kind", ["commune_counts", "village_rows", "area_counts"])
def test_the_counts_aggregate_touches_only_the_assessment_table(world, kind):
    villages = list(Village.objects.filter(commune=world.communes.diem_he))
    with CaptureQueriesContext(connection) as ctx:
        if kind == "commune_counts":
            counts.commune_counts(world.communes.diem_he, YEAR)
        elif kind == "village_rows":
            counts.village_rows(villages, YEAR)
        else:
            counts.area_counts([world.communes.diem_he, world.communes.ha_trung], YEAR)
    (sql,) = _aggregate_sql(ctx.captured_queries)
    assert " JOIN " not in sql.upper()
    for table in ("households_household", "households_village", "households_commune"):
        assert table not in sql


def test_the_registry_villages_lookup_of_a_counts_save_joins_no_household(world, khon_pong):
    with CaptureQueriesContext(connection) as ctx:
        services.save_village_counts(
            by=world.users.official_diem_he,
            commune=world.communes.diem_he,
            year=YEAR,
            rows={khon_pong.pk: {"total_households": 1, "poor": 0, "version": 0}},
        )
    distinct = [
        q["sql"] for q in ctx.captured_queries if "DISTINCT" in q["sql"] and "households_assessment" in q["sql"]
    ]
    assert distinct and all("households_household" not in sql for sql in distinct)
    assert Household.objects.count() == 3


def test_a_conflict_names_the_source_the_other_person_saved(world, official, second_official, khon_pong):
    url = counts_url(world.communes.diem_he)
    untouched = row(world.villages.thong_nhat, version=1)
    saved = row(khon_pong, "166", "7", "11", version=0, source="Rà soát A")
    assert official.post(url, {**untouched, **saved}).status_code == 302
    response = second_official.post(url, {**untouched, **row(khon_pong, "166", "8", "11", version=0)})
    assert response.status_code == 200
    assert re.search(
        r"Thôn Khòn Pổng: người khác vừa lưu: 166 hộ, 7 hộ nghèo, 11 hộ cận nghèo, nguồn số liệu “Rà soát A” "
        + SAVED_BY,
        page(response),
    )
    assert typed(khon_pong) == (166, 7, 11, "Rà soát A", 1)


def test_the_same_form_posted_twice_saves_once_and_blames_nobody(world, official, khon_pong):
    url = counts_url(world.communes.diem_he)
    body = {**row(world.villages.thong_nhat, version=1), **row(khon_pong, "166", "7", "11", version=0)}
    assert official.post(url, body).status_code == 302
    again = official.post(url, body, follow=True)  # a double click: the same figures on the same version
    assert again.redirect_chain and again.status_code == 200
    assert "người khác vừa lưu" not in page(again)
    assert typed(khon_pong) == (166, 7, 11, "", 1)

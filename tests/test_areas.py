"""The communes of an area in a year (households.areas): one rule for the roll-ups, the review forms, the
results pages, the reviewer's home page and queue.

On the 2026 world (tests/support/world_2026.py): Điềm He is directly under Lạng Sơn since the reform, with
Văn Quan as its former district. Added here: Khánh Khê, a commune of Văn Quan that ended on 30/06/2024
(merged into Tri Lễ), and Na Sầm, a commune created directly under Lạng Sơn on 01/07/2025.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.areas import communes_of_area
from households.models import Commune, Village
from plans import rollup
from plans.models import Plan, PlanStatus
from plans.needs import plan_needs
from plans.result_models import Period
from plans.result_pages import area_lines
from povertyplan import access
from reports.forms.build import area_pack
from tests.support.pages import page
from tests.support.plans import make_commune
from tests.support.world_2026 import build_world_2026


@pytest.fixture
def w26(world, plans):
    return build_world_2026(world, plans)


@pytest.fixture
def units(w26, world):
    lang_son, van_quan = world.provinces.lang_son, world.districts.van_quan
    ended = Commune.objects.create(
        province=lang_son,
        district=van_quan,
        name="Khánh Khê",
        valid_until=datetime.date(2024, 6, 30),
        merged_into=world.communes.tri_le,
    )
    Village.objects.create(commune=ended, name="Khòn Pịt", order=1)
    created = Commune.objects.create(province=lang_son, name="Na Sầm", valid_from=datetime.date(2025, 7, 1))
    Village.objects.create(commune=created, name="Pò Mận", order=1)
    return SimpleNamespace(ended=ended, created=created)


def _names(communes) -> set[str]:
    return {c.name for c in communes}


# ---------------------------------------------------------------- the rule


def test_a_districts_communes_of_a_year_are_those_under_it_then_and_in_effect(w26, world, units):
    van_quan = world.districts.van_quan
    assert _names(communes_of_area(van_quan, 2024)) == {"Điềm He", "Tri Lễ", "Khánh Khê"}
    assert _names(communes_of_area(van_quan, 2025)) == {"Điềm He", "Tri Lễ"}
    assert _names(communes_of_area(van_quan, 2026)) == {"Tri Lễ"}


def test_a_provinces_communes_of_a_year_are_those_in_effect_that_year(w26, world, units):
    lang_son = world.provinces.lang_son
    assert _names(communes_of_area(lang_son, 2024)) == {"Điềm He", "Tri Lễ", "Khánh Khê"}
    assert _names(communes_of_area(lang_son, 2025)) == {"Điềm He", "Tri Lễ", "Na Sầm"}
    assert _names(communes_of_area(lang_son, 2026)) == {"Điềm He", "Tri Lễ", "Na Sầm"}


def test_the_area_communes_district_of_the_year_reads_without_a_query(w26, world, django_assert_num_queries):
    with django_assert_num_queries(1):
        districts = {c.name: c.district_in(2024) for c in communes_of_area(world.provinces.lang_son, 2024)}
    assert districts == {"Điềm He": world.districts.van_quan, "Tri Lễ": world.districts.van_quan}


def test_only_rows_without_a_year_of_their_own_are_asked_for_one(w26):
    with pytest.raises(ValueError, match="year of their own"):
        Plan.objects.for_user(w26.reviewer_van_quan, access.REVIEW, 2024)


# ---------------------------------------------------------------- the area pages read it


def test_the_rollups_leave_out_a_commune_ended_before_the_year_and_list_one_created_in_it(w26, world, units):
    van_quan, lang_son = world.districts.van_quan, world.provinces.lang_son
    assert {row.label for row in rollup.district_rows(van_quan, 2024)[0]} == {
        "xã Điềm He",
        "xã Tri Lễ",
        "xã Khánh Khê",
    }
    assert {row.label for row in rollup.district_rows(van_quan, 2025)[0]} == {"xã Điềm He", "xã Tri Lễ"}
    made_2025 = rollup.province_rollup(lang_son, 2025)
    assert [row.label for row in made_2025.rows] == ["xã Điềm He", "xã Tri Lễ", "xã Na Sầm"]  # grouped: Văn Quan first
    assert [district for district, _rows, _total in made_2025.groups] == [van_quan, None]
    assert "xã Na Sầm" not in {row.label for row in rollup.province_rollup(lang_son, 2024).rows}


def test_the_review_forms_pack_leaves_out_a_commune_ended_before_the_year_and_lists_one_created_in_it(w26, world):
    """The forms have figures for 2024 only (the world's counts): a commune ended at the end of 2023 and
    one created during 2024."""
    van_quan, lang_son = world.districts.van_quan, world.provinces.lang_son
    gone = Commune.objects.create(province=lang_son, district=van_quan, name="Khánh Khê")
    Commune.objects.filter(pk=gone.pk).update(valid_until=datetime.date(2023, 12, 31))
    Village.objects.create(commune=gone, name="Khòn Pịt", order=1)
    new = make_commune(van_quan, "Na Sầm", [("Pò Mận", "thon", 60, 3, 4)]).commune
    Commune.objects.filter(pk=new.pk).update(valid_from=datetime.date(2024, 4, 1))

    def communes_in(unit) -> set[str]:
        return {row.label for form in area_pack(unit, 2024).forms for row in form.rows if row.kind == "unit"}

    assert communes_in(van_quan) == {"Xã Điềm He", "Xã Tri Lễ", "Xã Na Sầm"}
    assert communes_in(lang_son) == {"Xã Điềm He", "Xã Tri Lễ", "Xã Na Sầm"}


def test_the_results_area_leaves_out_the_ended_commune_and_lists_the_created_one(w26, world, units):
    def communes_in(unit, year) -> set[str]:
        lines, _total = area_lines(w26.reviewer_lang_son, unit, year, Period.ANNUAL)
        return {line.label for line in lines}

    assert communes_in(world.provinces.lang_son, 2024) == {"xã Điềm He", "xã Tri Lễ", "xã Khánh Khê"}
    assert communes_in(world.provinces.lang_son, 2026) == {"xã Điềm He", "xã Tri Lễ", "xã Na Sầm"}


def test_the_province_pages_open_for_who_sees_all_its_communes_of_the_year(w26, world, units, login):
    lang_son = world.provinces.lang_son
    client = login(w26.reviewer_lang_son)
    assert client.get(reverse("province_rollup", args=[lang_son.pk, 2025])).status_code == 200
    assert client.get(reverse("area_review_forms", args=["tinh", lang_son.pk, 2025])).status_code == 200
    district = login(w26.reviewer_van_quan)  # sees its (former) communes, not Na Sầm: not the province's
    assert district.get(reverse("province_rollup", args=[lang_son.pk, 2025])).status_code == 404
    assert district.get(reverse("area_review_forms", args=["tinh", lang_son.pk, 2025])).status_code == 404
    assert (
        district.get(reverse("area_review_forms", args=["huyen", world.districts.van_quan.pk, 2024])).status_code == 200
    )


def test_the_area_forms_page_asks_the_same_queries_with_more_communes(w26, world, login):
    client = login(w26.reviewer_lang_son)
    url = reverse("area_review_forms", args=["tinh", world.provinces.lang_son.pk, 2024])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(3):
        make_commune(world.districts.van_quan, f"Xã thêm {i}", [("Thôn 1", "thon", 40, 2, 3)])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Xã thêm 2" in page(response)
    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------- the reviewer's home page and queue

IN_2025 = datetime.date(2025, 3, 1)  # planning year 2025, its plans past due
IN_2026 = datetime.date(2026, 3, 1)


def _missing(user, today) -> list[str]:
    """The communes named by the user's lines about communes without a plan of the planning year."""
    return [n.text for n in plan_needs(user, today) if n.kind == "commune_late"]


def test_a_district_reviewers_communes_without_a_plan_of_2025_include_its_former_commune(w26, units):
    assert _missing(w26.reviewer_van_quan, IN_2025) == [
        "xã Điềm He chưa lập kế hoạch năm 2025",
        "xã Tri Lễ chưa lập kế hoạch năm 2025",
    ]
    assert _missing(w26.reviewer_van_quan, IN_2026) == ["xã Tri Lễ chưa lập kế hoạch năm 2026"]


def test_a_province_reviewers_communes_without_a_plan_are_those_without_a_district_that_year(w26, units):
    assert _missing(w26.reviewer_lang_son, IN_2025) == ["xã Na Sầm chưa lập kế hoạch năm 2025"]
    assert _missing(w26.reviewer_lang_son, IN_2026) == [
        "xã Điềm He chưa trình kế hoạch năm 2026",  # its 2026 plan is a draft
        "xã Na Sầm chưa lập kế hoạch năm 2026",
    ]


def test_a_commune_ended_before_the_year_is_not_without_a_plan(w26, units):
    in_2024 = _missing(w26.reviewer_van_quan, datetime.date(2024, 3, 1))
    assert "xã Khánh Khê chưa lập kế hoạch năm 2024" in in_2024
    assert not any("Khánh Khê" in text for text in _missing(w26.reviewer_van_quan, IN_2025))


def test_the_former_districts_queue_has_the_2024_plan_of_its_former_commune_and_not_the_2026_one(w26, login):
    Plan.objects.filter(pk__in=[w26.plan_2024.pk, w26.plan_2026.pk]).update(status=PlanStatus.SUBMITTED)
    plan_2024, plan_2026 = (reverse("plan", args=[p.pk]) for p in (w26.plan_2024, w26.plan_2026))
    district = page(login(w26.reviewer_van_quan).get(reverse("review_queue")))
    assert f'href="{plan_2024}"' in district
    assert f'href="{plan_2026}"' not in district
    province = page(login(w26.reviewer_lang_son).get(reverse("review_queue")))
    assert f'href="{plan_2026}"' in province
    assert f'href="{plan_2024}"' not in province

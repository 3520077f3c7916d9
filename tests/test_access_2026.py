"""The two-level government: a plan is reviewed by the level in effect for its year.

Điềm He is directly under Lạng Sơn since 1 July 2025 (tests/support/world_2026.py): its 2024 plan stays
with its former district (huyen.vanquan), its 2026 plan goes to the province's department
(tinh.langson.sld). Tri Lễ still has its district and stays with Văn Quan in every year. The named
outsider is Thanh Hóa's reviewer: nothing of Lạng Sơn answers anything but 404.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from households.models import Commune, VillageCount
from plans.creation import create_plan
from plans.models import Plan, PlanStatus, ReviewComment, Section
from povertyplan import access
from tests.support.world_2026 import build_world_2026


@pytest.fixture
def w26(world, plans):
    return build_world_2026(world, plans)


def test_the_communes_district_in_effect_is_the_former_one_up_to_2025_and_none_after(w26, world):
    assert w26.diem_he.district_in(2024) == world.districts.van_quan
    assert w26.diem_he.district_in(2025) == world.districts.van_quan
    assert w26.diem_he.district_in(2026) is None


def test_the_former_district_reviews_the_2024_plan_and_the_province_the_2026_plan(w26):
    assert access.can(w26.reviewer_van_quan, access.REVIEW, w26.plan_2024)
    assert not access.can(w26.reviewer_van_quan, access.REVIEW, w26.plan_2026)
    assert access.can(w26.reviewer_lang_son, access.REVIEW, w26.plan_2026)
    assert not access.can(w26.reviewer_lang_son, access.REVIEW, w26.plan_2024)


def test_the_review_querysets_split_the_plans_by_year(w26):
    van_quan = set(Plan.objects.for_user(w26.reviewer_van_quan, access.REVIEW).filter(commune=w26.diem_he))
    province = set(Plan.objects.for_user(w26.reviewer_lang_son, access.REVIEW).filter(commune=w26.diem_he))
    assert van_quan == {w26.plan_2024}
    assert province == {w26.plan_2026}


def test_a_commune_that_keeps_its_district_stays_with_it_after_2025(w26, world, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password="x-root-password-1")
    plan = create_plan(by=root, commune=world.communes.tri_le, year=2026)
    assert access.can(w26.reviewer_van_quan, access.REVIEW, plan)
    assert not access.can(w26.reviewer_lang_son, access.REVIEW, plan)


def test_the_former_district_reads_the_2024_plan_page_and_gets_404_on_the_2026_one(w26, login):
    client = login(w26.reviewer_van_quan)
    assert client.get(reverse("plan", args=[w26.plan_2024.pk])).status_code == 200
    assert client.get(reverse("plan", args=[w26.plan_2026.pk])).status_code == 404


def test_the_province_reviewer_reads_both_plans_of_its_province(w26, login):
    client = login(w26.reviewer_lang_son)
    assert client.get(reverse("plan", args=[w26.plan_2024.pk])).status_code == 200
    assert client.get(reverse("plan", args=[w26.plan_2026.pk])).status_code == 200


def test_the_other_provinces_reviewer_gets_404_on_both_plans(w26, login):
    client = login(w26.reviewer_thanh_hoa)
    assert client.get(reverse("plan", args=[w26.plan_2024.pk])).status_code == 404
    assert client.get(reverse("plan", args=[w26.plan_2026.pk])).status_code == 404
    assert client.get(reverse("commune_plans", args=[w26.diem_he.pk])).status_code == 404


def _submitted(plan):
    """The plan as if its commune had submitted it (the workflow's own tests cover the submission)."""
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)


def test_the_province_reviewer_comments_on_the_2026_plan_and_the_former_district_cannot(w26, login):
    _submitted(w26.plan_2026)
    body = {"section": Section.HEADER, "text": "Đề nghị rà lại chỉ tiêu thôn Nà Súng."}
    url = reverse("plan_comment", args=[w26.plan_2026.pk])
    assert login(w26.reviewer_van_quan).post(url, body).status_code == 404
    assert not ReviewComment.objects.filter(plan=w26.plan_2026).exists()
    response = login(w26.reviewer_lang_son).post(url, body)
    assert response.status_code == 302
    assert ReviewComment.objects.get(plan=w26.plan_2026).by == w26.reviewer_lang_son


def test_the_former_district_still_reviews_and_comments_on_the_2024_plan(w26, login):
    _submitted(w26.plan_2024)
    body = {"section": Section.HEADER, "text": "Thôn Thống Nhất: kiểm tra lại số hộ."}
    response = login(w26.reviewer_van_quan).post(reverse("plan_comment", args=[w26.plan_2024.pk]), body)
    assert response.status_code == 302
    assert ReviewComment.objects.filter(plan=w26.plan_2024, text=body["text"]).exists()
    province = login(w26.reviewer_lang_son).post(reverse("plan_comment", args=[w26.plan_2024.pk]), body)
    assert province.status_code == 403


def test_the_former_district_sees_the_communes_counts_up_to_2025_only(w26, world):
    village = world.villages.thong_nhat
    later = VillageCount.objects.create(village=village, year=2026, total_households=83, poor=3, near_poor=11)
    seen = set(VillageCount.objects.for_user(w26.reviewer_van_quan).filter(village__commune=w26.diem_he))
    assert seen == {world.counts.thong_nhat}
    assert later in set(VillageCount.objects.for_user(w26.reviewer_lang_son))


def test_the_former_district_still_sees_the_commune_itself_and_the_province_reviewer_too(w26):
    assert w26.diem_he in set(Commune.objects.for_user(w26.reviewer_van_quan))
    assert w26.diem_he in set(Commune.objects.for_user(w26.reviewer_lang_son))
    assert w26.diem_he not in set(Commune.objects.for_user(w26.reviewer_thanh_hoa))


def test_a_province_reviewer_flags_say_review_on_the_2026_plan_only(w26):
    assert access.flags(w26.reviewer_lang_son, w26.plan_2026).review
    assert not access.flags(w26.reviewer_lang_son, w26.plan_2024).review
    assert access.flags(w26.reviewer_van_quan, w26.plan_2024).review


def test_the_former_districts_table_of_2024_lists_the_commune_and_its_2026_table_does_not(w26, world):
    from plans.rollup import communes_of

    assert w26.diem_he in set(communes_of(world.districts.van_quan, 2024))
    assert w26.diem_he not in set(communes_of(world.districts.van_quan, 2026))
    assert world.communes.tri_le in set(communes_of(world.districts.van_quan, 2026))


def test_the_reviewing_unit_of_a_year_is_the_district_then_the_province(w26, world):
    assert w26.diem_he.reviewing_unit_in(2024) == world.districts.van_quan
    assert w26.diem_he.reviewing_unit_in(2026) == world.provinces.lang_son


def test_the_former_district_sees_the_reviews_events_and_results_of_its_years_only(w26, world):
    """Reviews, household events and results reports are rows of a year, like plans (their `year_path`)."""
    from households.models import EventKind, HouseholdEvent, Review
    from plans.result_models import Period, ResultReport, ResultRow

    official = world.users.official_diem_he
    reviews = {y: Review.objects.create(commune=w26.diem_he, year=y, opened_by=official) for y in (2025, 2026)}
    household = world.households.diem_he_poor
    events = {
        y: HouseholdEvent.objects.create(
            household=household,
            kind=EventKind.MOVED_OUT,
            date=datetime.date(y - 1, 12, 1),
            year=y,
            recorded_by=official,
        )
        for y in (2025, 2026)
    }
    reports = {
        p.year: ResultReport.objects.create(plan=p, period=Period.ANNUAL, created_by=official)
        for p in (w26.plan_2024, w26.plan_2026)
    }
    rows = {
        year: ResultRow.objects.create(report=report, village=world.villages.na_sung, village_name="Nà Súng")
        for year, report in reports.items()
    }
    for model, made in ((Review, reviews), (HouseholdEvent, events), (ResultReport, reports), (ResultRow, rows)):
        former = set(model.objects.for_user(w26.reviewer_van_quan))
        province = set(model.objects.for_user(w26.reviewer_lang_son))
        early, late = (made[y] for y in sorted(made))
        assert (early in former, late in former) == (True, False), model.__name__
        assert late in province, model.__name__

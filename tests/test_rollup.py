"""The district roll-up (plans.rollup): each commune's counts and its plan in force, in Vietnamese order;
the latest revisions of commune and district plans."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Sum

from households.counts import commune_counts
from households.models import Commune, VillageCount
from plans import rollup, services, workflow
from plans.creation import create_plan
from plans.models import Plan
from povertyplan.access import Role
from povertyplan.collation import sort_key
from povertyplan.models import User
from tests.support.plans import YEAR, targets_by_village


@pytest.fixture
def rollup_world(plans, world):
    """Văn Quan: Điềm He with a plan and exits, Tri Lễ without a plan (its one village counted)."""
    VillageCount.objects.create(village=world.villages.tri_le_1, year=YEAR, total_households=120, poor=6, near_poor=9)
    official = world.users.official_diem_he
    plan = services.save_plan_fields(
        by=official, plan=plans.diem_he, version=plans.diem_he.version, data={"signer_name": "Hiếu"}
    )
    targets = targets_by_village(plan)
    plan = services.save_grid(
        by=official,
        plan=plan,
        version=plan.version,
        rows={
            targets[world.villages.na_sung.pk].pk: {"exits_poor": 1, "exits_near_poor": 1},
            targets[world.villages.thong_nhat.pk].pk: {"exits_poor": 2, "exits_near_poor": 3},
        },
    )
    return plan


def _rows_by_commune(district, year=YEAR):
    rows, total = rollup.district_rows(district, year)
    return {r.key: r for r in rows}, rows, total


def test_district_rows_sum_each_communes_villages_and_its_plans_targets(rollup_world, world):
    diem_he, tri_le = world.communes.diem_he, world.communes.tri_le
    # A plan of another year of Tri Lễ does not count for 2024.
    tri_le_official = User.objects.create_user(
        username="xa.trile", password="x", role=Role.OFFICIAL, commune=tri_le, province=world.provinces.lang_son
    )
    create_plan(by=tri_le_official, commune=tri_le, year=2025)

    by_commune, rows, total = _rows_by_commune(world.districts.van_quan)
    assert set(by_commune) == {diem_he.pk, tri_le.pk}  # not Hà Trung, of another district
    for commune in (diem_he, tri_le):
        _rows, counts = commune_counts(commune, YEAR)
        row = by_commune[commune.pk]
        assert (row.households, row.poor_start, row.near_poor_start) == (counts.total, counts.poor, counts.near_poor)
        assert row.label == str(commune)

    dh, tl = by_commune[diem_he.pk], by_commune[tri_le.pk]
    assert (dh.households, dh.poor_start, dh.near_poor_start) == (84, 5, 13)
    assert (dh.exits_poor, dh.exits_near_poor, dh.status, dh.plan) == (3, 4, "Dự thảo", rollup_world)
    assert (tl.households, tl.poor_start, tl.near_poor_start) == (120, 6, 9)
    # No plan: no target stated (unknown, not 0), so the district's sums of targets are unknown too.
    assert (tl.exits_poor, tl.exits_near_poor, tl.status, tl.plan) == (None, None, "Chưa có kế hoạch", None)

    assert total.label == "Toàn huyện"
    assert (total.households, total.poor_start, total.near_poor_start) == (204, 11, 22)
    assert (total.exits_poor, total.exits_near_poor) == (None, None)
    assert (total.poor_end, total.near_poor_end) == (None, None)


def test_district_rows_follow_the_plan_status(rollup_world, world):
    official, reviewer = world.users.official_diem_he, world.users.reviewer_van_quan
    plan = workflow.perform(by=official, plan=rollup_world, name="submit", version=rollup_world.version)
    by_commune, _rows, _total = _rows_by_commune(world.districts.van_quan)
    assert by_commune[world.communes.diem_he.pk].status == "Đã trình"
    workflow.perform(by=reviewer, plan=plan, name="approve", version=plan.version)
    by_commune, _rows, _total = _rows_by_commune(world.districts.van_quan)
    assert by_commune[world.communes.diem_he.pk].status == "Đã thông qua"


def _issue_and_revise(plan: Plan, world) -> Plan:
    official, reviewer = world.users.official_diem_he, world.users.reviewer_van_quan
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=reviewer, plan=plan, name="approve", version=plan.version)
    plan = workflow.perform(
        by=official, plan=plan, name="issue", version=plan.version, number=5, issue_date=datetime.date(2024, 1, 20)
    )
    revision = workflow.new_revision(by=official, plan=plan, version=plan.version)
    targets = targets_by_village(revision)
    return services.save_grid(
        by=official,
        plan=revision,
        version=revision.version,
        rows={targets[world.villages.thong_nhat.pk].pk: {"exits_poor": 4, "exits_near_poor": 0}},
    )


def test_latest_revisions_keeps_only_the_newest_revision_of_a_communes_plan(rollup_world, world):
    revision = _issue_and_revise(rollup_world, world)
    latest = Plan.objects.filter(commune=world.communes.diem_he, year=YEAR).latest_revisions()
    assert list(latest) == [revision]


def test_district_rows_take_the_plan_in_force_not_a_draft_amendment(rollup_world, world):
    """Issued revision 1 counts while revision 2 is a draft; once revision 2 is issued, it counts."""
    issued_exits = (rollup_world.village_targets.aggregate(p=Sum("exits_poor"))["p"],)
    revision = _issue_and_revise(rollup_world, world)
    by_commune, _rows, total = _rows_by_commune(world.districts.van_quan)
    row = by_commune[world.communes.diem_he.pk]
    assert (row.exits_poor,) == issued_exits
    assert (row.status, row.plan) == ("Đã ban hành", Plan.objects.get(pk=rollup_world.pk))

    reviewer = world.users.reviewer_van_quan
    revision = workflow.perform(by=world.users.official_diem_he, plan=revision, name="submit", version=revision.version)
    revision = workflow.perform(by=reviewer, plan=revision, name="approve", version=revision.version)
    revision = workflow.perform(
        by=world.users.official_diem_he,
        plan=revision,
        name="issue",
        version=revision.version,
        number=6,
        issue_date=datetime.date(2024, 3, 1),
    )
    by_commune, _rows, total = _rows_by_commune(world.districts.van_quan)
    row = by_commune[world.communes.diem_he.pk]
    assert (row.exits_poor, row.exits_near_poor, row.plan) == (5, 1, revision)
    assert (total.exits_poor, total.exits_near_poor) == (None, None)  # Tri Lễ has no plan: unknown


def test_district_latest_revisions_keeps_only_the_newest_revision_of_the_district_plan(plans, world):
    """The district's own plans are compared without the commune: this half of the query is right."""
    reviewer, province = (
        world.users.reviewer_van_quan,
        User.objects.create_user(
            username="tinh.ls", password="x", role=Role.REVIEWER, province=world.provinces.lang_son
        ),
    )
    plan = services.save_plan_fields(
        by=reviewer, plan=plans.van_quan, version=plans.van_quan.version, data={"signer_name": "Lương Văn Hưng"}
    )
    plan = workflow.perform(by=reviewer, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=province, plan=plan, name="approve", version=plan.version)
    plan = workflow.perform(
        by=reviewer, plan=plan, name="issue", version=plan.version, number=3, issue_date=datetime.date(2024, 2, 1)
    )
    revision = workflow.new_revision(by=reviewer, plan=plan, version=plan.version)
    latest = Plan.objects.filter(district=world.districts.van_quan, commune__isnull=True).latest_revisions()
    assert list(latest) == [revision]


def test_district_rows_list_the_communes_in_vietnamese_alphabetical_order(world):
    """Đ comes right after D in Vietnamese (povertyplan/collation.py), not after Z as in byte order."""
    district = world.districts.van_quan
    for name in ("Yên Phúc", "Bình Phúc", "Đồng Giáp", "An Sơn"):
        Commune.objects.create(province=district.province, district=district, name=name)
    rows, _total = rollup.district_rows(district, YEAR)
    names = [r.label.removeprefix("xã ") for r in rows]
    assert names == sorted(names, key=sort_key)
    assert names == ["An Sơn", "Bình Phúc", "Điềm He", "Đồng Giáp", "Tri Lễ", "Yên Phúc"]

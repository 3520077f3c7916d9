"""Issuing a plan: number, date and signer required, the dates accepted, numbers unique per unit and year,
the issue form's default date and next number."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from households.models import VillageCount
from plans import workflow
from plans.creation import create_plan
from plans.models import Plan, PlanStatus
from tests.support.plans import ISSUE_DATE, SIGNER, go
from tests.support.world import fresh


@pytest.mark.parametrize(
    "missing",
    [
        {"number": None},
        {"issue_date": None},
        {"number": 0},
        {"signer_name": "   "},
    ],
    ids=["no-number", "no-date", "number-zero", "blank-signer"],
)
def test_issue_requires_number_date_and_signer(approved, users, missing):
    values = {"number": 5, "issue_date": ISSUE_DATE, "signer_name": SIGNER, **missing}
    with pytest.raises(ValidationError):
        go(approved, users.official_diem_he, "issue", **values)
    plan = fresh(approved)
    assert (plan.status, plan.number, plan.issue_date) == (PlanStatus.APPROVED, None, None)


def test_issue_signer_defaults_to_the_plans_signer_and_may_be_corrected(approved, users):
    plan = go(approved, users.official_diem_he, "issue", number=5, issue_date=ISSUE_DATE, signer_name=" Lộc Văn Hưng ")
    assert fresh(plan).signer_name == "Lộc Văn Hưng"


@pytest.mark.parametrize("date", [datetime.date(2022, 12, 30), datetime.date(2025, 1, 2)])
def test_issue_date_outside_the_plan_year_or_the_end_of_the_year_before_is_refused(approved, users, date):
    with pytest.raises(ValidationError):
        go(approved, users.official_diem_he, "issue", number=5, issue_date=date)


def test_issue_date_late_in_the_year_before_is_accepted(approved, users):
    plan = go(approved, users.official_diem_he, "issue", number=5, issue_date=datetime.date(2023, 12, 28))
    assert plan.status == PlanStatus.ISSUED


def _plan_2025_approved(world, users) -> Plan:
    for village in (world.villages.na_sung, world.villages.thong_nhat):
        VillageCount.objects.create(village=village, year=2025, total_households=90, poor=3, near_poor=8)
    plan = create_plan(by=users.official_diem_he, commune=world.communes.diem_he, year=2025)
    plan = go(plan, users.official_diem_he, "submit")  # the signer came from 2024
    return go(plan, users.reviewer_van_quan, "approve")


def test_a_number_already_issued_by_the_unit_that_year_is_refused(issued, world, users):
    plan = _plan_2025_approved(world, users)
    with pytest.raises(ValidationError) as exc:
        go(plan, users.official_diem_he, "issue", number=5, issue_date=datetime.date(2024, 12, 28))
    assert "5" in exc.value.messages[0]
    assert fresh(plan).status == PlanStatus.APPROVED
    # Another number the same year, or the same number the next year (numbers restart each year), is fine.
    assert workflow.next_number(fresh(issued)) == 6
    plan = go(plan, users.official_diem_he, "issue", number=5, issue_date=datetime.date(2025, 1, 3))
    assert (plan.status, plan.number) == (PlanStatus.ISSUED, 5)


def test_the_same_number_in_another_unit_is_fine(issued, hac_thanh_plan, users):
    plan, official = hac_thanh_plan
    plan = go(go(plan, official, "submit"), users.reviewer_thanh_hoa, "approve")
    plan = go(plan, official, "issue", number=5, issue_date=ISSUE_DATE)
    assert plan.status == PlanStatus.ISSUED


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2024, 3, 5), datetime.date(2024, 3, 5)),  # during the plan's year
        (datetime.date(2023, 12, 20), datetime.date(2023, 12, 20)),  # prepared ahead
        (datetime.date(2026, 11, 23), datetime.date(2024, 12, 31)),  # an old plan transcribed late
        (datetime.date(2021, 6, 1), datetime.date(2023, 1, 1)),  # far ahead
    ],
)
def test_default_issue_date_is_always_one_the_issue_accepts(approved, users, today, expected):
    default = workflow.default_issue_date(approved, today)
    assert default == expected
    plan = go(approved, users.official_diem_he, "issue", number=5, issue_date=default)
    assert (plan.status, plan.issue_date) == (PlanStatus.ISSUED, expected)


def test_next_number_counts_only_issued_plans_of_the_unit_in_that_year(issued, world, users):
    assert workflow.next_number(issued, 2024) == issued.number + 1
    assert workflow.next_number(issued, 2025) == 1
    other = create_plan(by=users.official_diem_he, commune=world.communes.diem_he, year=2025)
    assert workflow.next_number(other, 2024) == issued.number + 1


def test_the_refusal_names_both_years_it_accepts(approved, users):
    with pytest.raises(ValidationError) as exc:
        go(approved, users.official_diem_he, "issue", number=5, issue_date=datetime.date(2022, 5, 1))
    assert "2024" in exc.value.messages[0] and "2023" in exc.value.messages[0]

"""What the results tests share: Điềm He's 2024 plan issued with targets per village, and the 2025 review
of some of its households (their assessments of 2025 as the review records them)."""

from __future__ import annotations

from households import lookups, services
from households.models import Assessment
from plans import services as plan_services
from tests.support.plans import ISSUE_DATE, SIGNER, go, targets_by_village


def issued_with_targets(plans, world, exits: dict):
    """The world's Điềm He 2024 plan with `exits` {village: (poor, near_poor)} typed, signed, submitted,
    approved and issued (number 5 of 20/01/2024)."""
    official, reviewer = world.users.official_diem_he, world.users.reviewer_van_quan
    plan = plans.diem_he
    by_village = targets_by_village(plan)
    rows = {by_village[v.pk].pk: {"exits_poor": poor, "exits_near_poor": near} for v, (poor, near) in exits.items()}
    plan = plan_services.save_grid(by=official, plan=plan, version=plan.version, rows=rows)
    plan = plan_services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"signer_name": SIGNER})
    plan = go(plan, official, "submit")
    plan = go(plan, reviewer, "approve")
    return go(plan, official, "issue", number=5, issue_date=ISSUE_DATE)


def reassess(user, household, year: int, *, income: int, deprivations: int = 0) -> Assessment:
    """The household's assessment of `year` as the review records it (classified by the standard)."""
    indicators = list(lookups.indicators_for(year)[:deprivations])
    return services.save_household(
        by=user,
        household=household,
        data={
            "village": household.village,
            "head_name": household.head_name,
            "members": household.members,
            "ethnicity": household.ethnicity,
            "address": household.address,
            "area": household.area,
        },
        year=year,
        assessment={"income_per_capita": income, "deprivations": indicators},
        household_version=household.version,
        assessment_version=0,
    )

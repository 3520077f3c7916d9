"""What is read of a unit's plans outside the page builders: a plan's table, a unit's plans, the years a plan
can have."""

from __future__ import annotations

from households.models import Commune, District
from plans import rollup
from plans.grid import Grid, village_grid
from plans.models import Plan


def plan_table(plan: Plan) -> Grid:
    """The plan's table: its villages for a commune, the district's communes (roll-up) for a district."""
    if not plan.is_district_plan:
        return village_grid(plan)
    rows, total = rollup.district_rows(plan.district, plan.year)
    return Grid(rows=rows, total=total, live=True, missing=[])


def unit_plans(*, commune: Commune | None = None, district: District | None = None):
    """Every plan of a unit, newest year and revision first."""
    if commune is not None:
        return Plan.objects.filter(commune=commune).order_by("-year", "-revision")
    return Plan.objects.filter(district=district, commune__isnull=True).order_by("-year", "-revision")

"""The district's table of its communes for a year, summed from the communes' own data.

Each commune's households, poor and near-poor are its villages' counts of the year (registry or typed
counts, households.services); its targets are the sums of the village targets of its plan in force for
the year: the newest issued revision, else the newest revision (a draft amendment of an issued plan
does not count until issued). A commune without a plan shows its counts and no targets. Constant queries
whatever the number of communes.
"""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from households.models import Commune, District
from households.services import area_counts
from plans.models import Plan, PlanStatus
from plans.services import GridRow, sum_rows
from povertyplan.collation import vi_order


def communes_of(district: District):
    return (
        Commune.objects.filter(district=district)
        .select_related("district", "province")
        .order_by(vi_order("name"), "pk")
    )


def district_rows(district: District, year: int) -> tuple[list[GridRow], GridRow]:
    """One row per commune of the district and the district total."""
    communes = list(communes_of(district))
    plans: dict[int, Plan] = {}
    revisions = (
        Plan.objects.filter(commune__in=communes, year=year)
        .annotate(
            sum_exits_poor=Sum("village_targets__exits_poor"), sum_exits_near=Sum("village_targets__exits_near_poor")
        )
        .order_by("commune_id", "revision")
    )
    for p in revisions:
        # The plan in force: the newest issued revision; a draft amendment does not count until issued.
        # Without an issued one, the newest revision (the plan being prepared).
        current = plans.get(p.commune_id)
        if current is None or p.status == PlanStatus.ISSUED or current.status != PlanStatus.ISSUED:
            plans[p.commune_id] = p
    rows = []
    for commune, counts in area_counts(communes, year):
        plan = plans.get(commune.pk)
        rows.append(
            GridRow(
                key=commune.pk,
                label=str(commune),
                households=counts.total,
                poor_start=counts.poor,
                near_poor_start=counts.near_poor,
                exits_poor=(plan.sum_exits_poor or 0) if plan else 0,
                exits_near_poor=(plan.sum_exits_near or 0) if plan else 0,
                status=plan.get_status_display() if plan else _("Chưa có kế hoạch"),
                plan=plan,
            )
        )
    return rows, sum_rows(rows, _("Toàn huyện"))

"""The district's (or the province's) table of its communes for a year, summed from the communes' own data.

Each commune's row shows the figures of the plan it labels, its plan in force for the year: the newest
issued revision, else the newest revision (a draft amendment of an issued plan does not count until
issued). A plan being drafted reads its villages' counts of the year live (registry or typed counts,
households.counts); a submitted, approved or issued plan shows the start figures frozen at submission,
and the row carries the counts now (`current`) when the registry has changed since. Targets are the sums
of the plan's village targets, unknown (None) when a village's is not stated; a commune without a plan
shows its counts and no targets. Constant queries whatever the number of communes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from households.areas import communes_of_area
from households.counts import area_counts
from households.models import LAST_DISTRICT_YEAR, Commune, District, Province
from plans import table
from plans.grid import GridRow, sum_rows
from plans.models import Plan, PlanStatus
from povertyplan.collation import sort_key, vi_order


def communes_of(district: District, year: int):
    """The communes of the district in effect in `year` (households.areas), by Vietnamese name: up to 2025
    its former communes too, now directly under their province."""
    return communes_of_area(district, year).order_by(vi_order("name"), "pk")


def district_rows(district: District, year: int) -> tuple[list[GridRow], GridRow]:
    """One row per commune of the district and the district total."""
    rows = commune_rows(list(communes_of(district, year)), year)
    return rows, sum_rows(rows, _("Toàn huyện"))


@dataclass
class ProvinceRollup:
    """A province's table of its communes for a year: one row per commune and the province's total;
    for a year of the district level (<= LAST_DISTRICT_YEAR) the communes come grouped by the district
    they were under then, with a total per district (`groups`: district, its communes' rows, its total).
    Communes under no district that year form a group of their own (district None)."""

    rows: list[GridRow]
    total: GridRow
    groups: list[tuple[District | None, list[GridRow], GridRow]] = field(default_factory=list)


def communes_of_province(province: Province, year: int) -> list[Commune]:
    """The province's communes in effect in `year` (households.areas), by Vietnamese name; the district
    of the year is read from them without a query (district and former_district joined)."""
    return list(communes_of_area(province, year).order_by(vi_order("name"), "pk"))


def province_rollup(province: Province, year: int) -> ProvinceRollup:
    """The province's communes' rows of `year` (see ProvinceRollup); constant queries."""
    communes = communes_of_province(province, year)
    if year > LAST_DISTRICT_YEAR:
        rows = commune_rows(communes, year)
        return ProvinceRollup(rows, sum_rows(rows, _("Toàn tỉnh")))
    by_district: dict[int | None, list[Commune]] = {}
    districts: dict[int | None, District | None] = {None: None}
    for commune in communes:
        district = commune.district_in(year)
        key = district.pk if district is not None else None
        districts[key] = district
        by_district.setdefault(key, []).append(commune)
    order = sorted(by_district, key=lambda k: (k is None, sort_key(str(districts[k])) if k else ((), ())))
    communes = [c for key in order for c in by_district[key]]
    rows = commune_rows(communes, year)
    by_pk = {row.key: row for row in rows}
    groups = []
    for key in order:
        group = [by_pk[c.pk] for c in by_district[key]]
        district = districts[key]
        label = _("Cộng {district}").format(district=district) if district else _("Cộng các xã không thuộc huyện")
        subtotal = sum_rows(group, label)
        subtotal.key = f"district-{key or 0}"
        groups.append((district, group, subtotal))
    return ProvinceRollup(rows, sum_rows(rows, _("Toàn tỉnh")), groups)


def commune_rows(communes: list[Commune], year: int) -> list[GridRow]:
    """One row per commune, in the order given (see the module's docstring)."""
    plans: dict[int, Plan] = {}
    # For each summed column, its SQL sum and how many rows state it (SQL's SUM skips NULLs).
    summed = {}
    for column in _SUMMED:
        summed[f"sum_{column}"] = Sum(f"village_targets__{column}")
        summed[f"n_{column}"] = Count(f"village_targets__{column}")
    revisions = (
        Plan.objects.filter(commune__in=communes, year=year)
        .annotate(n_rows=Count("village_targets"), **summed)
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
        row = GridRow(
            key=commune.pk,
            label=str(commune),
            status=plan.get_status_display() if plan else _("Chưa có kế hoạch"),
            plan=plan,
            **{c.key: getattr(counts, c.compute.count) for c in _START},
        )
        if plan is not None:
            for c in _TYPED:
                setattr(row, c.key, _total(plan, c.target_field))
            if not plan.is_editable:
                live = tuple(getattr(row, c.key) for c in _START)
                for c in _START:
                    setattr(row, c.key, _total(plan, c.compute.frozen))
                if live != tuple(getattr(row, c.key) for c in _START):
                    row.current = live
        rows.append(row)
    return rows


# The counts a commune's row sums over its plan's village rows, as plans/table.py declares them: the start
# figures (read live from the counts while the plan is drafted, frozen at submission) and the typed targets.
_START = [c for c in table.stored_columns() if isinstance(c.compute, table.FromCounts)]
_TYPED = [c for c in table.stored_columns() if isinstance(c.compute, table.Typed) and c.kind == table.Kind.COUNT]
_SUMMED = tuple(c.target_field for c in _TYPED) + tuple(c.compute.frozen for c in _START)


def _total(plan: Plan, column: str) -> int | None:
    """The sum of a column over the plan's village rows; None when a row does not state it (or no rows)."""
    if not plan.n_rows or getattr(plan, f"n_{column}") != plan.n_rows:
        return None
    return getattr(plan, f"sum_{column}")

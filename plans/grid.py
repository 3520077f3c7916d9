"""The plan's per-village table as read: start figures from the year's counts (live while the plan is
editable), the targets typed per village, the computed rates, year-end figures and totals; and the freeze
that copies the start figures and the names into the rows on submission.

A read model only: it writes nothing but the freeze, which the workflow calls inside its transition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from households.counts import Source, village_rows
from plans import checks, table
from plans.models import Officer, Plan, PlanProject, VillageTarget


@dataclass
class GridRow:
    """A row of the per-village target table: start figures (counts of the year), targets, end figures."""

    key: int | str
    label: str
    households: int | None = None
    poor_start: int | None = None
    near_poor_start: int | None = None
    exits_poor: int | None = None  # None: not stated (never taken as 0)
    exits_near_poor: int | None = None
    source: str = Source.NONE
    target: VillageTarget | None = None
    officer: Officer | None = None
    status: str = ""  # the commune's plan status, on the district roll-up
    plan: Plan | None = None
    # The names the row shows: frozen at submission, else read live.
    name: str = ""
    officer_name: str = ""
    officer_position: str = ""
    officer_phone: str = ""
    # On the district roll-up, the registry's figures now when they differ from the frozen plan's.
    current: tuple[int | None, int | None, int | None] | None = None

    # The computed columns (end of year, rates), as plans/table.py declares them: row.poor_rate and the
    # like are read through the declaration, so a computed column added there needs no edit here.
    def __getattr__(self, name: str):
        if not name.startswith("_"):
            try:
                compute = table.column(name).compute
            except KeyError:
                compute = None
            if isinstance(compute, table.StartMinusExits | table.RateOf):
                return table.value(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def _sum(values: Iterable[int | None]) -> int | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def sum_rows(rows: list[GridRow], label: str = "") -> GridRow:
    """The totals row: each column summed, unknown where a row lacks the figure."""
    return GridRow(
        key=checks.TOTAL_KEY,
        label=label or _("Tổng cộng"),
        households=_sum(r.households for r in rows),
        poor_start=_sum(r.poor_start for r in rows),
        near_poor_start=_sum(r.near_poor_start for r in rows),
        exits_poor=_sum(r.exits_poor for r in rows),
        exits_near_poor=_sum(r.exits_near_poor for r in rows),
    )


@dataclass
class Grid:
    rows: list[GridRow]
    total: GridRow
    live: bool = True  # start figures read from the counts now (False: frozen at submission)
    missing: list[GridRow] = field(default_factory=list)


def village_grid(plan: Plan) -> Grid:
    """The plan's per-village table, in three queries (targets, registry totals, typed counts)."""
    targets = list(plan.village_targets.select_related("village", "officer").order_by("village__order", "village__id"))
    live = plan.is_editable
    counts = {}
    if live:
        counts = {row.village.pk: row for row in village_rows([t.village for t in targets], plan.year)}
    rows = []
    for t in targets:
        row = GridRow(
            key=t.village_id,
            label=str(t.village),
            exits_poor=t.exits_poor,
            exits_near_poor=t.exits_near_poor,
            target=t,
            officer=t.officer,
            name=t.village.name,
        )
        if t.officer is not None:
            row.officer_name, row.officer_position, row.officer_phone = _officer_names(t.officer)
        if live:
            c = counts[t.village_id]
            row.households, row.poor_start, row.near_poor_start, row.source = c.total, c.poor, c.near_poor, c.source
            if c.pending:  # the year's review is still open there: its figures are not known yet
                row.households = row.poor_start = row.near_poor_start = None
        else:
            row.households, row.poor_start, row.near_poor_start = t.households_start, t.poor_start, t.near_poor_start
            row.source = Source.NONE if t.households_start is None else "frozen"
            if t.village_label:
                row.label, row.name = t.village_label, t.village_name
            if t.officer_name:
                row.officer_name, row.officer_position, row.officer_phone = (
                    t.officer_name,
                    t.officer_position,
                    t.officer_phone,
                )
        rows.append(row)
    return Grid(rows=rows, total=sum_rows(rows), live=live, missing=[r for r in rows if r.households is None])


def _officer_names(officer: Officer) -> tuple[str, str, str]:
    return officer.name, officer.position, officer.phone


FROZEN_ROW_FIELDS = (
    "households_start",
    "poor_start",
    "near_poor_start",
    "village_name",
    "village_label",
    "officer_name",
    "officer_position",
    "officer_phone",
)


def freeze_start_figures(plan: Plan) -> None:
    """Write the live start figures and the names the plan shows into its rows (on submission): the
    village's name, the officer's name, position and phone, each project's program item. A submitted or
    issued plan then shows what was submitted, whatever changes in the registry or the names later."""
    grid = village_grid(plan)
    for row in grid.rows:
        t = row.target
        t.households_start, t.poor_start, t.near_poor_start = row.households, row.poor_start, row.near_poor_start
        t.village_name, t.village_label = t.village.name, str(t.village)
        t.officer_name, t.officer_position, t.officer_phone = (
            _officer_names(t.officer) if t.officer is not None else ("", "", "")
        )
    VillageTarget.objects.bulk_update([row.target for row in grid.rows], FROZEN_ROW_FIELDS)
    projects = list(plan.projects.select_related("item"))
    for project in projects:
        project.freeze_item()
    PlanProject.objects.bulk_update(projects, ["item_kind", "item_number", "item_name"])

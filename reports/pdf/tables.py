"""The tables as the PDF prints them: the plan's per-village table and the district roll-up, laid out from the
one column declaration (plans/table.py), each cell already written the Vietnamese way ("1.182", "2,62",
"—" for a figure nobody stated)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from households.models import District, Province
from plans import rollup, table
from plans.grid import Grid, GridRow
from plans.models import Plan
from plans.reads import plan_table
from povertyplan.numbers import format_number


@dataclass(frozen=True)
class PrintedCell:
    text: str
    numeric: bool


@dataclass(frozen=True)
class PrintedTable:
    """Headers (row number and unit first), rows and the totals row, as text."""

    unit_label: str
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, tuple[PrintedCell, ...]], ...]
    total_label: str
    total: tuple[PrintedCell, ...]

    @property
    def width(self) -> int:
        return len(self.columns) + 2


def cell_text(row: GridRow, c: table.Column, *, total: bool = False) -> PrintedCell:
    """One value: a count or rate the Vietnamese way, "—" when unknown; a name as it is (blank on the totals)."""
    if not c.numeric:
        if total:
            return PrintedCell("", False)
        value = table.value(row, c.key)
        return PrintedCell("" if value is None else str(value), False)
    value = table.value(row, c.key)
    return PrintedCell(format_number(value, c.places) if value is not None else "—", True)


def printed_table(rows: list[GridRow], total: GridRow, columns: list[table.Column], unit_label: str) -> PrintedTable:
    return PrintedTable(
        unit_label=unit_label,
        columns=tuple(str(c.label) for c in columns),
        numeric=tuple(c.numeric for c in columns),
        rows=tuple((row.label, tuple(cell_text(row, c) for c in columns)) for row in rows),
        total_label=str(total.label),
        total=tuple(cell_text(total, c, total=True) for c in columns),
    )


def plan_printed_table(plan: Plan, grid: Grid | None = None) -> PrintedTable:
    """The plan's table: its villages in the declared columns, or the district's communes for a district plan."""
    grid = grid or plan_table(plan)
    if plan.is_district_plan:
        columns = [c for c in table.rollup_columns() if c.kind != table.Kind.STATUS]
        return printed_table(grid.rows, grid.total, columns, _("Xã"))
    columns = table.table_columns()
    if plan.transcribed:
        # A plan typed from its document prints the columns that document printed: not those no row states.
        rows = [*grid.rows, grid.total]
        columns = [c for c in columns if any(table.value(r, c.key) not in (None, "") for r in rows)]
    return printed_table(grid.rows, grid.total, columns, _("Thôn"))


def rollup_printed_table(unit: District | Province, year: int) -> PrintedTable:
    """The roll-up page's rows: a district's communes (plans/rollup.py); for a province, one row per commune
    and the province's total, or for a year of the district level one row per district of that year
    (its total over its communes)."""
    if isinstance(unit, District):
        rows, total = rollup.district_rows(unit, year)
        return printed_table(rows, total, table.rollup_columns(), _("Xã"))
    made = rollup.province_rollup(unit, year)
    if made.groups:  # a year of the district level: one row per district of that year
        rows = []
        for district, _rows, subtotal in made.groups:
            subtotal.label = str(district) if district else _("Các xã không thuộc huyện")
            rows.append(subtotal)
        columns = [c for c in table.rollup_columns() if c.kind != table.Kind.STATUS]
        return printed_table(rows, made.total, columns, _("Huyện"))
    return printed_table(made.rows, made.total, table.rollup_columns(), _("Xã"))

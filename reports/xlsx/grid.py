"""A table of rows and its totals row on a sheet: the plan's per-village table or the district roll-up,
its columns from the one declaration (plans/table.py), its totals and rates as formulas.

Each column's computation in the declaration says what its cells hold:
- a count read or typed (FromCounts, Typed, Current): the figure on each row, and on the totals row
  `SUM(...)` over the rows; a column the app shows no total for, because a row does not state the figure,
  gets an empty totals cell, never a SUM that would count the unknown as 0;
- a year-end figure (StartMinusExits): `start - exits` of the same row (the totals row too);
- a rate (RateOf): `IF(whole=0,"",ROUND(part/whole*100,2))` of the same row (reports/rates.py), a
  percentage number;
- a text or a status: the text, as text.
A computed cell whose figure the app shows unknown is empty: no formula turns an unknown into 0.
The values the formulas give equal those plans.table.value computes (tests/test_xlsx_exports.py
recomputes every formula).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from plans import table
from reports import rates
from reports.xlsx import sheet
from reports.xlsx.cells import Formula, put
from reports.xlsx.formats import COUNT, RATE

FIRST_COLUMN = 3  # after the row number and the unit's name


@dataclass(frozen=True)
class TableSheet:
    """What goes on the sheet: the title rows, the second column's header, the columns, rows and total."""

    titles: list[tuple[str, bool]]
    unit_label: str
    columns: list[table.Column]
    rows: list[Any]
    total: Any


def write_table(ws, spec: TableSheet) -> None:
    width = FIRST_COLUMN - 1 + len(spec.columns)
    header_row = sheet.write_titles(ws, spec.titles, width)
    sheet.write_header(
        ws, header_row, [str(table.ROW_NUMBER_LABEL), str(spec.unit_label), *(str(c.label) for c in spec.columns)]
    )
    letters = {c.key: get_column_letter(FIRST_COLUMN + i) for i, c in enumerate(spec.columns)}
    first = header_row + 1
    last = header_row + len(spec.rows)
    for number, row in enumerate(spec.rows, start=1):
        r = header_row + number
        put(ws.cell(row=r, column=1), number)
        put(ws.cell(row=r, column=2), row.label)
        for i, c in enumerate(spec.columns):
            _put_value(ws.cell(row=r, column=FIRST_COLUMN + i), c, _content(row, c, r, letters, None))
    r = last + 1
    label = put(ws.cell(row=r, column=2), spec.total.label)
    label.font = sheet.BOLD
    for i, c in enumerate(spec.columns):
        cell = ws.cell(row=r, column=FIRST_COLUMN + i)
        _put_value(cell, c, _content(spec.total, c, r, letters, (first, last)))
        cell.font = sheet.BOLD
    for row_cells in ws.iter_rows(min_row=first, max_row=r, max_col=width):
        for cell in row_cells:
            cell.border = sheet.BOX
    widths = [5, 24, *(_width(c) for c in spec.columns)]
    sheet.lay_out(ws, widths=widths, header_row=header_row, frozen_columns=2)


def _content(row: Any, c: table.Column, r: int, letters: dict[str, str], summed: tuple[int, int] | None):
    """A cell's content: the value, or the formula giving it; None where the app shows it unknown."""
    shown = table.value(row, c.key)
    if c.kind == table.Kind.TEXT:
        notes = table.notes(row, c.key)
        return " · ".join(v for v in (shown or "", notes) if v) or None
    if c.kind == table.Kind.STATUS:
        return row.status or None
    if shown is None:
        return None
    compute = c.compute
    if isinstance(compute, table.RateOf) and {compute.part, compute.whole} <= letters.keys():
        part, whole = f"{letters[compute.part]}{r}", f"{letters[compute.whole]}{r}"
        return Formula(rates.excel_formula(part, whole))
    if isinstance(compute, table.StartMinusExits) and {compute.start, compute.exits} <= letters.keys():
        return Formula(f"{letters[compute.start]}{r}-{letters[compute.exits]}{r}")
    if summed is not None and c.kind == table.Kind.COUNT:
        letter = letters[c.key]
        return Formula(f"SUM({letter}{summed[0]}:{letter}{summed[1]})")
    return shown


def _put_value(cell, c: table.Column, content) -> None:
    fmt = RATE if c.kind == table.Kind.RATE else COUNT if c.kind == table.Kind.COUNT else None
    put(cell, content, fmt)
    if c.numeric:
        cell.number_format = fmt
    else:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _width(c: table.Column) -> float:
    if c.kind == table.Kind.TEXT:
        return 30
    if c.kind == table.Kind.STATUS:
        return 18
    return 11

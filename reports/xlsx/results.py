"""A results report's table in Excel: per village the targets against what was achieved, from the one column
declaration (plans/result_table.py). Counts are numbers (unknown: an empty cell, never 0), the totals row
`SUM` where every row states the figure (else empty), a percentage the formula
`ROUND(achieved/target*100,2)` of the same row where the app computes it (both known, a target above 0),
else empty: no formula turns an unknown into 0."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from plans import result_pages
from plans.result_models import ResultReport
from plans.result_table import COLUMNS, ROW_NUMBER_LABEL, Kind, report_table, value
from reports import rates
from reports.pdf.results import report_filename
from reports.xlsx import sheet
from reports.xlsx.cells import Formula, put
from reports.xlsx.exports import Export, place_names, workbook_bytes
from reports.xlsx.formats import COUNT, RATE, new_workbook

FIRST_COLUMN = 3


def _rate_formula(letters: dict[str, str], c, r: int, line) -> Formula | None:
    if value(line, c.key) is None:
        return None
    done, target = (f"{letters[k]}{r}" for k in c.ratio)
    return Formula(f"ROUND({rates.expression(done, target)},2)")  # written only where the target is above 0


def report_workbook(report: ResultReport) -> Export:
    with translation.override("vi"):
        table = report_table(report)
        plan = report.plan
        workbook = new_workbook()
        ws = workbook.active
        ws.title = _("Kết quả theo thôn")
        width = FIRST_COLUMN - 1 + len(COLUMNS)
        titles = [
            (result_pages.title(report), True),
            (place_names(plan.commune, plan.commune.district_in(plan.year), plan.commune.province), False),
        ]
        header_row = sheet.write_titles(ws, titles, width)
        sheet.write_header(ws, header_row, [str(ROW_NUMBER_LABEL), _("Thôn"), *(str(c.label) for c in COLUMNS)])
        letters = {c.key: get_column_letter(FIRST_COLUMN + i) for i, c in enumerate(COLUMNS)}
        first, last = header_row + 1, header_row + len(table.lines)
        for n, line in enumerate(table.lines, start=1):
            r = header_row + n
            put(ws.cell(row=r, column=1), n)
            put(ws.cell(row=r, column=2), line.label)
            for i, c in enumerate(COLUMNS):
                content = _rate_formula(letters, c, r, line) if c.kind == Kind.RATE else value(line, c.key)
                put(ws.cell(row=r, column=FIRST_COLUMN + i), content, RATE if c.kind == Kind.RATE else COUNT)
        r = last + 1
        put(ws.cell(row=r, column=2), table.total.label).font = sheet.BOLD
        for i, c in enumerate(COLUMNS):
            if c.kind == Kind.RATE:
                content = _rate_formula(letters, c, r, table.total)
            elif value(table.total, c.key) is None or not table.lines:
                content = None  # a row does not state it: no SUM that would count it as 0
            else:
                content = Formula(f"SUM({letters[c.key]}{first}:{letters[c.key]}{last})")
            cell = put(ws.cell(row=r, column=FIRST_COLUMN + i), content, RATE if c.kind == Kind.RATE else COUNT)
            cell.font = sheet.BOLD
        for row_cells in ws.iter_rows(min_row=first, max_row=r, max_col=width):
            for cell in row_cells:
                cell.border = sheet.BOX
        sheet.lay_out(ws, widths=[5, 24, *(12 for _c in COLUMNS)], header_row=header_row, frozen_columns=2)
        return Export(filename=report_filename(report, "xlsx"), content=workbook_bytes(workbook))

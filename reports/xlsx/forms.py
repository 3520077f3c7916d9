"""The review-result forms in Excel, from the filled pack (reports/forms/build.py): the official layout.

Each form is a sheet: "ỦY BAN NHÂN DÂN <unit>" on the left and the national motto on the right, the
title centred, the header tree as merged cells, the column-number row, the data rows, subtotals per
district where the area has them, the totals row, the notes, and the footer (Người lập biểu / place and
date, CHỦ TỊCH). Counts are numbers; derived columns (rates, sums, the movement identity) and every
subtotal and total are formulas whose values equal the pack's (tests/support/xlsx_eval.py recomputes
them); the rates of forms 5 and 7, of counts the form does not print, divide cells holding those counts
beside the table, outside the print area. An unknown figure is an empty cell, never a formula that would
make it 0; a unit without the form's data says "không có số liệu" across its row; a form without any data
says why, without a table.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from plans.document import MOTTO, NATIONAL_NAME
from reports import rates
from reports.forms.build import FilledForm, Pack, Row
from reports.forms.definitions import Column, Expanded
from reports.xlsx import sheet
from reports.xlsx.cells import Formula, put
from reports.xlsx.formats import COUNT, RATE
from reports.xlsx.sheet import BOLD, LEFT, NOTE_FONT, TITLE_FONT, WRAP


def _merge(ws, row: int, first: int, last: int, text: str, font=None, alignment=WRAP, end_row: int | None = None):
    cell = put(ws.cell(row=row, column=first), text)
    if font is not None:
        cell.font = font
    cell.alignment = alignment
    if last > first or (end_row and end_row > row):
        ws.merge_cells(start_row=row, start_column=first, end_row=end_row or row, end_column=last)
    return cell


def _heading(ws, pack: Pack, filled: FilledForm, width: int) -> int:
    """The document header and title; returns the first row of the table's header."""
    left = max(2, width // 3)
    _merge(ws, 1, 1, left, pack.body, BOLD)
    _merge(ws, 1, left + 1, width, NATIONAL_NAME, BOLD)
    _merge(ws, 2, left + 1, width, MOTTO, BOLD)
    _merge(ws, 4, 1, width, _("Biểu {number}").format(number=filled.number), BOLD)
    _merge(ws, 5, 1, width, filled.definition.title, TITLE_FONT)
    ws.row_dimensions[5].height = 34
    _merge(ws, 6, 1, width, pack.subtitle, NOTE_FONT)
    return 8


def _footer(ws, pack: Pack, row: int, width: int) -> None:
    left = max(2, width // 3)
    _merge(ws, row, 1, left, _("Người lập biểu"), BOLD)
    _merge(ws, row + 1, 1, left, _("(Ký, ghi rõ họ tên)"), NOTE_FONT)
    _merge(ws, row - 1, left + 1, width, _("{place}, ngày ... tháng ... năm ...").format(place=pack.place), NOTE_FONT)
    _merge(ws, row, left + 1, width, _("CHỦ TỊCH"), BOLD)
    _merge(ws, row + 1, left + 1, width, _("(Ký, ghi rõ họ tên, đóng dấu)"), NOTE_FONT)


def _row_refs(filled: FilledForm, rows_at: dict[int, int], row: Row) -> list[int]:
    """The sheet rows a subtotal or the total adds up (unit rows with figures, or subtotals)."""
    if row.parts:
        return [rows_at[i] for i in row.parts]
    return [
        rows_at[i]
        for i in range(row.first, row.last + 1)
        if filled.rows[i].kind == "unit" and filled.rows[i].sublabel == row.sublabel and not filled.rows[i].missing
    ]


def _sum_formula(letter: str, refs: list[int]) -> Formula:
    if refs == list(range(refs[0], refs[0] + len(refs))):
        return Formula(f"SUM({letter}{refs[0]}:{letter}{refs[-1]})")
    return Formula("+".join(f"{letter}{r}" for r in refs))


def write_form(ws, pack: Pack, filled: FilledForm) -> None:
    expanded = filled.expanded
    stub = expanded.definition.stub
    first = len(stub) + 1
    width = len(stub) + len(expanded.columns)
    top = _heading(ws, pack, filled, width)
    if not filled.available:
        _merge(ws, top, 1, width, filled.reason, BOLD, LEFT)
        ws.row_dimensions[top].height = 32
        sheet.lay_out(ws, widths=[5, 26] + [10] * (width - 2), header_row=top, frozen_columns=0)
        _footer(ws, pack, top + 3, width)
        return
    depth = expanded.depth
    for i, s in enumerate(stub, start=1):
        label = pack.unit_label if s["label"] == "Đơn vị" else s["label"]
        _merge(ws, top, i, i, label, BOLD, end_row=top + depth - 1)
    for h in expanded.header:
        column = first + h.column
        _merge(ws, top + h.row, column, column + h.colspan - 1, h.label, BOLD, end_row=top + h.row + h.rowspan - 1)
    numbers_row = top + depth
    for r in range(top, numbers_row):
        ws.row_dimensions[r].height = 48 if r == numbers_row - 1 else 30
    for i, s in enumerate(stub, start=1):
        put(ws.cell(row=numbers_row, column=i), s["number"]).alignment = WRAP
    for i, text in enumerate(expanded.numbers):
        put(ws.cell(row=numbers_row, column=first + i), text).alignment = WRAP
    for r in range(top, numbers_row + 1):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.border, cell.fill = sheet.BOX, sheet.HEADER_FILL
            cell.font = BOLD if r < numbers_row else NOTE_FONT
    letters = {c.key: get_column_letter(first + i) for i, c in enumerate(expanded.columns)}
    parts = _parts_header(ws, expanded, top, numbers_row, width + 2)
    letters.update({c.part_key: get_column_letter(width + 2 + i) for i, c in enumerate(parts)})
    rows_at = {index: numbers_row + 1 + index for index in range(len(filled.rows))}
    for index, row in enumerate(filled.rows):
        r = rows_at[index]
        _write_row(ws, filled, row, r, first, width, letters, rows_at)
    last = numbers_row + len(filled.rows)
    for cells in ws.iter_rows(min_row=numbers_row + 1, max_row=last, max_col=width + (len(parts) + 1 if parts else 0)):
        for cell in cells:
            if cell.column != width + 1:
                cell.border = sheet.BOX
    r = last + 2
    for note in filled.notes:
        _merge(ws, r, 1, width, note, NOTE_FONT, LEFT)
        ws.row_dimensions[r].height = 30
        r += 1
    widths = [5, 26] + ([10] if len(stub) == 3 else []) + [10] * len(expanded.columns)
    if parts:
        widths += [3] + [10] * len(parts)
    sheet.lay_out(ws, widths=widths, header_row=numbers_row, frozen_columns=len(stub))
    ws.print_title_rows = f"{top}:{numbers_row}"
    _footer(ws, pack, r + 2, width)
    if parts:  # the form prints as the circular has it, without the counts beside it
        ws.print_area = f"A1:{get_column_letter(width)}{r + 3}"


def _parts_header(ws, expanded: Expanded, top: int, numbers_row: int, start: int) -> list[Column]:
    """Beside the table, after an empty column: the counts the `rate_of` columns (forms 5 and 7) are rates
    of, which the form itself does not print, so that each rate is a formula of cells as the others are.
    Headed by what they are for, each over the number of the rate's column; not in the print area."""
    parts = [c for c in expanded.columns if c.kind == "rate_of"]
    if not parts:
        return []
    numbers = [c.number for c in parts]
    label = _("Ngoài biểu (không in): số liệu để tính tỷ lệ các cột {first}-{last}").format(
        first=min(numbers), last=max(numbers)
    )
    end = start + len(parts) - 1
    items_row = top + 1 if numbers_row - top >= 2 else top  # a one-level header: the items only
    if items_row > top:
        _merge(ws, top, start, end, label, BOLD)
    for i, c in enumerate(parts):
        _merge(ws, items_row, start + i, start + i, c.label, BOLD, end_row=numbers_row - 1)
        put(ws.cell(row=numbers_row, column=start + i), _("cho cột {number}").format(number=c.number))
    for r in range(top, numbers_row + 1):
        for column in range(start, end + 1):
            cell = ws.cell(row=r, column=column)
            cell.border, cell.fill = sheet.BOX, sheet.HEADER_FILL
            cell.font = BOLD if r < numbers_row else NOTE_FONT
            cell.alignment = WRAP
    return parts


def _write_row(ws, filled: FilledForm, row: Row, r: int, first: int, width: int, letters, rows_at) -> None:
    stub = filled.expanded.definition.stub
    bold = row.kind in ("subtotal", "total", "group")
    if row.kind == "group":
        _merge(ws, r, 1, width, row.label, BOLD, LEFT)
        return
    if row.number is not None and row.sublabel in ("", _("Hộ")):
        put(ws.cell(row=r, column=1), row.number)
    if row.sublabel != _("Nhân khẩu"):
        put(ws.cell(row=r, column=2), row.label).alignment = LEFT
    if len(stub) == 3:
        put(ws.cell(row=r, column=3), row.sublabel)
    if row.missing:
        _merge(ws, r, first, width, row.missing, NOTE_FONT, LEFT)
        return
    refs = _row_refs(filled, rows_at, row) if row.kind != "unit" else []

    def count(key: str, value):
        """A count: the unit's figure, or the sum of the rows a subtotal or the total adds up."""
        if value is None:
            return None
        return _sum_formula(letters[key], refs) if refs else (value if row.kind == "unit" else None)

    for i, c in enumerate(filled.expanded.columns):
        cell = ws.cell(row=r, column=first + i)
        value = row.values.get(c.key)
        content = None
        if value is None:
            content = None
        elif c.kind == "measure":
            content = count(c.key, value)
        elif c.kind == "rate":
            part, whole = f"{letters[c.part]}{r}", f"{letters[c.whole]}{r}"
            content = Formula(rates.excel_formula(part, whole))
        elif c.kind == "rate_of":
            part, whole = f"{letters[c.part_key]}{r}", f"{letters[c.whole]}{r}"
            content = Formula(rates.excel_formula(part, whole))
        elif c.kind == "sum":
            content = Formula("".join(f"{'-' if s < 0 else '+'}{letters[k]}{r}" for s, k in c.terms).lstrip("+"))
        put(cell, content)
        cell.number_format = RATE if c.is_rate else COUNT  # formulas too: put() formats only numbers
        if bold:
            cell.font = BOLD
        if c.kind == "rate_of":
            key = c.part_key
            part = put(ws[f"{letters[key]}{r}"], count(key, row.expected.get(key)))
            part.number_format = COUNT
            if bold:
                part.font = BOLD
    if bold:
        ws.cell(row=r, column=2).font = BOLD


def pack_workbook(pack: Pack, numbers: list[int] | None = None):
    """A workbook with one sheet per form (all ten, or the numbers asked for)."""
    from reports.xlsx.formats import new_workbook

    workbook = new_workbook()
    workbook.remove(workbook.active)
    for filled in pack.forms:
        if numbers is None or filled.number in numbers:
            write_form(workbook.create_sheet(filled.definition.sheet), pack, filled)
    return workbook

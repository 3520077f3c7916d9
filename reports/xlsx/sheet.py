"""The furniture of an export's sheet: title rows, the header row, frozen panes, column widths, and
printing (A4 landscape, one page wide, as many pages down as it takes, the header repeated on each).

Works on a normal sheet (the small tables: title rows merged across the table) and on a write-only one
(household lists: everything but the rows is set before the first row is appended, no merged cells).
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reports.xlsx.cells import put, streamed

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
NOTE_FONT = Font(italic=True)


def lay_out(ws, *, widths: list[float], header_row: int, frozen_columns: int) -> None:
    """Column widths, the frozen header (and the first `frozen_columns` columns), print setup.

    For a write-only sheet, call before the first row is appended."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def write_titles(ws, titles: list[tuple[str, bool]], width: int) -> int:
    """The title rows of a normal sheet, each merged across the table's `width` columns: (text, bold).
    Returns the next free row (a blank row is left under the titles)."""
    for row, (text, bold) in enumerate(titles, start=1):
        cell = put(ws.cell(row=row, column=1), text)
        cell.font = TITLE_FONT if bold else NOTE_FONT
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return len(titles) + 2


def write_header(ws, row: int, labels: list[str]) -> None:
    """The header row of a normal sheet: bold, boxed, wrapped, shaded."""
    ws.row_dimensions[row].height = 45
    for column, label in enumerate(labels, start=1):
        cell = put(ws.cell(row=row, column=column), label)
        cell.font, cell.alignment, cell.border, cell.fill = BOLD, WRAP, BOX, HEADER_FILL


def streamed_titles(ws, titles: list[tuple[str, bool]]) -> int:
    """The title rows of a write-only sheet (in column A, not merged), a blank row; the next row number."""
    for text, bold in titles:
        cell = streamed(ws, text)
        cell.font = TITLE_FONT if bold else NOTE_FONT
        ws.append([cell])
    ws.append([])
    return len(titles) + 2


def streamed_header(ws, labels: list[str]) -> None:
    """The header row of a write-only sheet."""
    cells = []
    for label in labels:
        cell = streamed(ws, label)
        cell.font, cell.alignment, cell.border, cell.fill = BOLD, WRAP, BOX, HEADER_FILL
        cells.append(cell)
    ws.append(cells)

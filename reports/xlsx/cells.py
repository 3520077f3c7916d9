"""The one way a value goes into a cell of an export.

- User text is always a string cell, never a formula (a known trap of spreadsheet exports): openpyxl stores any string
  starting with "=" as a formula, and Excel and LibreOffice evaluate a text starting with "+", "-" or
  "@" typed into a cell. A text is written with the cell's type forced to a string ("s", a shared
  string in the file), so both applications show it exactly as typed; a text starting with one of
  `= + - @ \\t \\r` also gets the quote prefix (the cell style Excel gives a text typed after an
  apostrophe), so that editing the cell later keeps it text. Characters an xlsx cannot hold (control
  characters other than tab, line feed and carriage return) are dropped rather than failing the export.
- Numbers are numbers (int, Decimal, float), with the given number format.
- None is an empty cell: unknown is not zero.
- Dates are dates (format DD/MM/YYYY).
- Formulas only from `Formula`, which the exports build from cell references, never from user text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell.cell import WriteOnlyCell as _write_only_cell

from reports.xlsx.formats import DATE

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Formula:
    """A formula the export builds itself (without the leading "=")."""

    text: str


def safe_text(value: object) -> str:
    """The text of a value as a cell can hold it."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def put(cell: Cell, value: object, number_format: str | None = None) -> Cell:
    """Write `value` into `cell` by the rules above; returns the cell."""
    if value is None:
        cell.value = None
    elif isinstance(value, Formula):
        cell.value = f"={value.text}"
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float | Decimal):
        cell.value = value
        if number_format:
            cell.number_format = number_format
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = number_format or DATE
    else:
        text = safe_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl took a leading "=" for a formula: it is text
        if text.startswith(DANGEROUS_START):
            cell.quotePrefix = True
    return cell


def streamed(worksheet, value: object, number_format: str | None = None) -> Cell:
    """A cell for a write-only sheet's `append`, written by the same rules."""
    return put(_write_only_cell(worksheet), value, number_format)

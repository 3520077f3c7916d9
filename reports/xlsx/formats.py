"""Number formats of the exports, and the workbook's language.

An xlsx file stores a number format in the file format's own notation, where "," is the thousands
separator and "." the decimal point whatever the language: the application that opens the file shows
them with the separators of the *viewer's* locale. On a machine set to Vietnamese, `#,##0` shows 1182 as
"1.182" and `0.00` shows 2.62 as "2,62", as the plan prints them. A literal format such as `#.##0` would
break this (it would be read as a decimal format with a literal "."), so only the standard codes are used.

Rates are stored as percentage numbers (2.62, not 0.0262) with the format `0.00`, and their header says
"(%)" — the same everywhere (per-village table, roll-up): the cell holds the figure the plan prints.
"""

from __future__ import annotations

from openpyxl import Workbook

COUNT = "#,##0"  # a number of households, an income
RATE = "0.00"  # a rate as a percentage number: 2.62 is 2,62%
DATE = "DD/MM/YYYY"

LANGUAGE = "vi-VN"


def new_workbook(*, write_only: bool = False) -> Workbook:
    """A workbook whose document properties say it is in Vietnamese (the language hint openpyxl offers)."""
    workbook = Workbook(write_only=write_only)
    workbook.properties.language = LANGUAGE
    workbook.properties.creator = "povertyplan"
    return workbook

"""A rate's formula as the exports state it, written once: part / whole * 100.

`expression(part, whole)` is the arithmetic, over whatever names the two figures: the column-number row
of a review form says "4=3/1*100" (column numbers), an Excel cell holds
`IF(C7=0,"",ROUND(D7/C7*100,2))` (cell references, `excel_formula`). The computation itself, the figure
the app shows, is povertyplan.numbers.rate; a formula gives the same value (2 decimals, blank where the
whole is 0).
"""

from __future__ import annotations


def expression(part: str, whole: str) -> str:
    """The rate of `part` in `whole` as a percentage: "3/1*100"."""
    return f"{part}/{whole}*100"


def excel_formula(part: str, whole: str) -> str:
    """The Excel formula (without "=") of the rate of the cell `part` in the cell `whole`."""
    return f'IF({whole}=0,"",ROUND({expression(part, whole)},2))'

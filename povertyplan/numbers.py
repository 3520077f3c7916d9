"""Rates, rounding and the Vietnamese way of writing numbers and dates.

Rates and totals are computed here and formatted here, once. Rates are Decimals rounded half up
(1 / 160 is 0,63, where Python's round() would give 0,62).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


def rate(part: int | None, whole: int | None, places: int = 2) -> Decimal | None:
    """Percentage of part in whole, rounded half up; None when it cannot be computed."""
    if part is None or not whole:
        return None
    exact = Decimal(part) * HUNDRED / Decimal(whole)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def printed_rate_agrees(printed: Decimal, part: int, whole: int) -> bool:
    """Whether a printed percentage agrees with its counts.

    Officials truncate as often as they round, and print fewer decimals in text: a figure agrees when it
    equals the exact rate rounded half up or truncated at the number of decimals it was printed with.
    """
    if not whole:
        return printed == 0
    places = max(0, -printed.as_tuple().exponent)
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(part) * HUNDRED / Decimal(whole)
    return printed in (
        exact.quantize(quantum, rounding=ROUND_HALF_UP),
        exact.quantize(quantum, rounding=ROUND_DOWN),
    )


def group_thousands(value: int) -> str:
    """1182 -> '1.182'; -1500000 -> '-1.500.000'."""
    sign = "-" if value < 0 else ""
    digits = str(abs(int(value)))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + ".".join(groups)


def format_number(value: int | Decimal | None, places: int | None = None) -> str:
    """Thousands with '.', decimals with ','; '' for None."""
    if value is None:
        return ""
    if places is None and isinstance(value, int):
        return group_thousands(value)
    dec = Decimal(value)
    if places is not None:
        dec = dec.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if dec < 0 else ""
    text = format(abs(dec), "f")
    whole, _, frac = text.partition(".")
    out = sign + group_thousands(int(whole))
    return f"{out},{frac}" if frac else out


def format_rate(value: Decimal | None) -> str:
    """2.62 -> '2,62%'; None -> '—'."""
    if value is None:
        return "—"
    return format_number(value, 2) + "%"


def document_date(value: datetime.date) -> str:
    """The Decree 30 form: 'ngày 06 tháng 6 năm 2024', months 1 and 2 padded ('tháng 01')."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def short_date(value: datetime.date) -> str:
    """The short form used inside text: 10/4/2024."""
    return f"{value.day}/{value.month}/{value.year}"

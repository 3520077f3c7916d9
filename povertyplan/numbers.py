"""Rates, rounding and the Vietnamese way of writing numbers and dates.

Rates and totals are computed here and formatted here, once. Rates are Decimals rounded half up
(1 / 160 is 0,63, where Python's round() would give 0,62).
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

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


# ---------------------------------------------------------------- numbers typed by people


class NumberFormatError(ValueError):
    """A number typed in a way that cannot be read for sure; `message` says why, in Vietnamese."""

    def __init__(self, message, code: str = "invalid"):
        super().__init__(str(message))
        self.message, self.code = message, code


# Full-width forms typed with an IME ("１.５０９"), and the minus sign of word processors.
_TYPED_CHARACTERS = {0xFF10 + i: 0x30 + i for i in range(10)} | {
    0xFF0E: ".",
    0xFF0C: ",",
    0xFF0B: "+",
    0xFF0D: "-",
    0x2212: "-",
    0xFF05: "%",
}
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_DIGITS = re.compile(r"[0-9]+")
_DOT_GROUPS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_SPACE_GROUPS = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")
# Longer input is no number a person means (and Python refuses to read more than 4.300 digits).
MAX_TYPED_LENGTH = 40


def _typed_parts(text: str, *, percent: bool) -> tuple[str, str] | None:
    """(sign, body) of a typed number, spaces normalised; None for an empty entry."""
    text = str(text).translate(_TYPED_CHARACTERS)
    text = _SPACES.sub(" ", text).strip()
    if percent:
        text = text.removesuffix("%").rstrip()
    if not text:
        return None
    if len(text) > MAX_TYPED_LENGTH:
        raise NumberFormatError(_("Số quá dài."), "too_long")
    sign = ""
    if text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:].lstrip()
    return sign, text


def _whole_digits(part: str) -> str | None:
    """The digits of the whole part of a number: '1.509', '1 509' and '1509' give '1509'; None if it is
    not written that way."""
    if _DIGITS.fullmatch(part):
        return part
    if _DOT_GROUPS.fullmatch(part) or _SPACE_GROUPS.fullmatch(part):
        return part.replace(".", "").replace(" ", "")
    return None


def parse_int(text: str | None) -> int | None:
    """A whole number typed the Vietnamese way: "1.509", "1.500.000", "1 500 000", "1509"; None when empty.

    "." separates thousands (groups of exactly three digits); anything with a decimal mark ("1,5") or a
    dot in another place ("1.5", "12.34.5") is refused rather than guessed at.
    """
    if text is None:
        return None
    parts = _typed_parts(text, percent=False)
    if parts is None:
        return None
    sign, body = parts
    digits = _whole_digits(body)
    if digits is None:
        raise NumberFormatError(_("Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn)."))
    return int(sign + digits)


def parse_decimal(text: str | None, *, max_places: int | None = None, percent: bool = False) -> Decimal | None:
    """A decimal typed the Vietnamese way, kept with the decimals it was typed with; None when empty.

    "," is the decimal mark and "." separates thousands: "4,7" is Decimal("4.7") (one place, not 4,70),
    "1.234,5" is 1234.5, "12.500.000" is 12500000. A single "." followed by other than three digits
    ("0.44", "4.7") can only be a decimal point and is read as one; "1.509" could be either and is
    refused. `percent` allows a trailing "%".
    """
    if text is None:
        return None
    parts = _typed_parts(text, percent=percent)
    if parts is None:
        return None
    sign, body = parts
    whole, mark, frac = body.partition(",")
    if not mark and body.count(".") == 1:
        before, _dot, after = body.partition(".")
        if len(after) == 3 and _DIGITS.fullmatch(before) and len(before) <= 3 and _DIGITS.fullmatch(after):
            raise NumberFormatError(
                _(
                    "Không rõ {text} là số nghìn hay số thập phân: viết {comma} nếu là số thập phân "
                    "(dấu phẩy), hoặc {plain} nếu là số nguyên."
                ).format(text=body, comma=f"{before},{after}", plain=before + after),
                "ambiguous",
            )
        if _DIGITS.fullmatch(before) and _DIGITS.fullmatch(after):
            whole, mark, frac = before, ",", after
    digits = _whole_digits(whole)
    if digits is None or (mark and not _DIGITS.fullmatch(frac)):
        raise NumberFormatError(_("Hãy nhập một số, ví dụ 4,7 hoặc 1.234,5 (dấu phẩy thập phân)."))
    if max_places is not None and len(frac) > max_places:
        if max_places == 0:
            raise NumberFormatError(_("Hãy nhập số nguyên (không có phần thập phân)."), "places")
        raise NumberFormatError(_("Tối đa {places} chữ số sau dấu phẩy.").format(places=max_places), "places")
    return Decimal(sign + digits + ("." + frac if mark else ""))

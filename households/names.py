"""People's names and phone numbers as typed: the search key of a name, and the checks on both.

A search key lets "dinh" find "Đinh" and "TÙNG" find "tùng" on SQLite as on PostgreSQL: it is stored
with the household and compared with the key of the query, so no database function is needed.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Đ/đ carry no combining mark: NFD leaves them whole, so they are folded by hand.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def strip_format_characters(text: str) -> str:
    """The text without zero-width and other format characters (Unicode category Cf)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def search_key(text: str) -> str:
    """Lower case, without diacritics or format characters, spaces collapsed: "Đinh Văn  TÙNG" -> "dinh van tung"."""
    text = strip_format_characters(text or "").translate(_FOLD)
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().translate(_FOLD).split())


def fill_search_names(households) -> None:
    """Set each household's `search_name` from its head's name: the one rule, for `Household.save()` and
    the writes that skip it (bulk_create, `insert_many`, bulk_update)."""
    for household in households:
        household.search_name = search_key(household.head_name)


def clean_person_name(value: str) -> str:
    """A person's name, kept as typed (emoji sequences need their joiners); refused without a letter.

    Zero-width and other format characters (Cf) are not letters: a name made only of them is empty.
    """
    name = (value or "").strip()
    if not any(unicodedata.category(ch).startswith("L") for ch in strip_format_characters(name)):
        raise ValidationError(_("Họ tên phải có ít nhất một chữ cái."), code="no_letter")
    return name


PHONE_CHARACTERS = re.compile(r"\+?[0-9][0-9 .\-]*")
PHONE_DIGITS = (8, 15)


def validate_phone(value: str) -> None:
    """Digits with spaces, dots or dashes between them and an optional leading +; 8 to 15 digits."""
    if not value:
        return
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_CHARACTERS.fullmatch(value) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise ValidationError(
            _(
                "Số điện thoại chỉ gồm chữ số (từ {low} đến {high} số), dấu cách, dấu chấm, dấu gạch ngang và dấu + ở đầu."
            ).format(low=PHONE_DIGITS[0], high=PHONE_DIGITS[1]),
            code="phone",
        )

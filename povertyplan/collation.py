"""Sorting Vietnamese names: a ă â b c d đ e ê g ... o ô ơ ... u ư ..., tones as a tie-break.

Byte order and Python's sorted() put Đ, Ơ, Â after Z. PostgreSQL has an ICU collation for Vietnamese;
SQLite gets the same name registered on every connection, backed by `sort_key` below, so one ORM
expression, `vi_order("field")`, sorts correctly on both.
"""

from __future__ import annotations

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models.functions import Collate

COLLATION = "vi-VN-x-icu"
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
RANK = {c: i for i, c in enumerate(ALPHABET)}
MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Primary key by letters in Vietnamese alphabetical order; secondary by tones."""
    letters, tones = [], []
    for ch in text.lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base, tone = decomposed[0], 0
        for mark in decomposed[1:]:
            if (base, mark) in MODIFIED:
                base = MODIFIED[(base, mark)]
            else:
                tone = TONES.get(mark, tone)
        letters.append(RANK[base] if base in RANK else 1000 + ord(base))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def _compare(a: str, b: str) -> int:
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def vi_order(field: str) -> Collate:
    """An order_by() expression sorting `field` the Vietnamese way on PostgreSQL and SQLite."""
    return Collate(field, COLLATION)


connection_created.connect(register_sqlite_collation, dispatch_uid="vi_collation")

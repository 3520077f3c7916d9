"""A tiny evaluator of the formulas our exports write (openpyxl stores no cached values): SUM over a
range, ROUND, IF, comparisons, + - * / over this sheet's own cells, numbers and "" strings.

Arithmetic is exact (fractions) and ROUND rounds half away from zero, as Excel does. As in Excel, an
empty cell counts as 0 in arithmetic and SUM skips empty and text cells, so a formula that would turn
an unknown into 0 shows here as a 0 where the app shows nothing.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from openpyxl.utils import range_boundaries

TOKEN = re.compile(
    r'\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>"[^"]*")|(?P<ref>[A-Z]+\d+(?::[A-Z]+\d+)?)'
    r"|(?P<name>[A-Z]+)\(|(?P<op><>|[-+*/=<>(),]))"
)


def value(ws, coordinate: str):
    """The cell's value, its formula computed: a Fraction, a str, or None for an empty cell."""
    raw = ws[coordinate].value
    if isinstance(raw, str) and raw.startswith("=") and ws[coordinate].data_type == "f":
        return _Parser(ws, raw[1:]).run()
    if isinstance(raw, bool) or raw is None or isinstance(raw, str):
        return raw
    return Fraction(Decimal(str(raw)))


def as_decimal(v, places: int = 2) -> Decimal | None:
    """A computed value as the app shows it (None for an empty or "" result)."""
    if v is None or v == "":
        return None
    return (Decimal(v.numerator) / Decimal(v.denominator)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


class _Parser:
    def __init__(self, ws, text: str):
        self.ws, self.tokens, self.i = ws, [], 0
        pos = 0
        while pos < len(text):
            m = TOKEN.match(text, pos)
            assert m, f"cannot read {text[pos:]!r}"
            self.tokens.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()

    def run(self):
        result = self.compare()
        assert self.i == len(self.tokens), "trailing tokens"
        return result

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, expected=None):
        token = self.peek()
        assert expected is None or token[1] == expected, f"expected {expected}, got {token}"
        self.i += 1
        return token

    def compare(self):
        left = self.additive()
        if self.peek()[1] in ("=", "<>", "<", ">"):
            op, right = self.take()[1], self.additive()
            left, right = (_num(v) if not isinstance(v, str) else v for v in (left, right))
            if op in ("=", "<>"):
                return (left == right) == (op == "=")
            return left < right if op == "<" else left > right
        return left

    def additive(self):
        v = self.term()
        while self.peek()[1] in ("+", "-"):
            op, right = self.take()[1], self.term()
            v = _num(v) + _num(right) if op == "+" else _num(v) - _num(right)
        return v

    def term(self):
        v = self.unary()
        while self.peek()[1] in ("*", "/"):
            op, right = self.take()[1], self.unary()
            v = _num(v) * _num(right) if op == "*" else _num(v) / _num(right)
        return v

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            return -_num(self.unary())
        return self.primary()

    def primary(self):
        kind, text = self.take()
        if kind == "num":
            return Fraction(text)
        if kind == "str":
            return text[1:-1]
        if kind == "ref":
            return value(self.ws, text)
        if kind == "name":
            args = [self.compare() if text != "SUM" else self.take()[1]]
            while self.peek()[1] == ",":
                self.take()
                args.append(self.compare())
            self.take(")")
            return getattr(self, f"f_{text.lower()}")(*args)
        assert text == "(", f"unexpected {text}"
        v = self.compare()
        self.take(")")
        return v

    def f_sum(self, ref):
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        cells = self.ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)
        values = [value(self.ws, c.coordinate) for row in cells for c in row]
        return sum((v for v in values if isinstance(v, Fraction)), Fraction(0))

    def f_round(self, x, places):
        return Fraction(as_decimal(_num(x), int(places)))

    def f_if(self, condition, yes, no):
        return yes if condition else no


def _num(v) -> Fraction:
    assert not isinstance(v, str), f"#VALUE! on {v!r}"
    return Fraction(0) if v is None else v

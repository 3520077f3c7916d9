"""The results table, declared once: per village the targets of the plan against what was achieved.

Its columns (`COLUMNS`: label, kind, how a percentage is computed) are read by the report's page, its PDF
and its Excel file (reports/pdf/results.py, reports/xlsx/results.py), and the area page sums the same
lines per commune. Unknown is None everywhere: a total is unknown when any row lacks the figure, a
percentage unknown when the achievement or the target is (or the target is 0: nothing to reach).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povertyplan.numbers import rate


class Kind(enum.StrEnum):
    COUNT = "count"
    RATE = "rate"


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    kind: Kind = Kind.COUNT
    ratio: tuple[str, str] | None = None  # a percentage: (achieved, target) keys

    @property
    def numeric(self) -> bool:
        return True

    @property
    def places(self) -> int | None:
        return 2 if self.kind == Kind.RATE else None


COLUMNS: tuple[Column, ...] = (
    Column("poor_start", gettext_lazy("Hộ nghèo đầu năm")),
    Column("target_poor", gettext_lazy("Chỉ tiêu thoát nghèo")),
    Column("escaped_poverty", gettext_lazy("Đã thoát nghèo")),
    Column("poor_pct", gettext_lazy("Đạt so với chỉ tiêu (%)"), Kind.RATE, ("escaped_poverty", "target_poor")),
    Column("near_poor_start", gettext_lazy("Hộ cận nghèo đầu năm")),
    Column("target_near_poor", gettext_lazy("Chỉ tiêu thoát cận nghèo")),
    Column("escaped_near_poverty", gettext_lazy("Đã thoát cận nghèo")),
    Column(
        "near_poor_pct",
        gettext_lazy("Đạt so với chỉ tiêu (%)"),
        Kind.RATE,
        ("escaped_near_poverty", "target_near_poor"),
    ),
    Column("newly_poor", gettext_lazy("Hộ nghèo phát sinh")),
    Column("newly_near_poor", gettext_lazy("Hộ cận nghèo phát sinh")),
)

COUNT_KEYS = tuple(c.key for c in COLUMNS if c.kind == Kind.COUNT)
ROW_NUMBER_LABEL = gettext_lazy("STT")


def column(key: str) -> Column:
    for c in COLUMNS:
        if c.key == key:
            return c
    raise KeyError(key)


@dataclass
class Line:
    """A row of the table: a village of the report (or a commune on the area page, or the totals)."""

    key: int | str
    label: str
    poor_start: int | None = None
    target_poor: int | None = None
    escaped_poverty: int | None = None
    near_poor_start: int | None = None
    target_near_poor: int | None = None
    escaped_near_poverty: int | None = None
    newly_poor: int | None = None
    newly_near_poor: int | None = None
    source: str = ""
    source_label: str = ""
    note: str = ""
    row: Any = None  # the ResultRow (a village line), or the commune's report (an area line)
    extra: dict = field(default_factory=dict)

    @property
    def poor_pct(self) -> Decimal | None:
        return value(self, "poor_pct")

    @property
    def near_poor_pct(self) -> Decimal | None:
        return value(self, "near_poor_pct")

    @property
    def behind(self) -> bool:
        """Known to be behind a target it has: fewer households left than the plan expected."""
        return any(
            t is not None and a is not None and a < t
            for a, t in (
                (self.escaped_poverty, self.target_poor),
                (self.escaped_near_poverty, self.target_near_poor),
            )
        )

    @property
    def known(self) -> bool:
        return self.escaped_poverty is not None and self.escaped_near_poverty is not None

    @property
    def state(self) -> str:
        """'Chưa đạt' / 'Đạt' / 'Chưa rõ' (some achievement or target still unknown)."""
        if self.behind:
            return _("Chưa đạt")
        figures = (self.escaped_poverty, self.target_poor, self.escaped_near_poverty, self.target_near_poor)
        if any(v is None for v in figures):
            return _("Chưa rõ")
        return _("Đạt")

    @property
    def shortfall(self) -> Decimal:
        """How far behind, for ordering the area page: the lower share of its targets reached first."""
        shares = [p for p in (self.poor_pct, self.near_poor_pct) if p is not None]
        return min(shares) if shares else Decimal(100)


def value(line: Line, key: str) -> Any:
    """A line's figure for a column; a percentage computed (None where unknown or the target is 0)."""
    c = column(key)
    if c.ratio is not None:
        return rate(getattr(line, c.ratio[0]), getattr(line, c.ratio[1]))
    return getattr(line, key)


def _sum(values: Iterable[int | None]) -> int | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def sum_lines(lines: list[Line], label: str = "") -> Line:
    """The totals row: each count summed, unknown where a line lacks it."""
    total = Line(key="total", label=label or _("Tổng cộng"))
    for key in COUNT_KEYS:
        setattr(total, key, _sum(getattr(line, key) for line in lines))
    return total


@dataclass
class ResultTable:
    lines: list[Line]
    total: Line

    @property
    def behind(self) -> list[Line]:
        return [line for line in self.lines if line.behind]

    @property
    def unknown(self) -> list[Line]:
        return [line for line in self.lines if not line.known]


def report_table(report) -> ResultTable:
    """The report's villages, in the commune's order: the plan's targets (as issued) beside its rows."""
    targets = {t.village_id: t for t in report.plan.village_targets.all()}
    lines = []
    for row in report.rows.all():
        t = targets.get(row.village_id)
        lines.append(
            Line(
                key=row.village_id,
                label=row.village_name or str(row.village_id),
                poor_start=t.poor_start if t else None,
                target_poor=t.exits_poor if t else None,
                escaped_poverty=row.escaped_poverty,
                near_poor_start=t.near_poor_start if t else None,
                target_near_poor=t.exits_near_poor if t else None,
                escaped_near_poverty=row.escaped_near_poverty,
                newly_poor=row.newly_poor,
                newly_near_poor=row.newly_near_poor,
                source=row.source,
                source_label=str(row.get_source_display()),
                note=row.note,
                row=row,
            )
        )
    return ResultTable(lines=lines, total=sum_lines(lines))

"""The plan's per-village table, declared once: its columns in order, their labels, kinds, how each is
computed, its rate partner, whether the grid edits it and whether a printed figure is typed for it.

Everything that shows, edits, checks, snapshots or exports the table reads this declaration: the grid
and printed forms (plans/forms.py), the page (plans/detail.py and templates/plans/_cell.html), the
snapshot (plans/snapshot.py), the check labels and rate partners (plans/checks.py), the figures the checks
read (plans/findings.py). Adding a column is one `Column` in `COLUMNS` plus, when it is computed, its
computation. The district roll-up's columns (`ROLLUP_COLUMNS`: the same columns where the same figure, and
its own) are declared here too, read by plans/rollup.py, its page (plans/detail.rollup_table) and its exports.

Pure: no models are imported here (checks.py, which knows nothing of the database, reads it too).
Also here: `Anchor`, the place in the plan a finding points to (a table cell, a target, a text).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from povertyplan.numbers import rate


class Kind(enum.StrEnum):
    COUNT = "count"  # a number of households
    RATE = "rate"  # a percentage, two decimals
    TEXT = "text"  # a name (the officer in charge)
    STATUS = "status"  # the commune's plan on the district roll-up: its status, linking to the plan


# ---------------------------------------------------------------- how a column is computed


@dataclass(frozen=True)
class FromCounts:
    """A start figure read from the village counts of the plan's year (households.counts.CountRow's
    `count`), frozen at submission in the village row's field `frozen` (VillageTarget)."""

    count: str
    frozen: str


@dataclass(frozen=True)
class Typed:
    """Typed by the commune in the grid (None: not stated, never 0)."""


@dataclass(frozen=True)
class StartMinusExits:
    """A year-end figure: start − exits, unknown when either is."""

    start: str
    exits: str


@dataclass(frozen=True)
class RateOf:
    """The rate of a count over the households, rounded half up to two decimals."""

    part: str
    whole: str = "households"


@dataclass(frozen=True)
class FromRollup:
    """Read from the district roll-up's row of a commune (plans/rollup.py): its plan's status."""


@dataclass(frozen=True)
class Current:
    """On the district roll-up, the registry's figure now (GridRow.current[index]: households, poor,
    near-poor) when it differs from the start figures frozen in the commune's plan; None when it does not."""

    index: int


Computation = FromCounts | Typed | StartMinusExits | RateOf | FromRollup | Current


@dataclass(frozen=True, kw_only=True)
class Column:
    """One column of the per-village table.

    `label` is the header; `short` names the figure inside a sentence (the checks' messages);
    `rate` is the key of the column holding this count's rate over the households (its partner);
    `in_table` False: a value rows have (a rate quoted by the targets) that the table does not print;
    `in_grid`: shown read-only in the grid editor; `editable`: typed there;
    `printed_row` / `printed_total`: a transcribed plan records the figure as printed on each village row /
    on the totals row; `figure`: its label among the unit's specific targets (Chỉ tiêu cụ thể), "" if none;
    `figure_short`: a rate's name inside a sentence about the specific targets, when it differs from
    `short` (the table's "tỷ lệ hộ nghèo" is the targets' "tỷ lệ hộ nghèo đầu năm");
    `attr`: the row attribute holding it (default the key); `notes`: row attributes shown under it.
    """

    key: str
    label: Any
    short: Any
    kind: Kind
    compute: Computation
    rate: str | None = None
    in_table: bool = True
    in_grid: bool = False
    editable: bool = False
    printed_row: bool = False
    printed_total: bool = False
    printed_label: Any = None
    figure: Any = ""
    figure_short: Any = None
    attr: str = ""
    notes: tuple[str, ...] = ()

    @property
    def numeric(self) -> bool:
        """A number, right-aligned."""
        return self.kind in (Kind.COUNT, Kind.RATE)

    @property
    def places(self) -> int | None:
        """Decimals the page prints: two for a computed rate, as stored for a count."""
        return 2 if self.kind == Kind.RATE else None

    @property
    def printed_name(self) -> str:
        """Its name among the figures as printed (checks.TableRow / TableTotals): the count's own key,
        `printed_<key>` for a rate (a rate is always computed, the printed one is kept beside it)."""
        return f"printed_{self.key}" if self.kind == Kind.RATE else self.key

    @property
    def target_field(self) -> str:
        """The village row's field (VillageTarget) holding what is typed: the key for a typed column,
        `printed_<key>` for a figure as printed."""
        return self.key if self.editable else f"printed_{self.key}"

    @property
    def printed_form_label(self) -> Any:
        return self.printed_label or self.label

    @property
    def figure_name(self) -> Any:
        """Its name inside a sentence about the specific targets ('tỷ lệ hộ nghèo đầu năm')."""
        return self.figure_short or self.short


COLUMNS: tuple[Column, ...] = (
    Column(
        key="households",
        label=_("Số hộ"),
        short=_("số hộ"),
        kind=Kind.COUNT,
        compute=FromCounts("total", "households_start"),
        in_grid=True,
        printed_total=True,
        figure=_("Tổng số hộ"),
    ),
    Column(
        key="poor_start",
        label=_("Hộ nghèo đầu năm"),
        short=_("số hộ nghèo đầu năm"),
        kind=Kind.COUNT,
        compute=FromCounts("poor", "poor_start"),
        rate="poor_rate",
        in_grid=True,
        printed_total=True,
        figure=_("Hộ nghèo đầu năm"),
    ),
    Column(
        key="poor_rate",
        label=_("Tỷ lệ (%)"),
        short=_("tỷ lệ hộ nghèo"),
        figure_short=_("tỷ lệ hộ nghèo đầu năm"),
        kind=Kind.RATE,
        compute=RateOf("poor_start"),
        in_grid=True,
        printed_row=True,
        printed_total=True,
        printed_label=_("Tỷ lệ nghèo"),
        figure=_("Tỷ lệ hộ nghèo đầu năm"),
    ),
    Column(
        key="exits_poor",
        label=_("Dự kiến thoát nghèo"),
        short=_("số hộ dự kiến thoát nghèo"),
        kind=Kind.COUNT,
        compute=Typed(),
        rate="exits_poor_rate",
        editable=True,
        printed_total=True,
        figure=_("Giảm hộ nghèo"),
    ),
    Column(
        key="exits_poor_rate",
        label=_("Tỷ lệ (%)"),
        short=_("tỷ lệ giảm hộ nghèo"),
        kind=Kind.RATE,
        compute=RateOf("exits_poor"),
        in_table=False,
        figure=_("Tỷ lệ giảm hộ nghèo"),
    ),
    Column(
        key="poor_end",
        label=_("Hộ nghèo cuối năm"),
        short=_("số hộ nghèo cuối năm"),
        kind=Kind.COUNT,
        compute=StartMinusExits("poor_start", "exits_poor"),
        rate="poor_end_rate",
        printed_row=True,
        printed_total=True,
        figure=_("Hộ nghèo cuối năm"),
    ),
    Column(
        key="poor_end_rate",
        label=_("Tỷ lệ (%)"),
        short=_("tỷ lệ hộ nghèo cuối năm"),
        kind=Kind.RATE,
        compute=RateOf("poor_end"),
        in_table=False,
        figure=_("Tỷ lệ hộ nghèo cuối năm"),
    ),
    Column(
        key="near_poor_start",
        label=_("Hộ cận nghèo đầu năm"),
        short=_("số hộ cận nghèo đầu năm"),
        kind=Kind.COUNT,
        compute=FromCounts("near_poor", "near_poor_start"),
        rate="near_poor_rate",
        in_grid=True,
        printed_total=True,
        figure=_("Hộ cận nghèo đầu năm"),
    ),
    Column(
        key="near_poor_rate",
        label=_("Tỷ lệ (%)"),
        short=_("tỷ lệ hộ cận nghèo"),
        figure_short=_("tỷ lệ hộ cận nghèo đầu năm"),
        kind=Kind.RATE,
        compute=RateOf("near_poor_start"),
        in_grid=True,
        printed_row=True,
        printed_total=True,
        printed_label=_("Tỷ lệ cận nghèo"),
        figure=_("Tỷ lệ hộ cận nghèo đầu năm"),
    ),
    Column(
        key="exits_near_poor",
        label=_("Dự kiến thoát cận nghèo"),
        short=_("số hộ dự kiến thoát cận nghèo"),
        kind=Kind.COUNT,
        compute=Typed(),
        rate="exits_near_poor_rate",
        editable=True,
        printed_total=True,
        figure=_("Giảm hộ cận nghèo"),
    ),
    Column(
        key="exits_near_poor_rate",
        label=_("Tỷ lệ (%)"),
        short=_("tỷ lệ giảm hộ cận nghèo"),
        kind=Kind.RATE,
        compute=RateOf("exits_near_poor"),
        in_table=False,
        figure=_("Tỷ lệ giảm hộ cận nghèo"),
    ),
    Column(
        key="near_poor_end",
        label=_("Hộ cận nghèo cuối năm"),
        short=_("số hộ cận nghèo cuối năm"),
        kind=Kind.COUNT,
        compute=StartMinusExits("near_poor_start", "exits_near_poor"),
        rate="near_poor_end_rate",
        printed_row=True,
        printed_total=True,
        figure=_("Hộ cận nghèo cuối năm"),
    ),
    Column(
        key="near_poor_end_rate",
        label=_("Tỷ lệ (%)"),
        short=_("tỷ lệ hộ cận nghèo cuối năm"),
        kind=Kind.RATE,
        compute=RateOf("near_poor_end"),
        in_table=False,
        figure=_("Tỷ lệ hộ cận nghèo cuối năm"),
    ),
    Column(
        key="officer",
        label=_("Cán bộ phụ trách"),
        short=_("cán bộ phụ trách"),
        kind=Kind.TEXT,
        compute=Typed(),
        editable=True,
        attr="officer_name",
        notes=("officer_position", "officer_phone"),
    ),
)

#: The unit's specific targets (Chỉ tiêu cụ thể), in the order plans state them: counts of COLUMNS, each
#: with its rate partner's figure when it has one.
FIGURES: tuple[str, ...] = (
    "households",
    "poor_start",
    "near_poor_start",
    "exits_poor",
    "exits_near_poor",
    "poor_end",
    "near_poor_end",
)


# ---------------------------------------------------------------- reading the declaration
# Functions, not constants: they read COLUMNS when called (a test may declare one more column).


def column(key: str) -> Column:
    """A column of the plan's table, else one of the district roll-up's own."""
    for c in (*COLUMNS, *ROLLUP_COLUMNS, *ROLLUP_CURRENT):
        if c.key == key:
            return c
    raise KeyError(key)


def table_columns() -> list[Column]:
    """The columns the table prints, in order (after the row number and the village)."""
    return [c for c in COLUMNS if c.in_table]


def count_keys() -> tuple[str, ...]:
    """The household counts, in table order (the checks' COUNT_FIELDS)."""
    return tuple(c.key for c in COLUMNS if c.kind == Kind.COUNT)


def short_labels() -> dict[str, Any]:
    """Each figure's name inside a sentence ('số hộ nghèo đầu năm')."""
    return {c.key: c.short for c in COLUMNS}


def stored_columns() -> list[Column]:
    """The columns a row stores (read from the counts or typed), not computed: what a snapshot keeps."""
    return [c for c in table_columns() if isinstance(c.compute, FromCounts | Typed)]


def grid_columns() -> list[Column]:
    """The columns typed in the grid editor, in table order."""
    return [c for c in table_columns() if c.editable]


def printed_row_columns() -> list[Column]:
    """The columns whose figure as printed is typed on each village row of a transcribed plan."""
    return [c for c in table_columns() if c.printed_row]


def printed_total_columns() -> list[Column]:
    """The columns whose figure as printed is typed on the totals row of a transcribed plan."""
    return [c for c in table_columns() if c.printed_total]


def target_fields() -> tuple[str, ...]:
    """The village row's fields (VillageTarget) the grid writes: typed columns, then printed figures."""
    return tuple(c.target_field for c in grid_columns()) + tuple(c.target_field for c in printed_row_columns())


@dataclass(frozen=True)
class GridSlot:
    """A column of the grid editor: a column's value shown (`value`), typed (`input`), or its figure as
    printed typed beside it (`printed`, a transcribed plan only)."""

    column: Column
    shows: str  # "value", "input" or "printed"

    @property
    def label(self) -> Any:
        if self.shows == "printed":
            return format_lazy("{} {}", self.column.printed_form_label, _("như đã in"))
        return self.column.label

    @property
    def total_field(self) -> str | None:
        """The printed totals row's field shown under this slot, if any: a printed figure sits under its
        printed slot when the rows have one, else under the column itself."""
        c = self.column
        if not c.printed_total:
            return None
        if c.printed_row:
            return c.printed_name if self.shows == "printed" else None
        return c.printed_name


def grid_slots(transcribed: bool) -> list[GridSlot]:
    """The grid editor's columns: each shown or typed column, then its printed figure when transcribed."""
    slots = []
    for c in table_columns():
        if c.editable:
            slots.append(GridSlot(c, "input"))
        elif c.in_grid:
            slots.append(GridSlot(c, "value"))
        if transcribed and c.printed_row:
            slots.append(GridSlot(c, "printed"))
    return slots


def figure_pairs() -> list[tuple[Column, Column | None]]:
    """The specific targets: (count column, its rate column or None), in FIGURES order."""
    return [(column(k), column(column(k).rate) if column(k).rate else None) for k in FIGURES]


def figure_rates() -> list[tuple[Column, Column]]:
    """The specific targets printed with a rate: (count column, its rate column), in FIGURES order."""
    return [(count, rate) for count, rate in figure_pairs() if rate is not None]


def figure_rate_name(count: str) -> str:
    """The printed rate beside a target count (checks.PlanFigures: printed_poor_start_rate)."""
    return f"printed_{count}_rate"


def value(row: Any, key: str) -> Any:
    """A row's value for a column (a GridRow, the totals row, a commune of the roll-up): stored values
    read from the row, computed ones computed; unknown (None) when a figure it needs is unknown."""
    c = column(key)
    compute = c.compute
    if isinstance(compute, Current):
        current = getattr(row, "current", None)
        return current[compute.index] if current else None
    if isinstance(compute, StartMinusExits):
        start, exits = value(row, compute.start), value(row, compute.exits)
        return None if start is None or exits is None else start - exits
    if isinstance(compute, RateOf):
        return rate(value(row, compute.part), value(row, compute.whole))
    return getattr(row, c.attr or c.key, None)


def notes(row: Any, key: str) -> str:
    """What is shown under a row's value (the officer's position and phone)."""
    return " · ".join(str(v) for v in (getattr(row, name, "") for name in column(key).notes) if v)


# ---------------------------------------------------------------- the district's table of its communes


def _shared(*keys: str) -> tuple[Column, ...]:
    by_key = {c.key: c for c in COLUMNS}
    return tuple(by_key[key] for key in keys)


#: The district roll-up's columns in order (after the row number and the commune): templates/plans/
#: _rollup_table.html, and next its exports. The plan table's own columns where they are the same figure
#: (a commune's row sums its plan's village rows, plans/rollup.py), then the roll-up's own.
ROLLUP_COLUMNS: tuple[Column, ...] = (
    *_shared(
        "households",
        "poor_start",
        "poor_rate",
        "near_poor_start",
        "near_poor_rate",
        "exits_poor",
        "exits_near_poor",
        "poor_end",
        "poor_end_rate",
    ),
    Column(key="status", label=_("Kế hoạch"), short=_("kế hoạch"), kind=Kind.STATUS, compute=FromRollup()),
)

#: The registry's figures now, when they differ from those frozen in the commune's plan: the page shows
#: them under the plan's status ("số liệu hiện tại: ..."), an export in columns of their own.
ROLLUP_CURRENT: tuple[Column, ...] = (
    Column(
        key="current_households",
        label=_("Số hộ hiện tại"),
        short=_("số hộ hiện tại"),
        kind=Kind.COUNT,
        compute=Current(0),
    ),
    Column(
        key="current_poor",
        label=_("Hộ nghèo hiện tại"),
        short=_("số hộ nghèo hiện tại"),
        kind=Kind.COUNT,
        compute=Current(1),
    ),
    Column(
        key="current_near_poor",
        label=_("Hộ cận nghèo hiện tại"),
        short=_("số hộ cận nghèo hiện tại"),
        kind=Kind.COUNT,
        compute=Current(2),
    ),
)


# The headings of the two first columns of the village table, the same on the page, in the PDF and in Excel.
ROW_NUMBER_LABEL = _("STT")
VILLAGE_LABEL = _("Thôn")


def rollup_columns() -> list[Column]:
    """The columns the roll-up's page prints, in order."""
    return list(ROLLUP_COLUMNS)


# ---------------------------------------------------------------- where a finding points


TABLE = "village-table"
TARGETS = "targets"
TOTAL = "total"


@dataclass(frozen=True)
class Anchor:
    """A place in the plan: `village-table:<row>:<column>` (a cell), `targets:<figure>`, `text:<section>`,
    `deadlines:<index>`, `signature`, ... Parsed once from the finding's anchor text."""

    place: str
    row: str = ""
    column: str = ""

    @classmethod
    def parse(cls, text: str) -> Anchor:
        place, _sep, rest = str(text).partition(":")
        if place == TABLE and rest:
            row, _sep, col = rest.rpartition(":")
            return cls(place, row, col) if row else cls(place, "", rest)
        return cls(place, "", rest)

    @classmethod
    def cell(cls, row: object, column: str) -> Anchor:
        return cls(TABLE, str(row), column)

    def __str__(self) -> str:
        if self.row:
            return f"{self.place}:{self.row}:{self.column}"
        return f"{self.place}:{self.column}" if self.column else self.place

    @property
    def html_id(self) -> str:
        """The id of the element the anchor points to on the plan page."""
        return str(self).replace(":", "-")

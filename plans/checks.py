"""Consistency checks of an annual plan: its table, totals, targets and texts (docs/rounding.md, docs/sentences.md).

Pure Python: the checks know nothing of the database. The caller (a view, the plan models, a test, the
seed tables in plans/data/seed_tables.py) builds the frozen input dataclasses below and gets back a list of
`Finding`s, each with a stable code, a Vietnamese message carrying the numbers, and an anchor naming the
place in the plan so a page can link to it. This module holds the inputs, the findings and the helpers
the checks share; the checks are in plans/checks_table.py (the table and the targets) and
plans/checks_text.py (texts, deadlines, signer, recipients); plans/plan_checks.py runs them all.

Principles:

- **Rounding is not a mistake.** A printed rate agrees with its counts when
  `povertyplan.numbers.printed_rate_agrees` says so (rounded half up or truncated at the number of decimals
  it was printed with). Rates are never re-rounded here.
- **Nothing is guessed.** A figure that is not printed (None) is not checked; a column sum is only computed
  when every row has the figure.
- **One mistake is reported once, where it can be located.** Totals-row cells and commune targets are
  sums of the village rows. A sum is always checked against the rows (`total_not_sum`,
  `commune_target_differs`). The derived rules on a sum (end = start − exits, exits ≤ start) are then
  only reported on that sum when the failure is not already explained: not when one of the cells the rule
  reads is itself reported as not the sum of its rows, and not when a village row fails the same rule
  (the sum inherits the row's mistake, which is reported at the row). Since sums are linear, the rule on a
  sum can only fail on its own when the rows cannot be summed (some row lacks the figure). Likewise a rate
  on the totals row or in the targets is accepted when it agrees with the printed figures or with the
  row sums: a rate computed from a wrong total is the total's mistake, reported once.

Anchors:

- ``village-table:<row key>:<column>``, ``village-table:total:<column>`` — a cell of the per-village table;
  columns are the count field names (``households``, ``poor_start``, ``exits_poor``, ``poor_end``, ...)
  and ``poor_rate`` / ``near_poor_rate`` for the printed rates.
- ``targets:<field>`` — a commune-level target figure (``targets:exits_poor``) or its printed rate
  (``targets:exits_poor_rate``).
- ``text:<section>`` — a percentage in a text section (the section key given by the caller).
- ``deadlines:<index>`` (0-based, in the order given), ``signature``, ``recipients``, ``header``, ``legal``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext

from plans import table
from povertyplan.numbers import format_number, printed_rate_agrees, rate

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

# Stable codes of the findings.
RATE_MISMATCH = "rate_mismatch"
TOTAL_NOT_SUM = "total_not_sum"
TARGET_EXCEEDS_START = "target_exceeds_start"
END_NOT_START_MINUS_EXITS = "end_not_start_minus_exits"
COMMUNE_TARGET_DIFFERS = "commune_target_differs"
TEXT_PERCENTAGE_MISMATCH = "text_percentage_mismatch"
DEADLINE_OUTSIDE_YEAR = "deadline_outside_year"
MISSING_SIGNER = "missing_signer"
MISSING_RECIPIENTS = "missing_recipients"
STALE_YEAR_TEXT = "stale_year_text"
ABOLISHED_UNIT_TEXT = "abolished_unit_text"
OLD_PROGRAM_BASIS = "old_program_basis"
OLD_PROGRAM_STRUCTURE = "old_program_structure"

TOTAL_KEY = "total"

#: The household counts a plan states, per village and for the commune, in table order (plans/table.py).
COUNT_FIELDS = table.count_keys()

_FIGURE_LABELS = {key: label for key, label in table.short_labels().items() if key in COUNT_FIELDS}


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True, kw_only=True)
class TableTotals:
    """The totals row of the per-village table, as printed (None: the cell is empty)."""

    households: int | None = None
    poor_start: int | None = None
    printed_poor_rate: Decimal | None = None
    exits_poor: int | None = None
    near_poor_start: int | None = None
    printed_near_poor_rate: Decimal | None = None
    exits_near_poor: int | None = None
    poor_end: int | None = None
    near_poor_end: int | None = None


@dataclass(frozen=True, kw_only=True)
class TableRow(TableTotals):
    """One row of the per-village target table: the same figures as the totals row, for one village.

    `key` is a stable identifier of the row (a village id or name); it goes into the anchors.
    """

    key: str | int
    label: str


@dataclass(frozen=True, kw_only=True)
class PlanFigures:
    """The commune-level figures of the plan's specific targets (Mục tiêu / Chỉ tiêu cụ thể).

    Counts as typed; `printed_*_rate` are the rates printed next to them, each a share of `households`
    (for example 000: 8 households to leave poverty "(0,67%)" of 1.182).
    """

    households: int | None = None
    poor_start: int | None = None
    near_poor_start: int | None = None
    exits_poor: int | None = None
    exits_near_poor: int | None = None
    poor_end: int | None = None
    near_poor_end: int | None = None
    printed_poor_start_rate: Decimal | None = None
    printed_near_poor_start_rate: Decimal | None = None
    printed_exits_poor_rate: Decimal | None = None
    printed_exits_near_poor_rate: Decimal | None = None
    printed_poor_end_rate: Decimal | None = None
    printed_near_poor_end_rate: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class TextPercentage:
    """A percentage written in a text section, and the figures it claims to be the ratio of.

    `claims` is (part, whole), each one of COUNT_FIELDS: ("exits_poor", "households") means exits_poor /
    households. The figures are taken from the commune targets (`PlanFigures`), else from the sums of
    the table's rows; an end figure not stated anywhere is start − exits.

    `subject` is what the sentence is about: None for the whole unit, else the key of the table row (a
    village) it names, whose figures are then used. `certain` is False when the subject is not sure (a
    village word without a name, a village and the whole unit mixed): a mismatch is then only a warning.
    """

    section: str
    snippet: str
    printed: Decimal
    claims: tuple[str, str]
    subject: str | int | None = None
    certain: bool = True

    def __post_init__(self) -> None:
        unknown = [name for name in self.claims if name not in COUNT_FIELDS]
        if len(self.claims) != 2 or unknown:
            raise ValueError(f"claims must be two of {COUNT_FIELDS}, got {self.claims!r}")


@dataclass(frozen=True, kw_only=True)
class Deadline:
    """A dated step of the plan (a report, a list to hand in) with a short label."""

    label: str
    date: datetime.date


@dataclass(frozen=True, kw_only=True)
class CarriedText:
    """A text of the plan the year check reads (plans/checks_years.py): its anchor, what to call it in a
    message, the text, whether it belongs to the previous year's results, and whether it is a legal
    basis (which may name old documents' units and programs)."""

    anchor: str
    where: str
    text: str
    previous_results: bool = False
    legal_basis: bool = False
    projects_heading: bool = False  # the heading of the outline node placing the program's items


@dataclass(frozen=True, kw_only=True)
class YearTexts:
    """What the year check reads: the plan's year, the year its texts were carried over from (None: not
    carried over), its texts, the names of units no longer in effect for its year ("huyện Văn Quan"),
    the old programs' decisions (number, program name), the periods still in force (its program's and
    standard's, "giai đoạn 2026-2030"), and its program's name."""

    year: int
    source_year: int | None = None
    # The earlier years up the chain of plans the texts came down (2027 from 2026 from 2024: 2026, 2024):
    # a text carried unchanged through 2026 still names 2024. Empty: only source_year.
    carried_years: tuple[int, ...] = ()
    texts: tuple[CarriedText, ...] = ()
    abolished: tuple[str, ...] = ()
    old_programs: tuple[tuple[str, str], ...] = ()
    periods: tuple[tuple[int, int], ...] = ()
    program: str = ""
    # The kinds of item ("Dự án", "Tiểu dự án") of older programs that the plan's program has not, and its own.
    old_kinds: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PlanInput:
    """Everything the checks read from one plan."""

    year: int
    rows: tuple[TableRow, ...] = ()
    totals: TableTotals | None = None
    figures: PlanFigures | None = None
    texts: tuple[TextPercentage, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    signer: str | None = None
    recipients: int = 0
    years: YearTexts | None = None

    def __post_init__(self) -> None:
        keys = [str(row.key) for row in self.rows]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates or TOTAL_KEY in keys:
            raise ValueError(f"row keys must be unique and not {TOTAL_KEY!r}: {duplicates or [TOTAL_KEY]}")


# ---------------------------------------------------------------- output


@dataclass(frozen=True)
class Finding:
    """One inconsistency: how serious, which rule (stable code), what to tell the official, and where.

    `at` is the anchor as a structured place (a table cell's row and column...), parsed once here so a
    page asks for the findings on a cell instead of parsing anchors back."""

    severity: Severity
    code: str
    message: str
    anchor: str
    at: table.Anchor = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", table.Anchor.parse(self.anchor))


# ---------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Group:
    """The poor or the near-poor columns: a year-end column of plans/table.py (start − exits), its start
    and exits columns and the start's rate partner, read from the declaration."""

    end: str
    end_severity: Severity

    @property
    def start(self) -> str:
        return table.column(self.end).compute.start

    @property
    def exits(self) -> str:
        return table.column(self.end).compute.exits

    @property
    def rate_column(self) -> str:
        """The column of the start figure's rate over the households ('poor_rate')."""
        return table.column(self.start).rate

    @property
    def printed_rate(self) -> str:
        """The rate as printed on a row (TableRow.printed_poor_rate)."""
        return table.column(self.rate_column).printed_name

    @property
    def rate_label(self) -> str:
        """The rate's name inside a sentence ('tỷ lệ hộ nghèo')."""
        return table.column(self.rate_column).short


_POOR = _Group("poor_end", ERROR)
# Households leaving poverty often become near-poor (seed 002: "9 hộ thoát nghèo rơi cận nghèo"), so a
# near-poor end figure may legitimately differ from start − exits: a warning, not an error.
_NEAR_POOR = _Group("near_poor_end", WARNING)
_GROUPS = (_POOR, _NEAR_POOR)


def _target_rates() -> list[tuple[str, str, str]]:
    """The rates printed with the specific targets: (PlanFigures field, its count, its name in a sentence),
    as plans/table.py declares the targets and their rate partners."""
    return [(table.figure_rate_name(count.key), count.key, rate.figure_name) for count, rate in table.figure_rates()]


def _totals_place() -> str:
    return gettext("Dòng tổng cộng")


def _targets_place() -> str:
    return gettext("Mục tiêu cụ thể")


def _cell(key: str | int, column: str) -> str:
    return f"village-table:{key}:{column}"


def _number(value: int | Decimal) -> str:
    """A count ('1.182') or a printed rate exactly as printed ('0,93', '0,7', '0')."""
    return format_number(value)


def _column_sum(rows: Sequence[TableRow], name: str) -> int | None:
    """Sum of a column, or None when there are no rows or a row lacks the figure."""
    values = [getattr(row, name) for row in rows]
    if not values or any(value is None for value in values):
        return None
    return sum(values)


def _differs_from_sum(value: int | None, rows: Sequence[TableRow], name: str) -> bool:
    total = _column_sum(rows, name)
    return value is not None and total is not None and value != total


def _candidates(*values: int | None) -> list[int]:
    """The distinct known values, in order of preference."""
    out: list[int] = []
    for value in values:
        if value is not None and value not in out:
            out.append(value)
    return out


def _agrees_with_any(printed: Decimal, parts: Iterable[int], wholes: Sequence[int]) -> bool:
    return any(printed_rate_agrees(printed, part, whole) for part in parts for whole in wholes)


def _rate_message(place: str, what: str, printed: Decimal, part: int, whole: int) -> str:
    computed = rate(part, whole)
    if computed is None:
        return gettext("%(place)s: %(what)s in %(printed)s%% nhưng số hộ là 0.") % {
            "place": place,
            "what": what,
            "printed": _number(printed),
        }
    return gettext("%(place)s: %(what)s in %(printed)s%% nhưng %(part)s/%(whole)s = %(computed)s%%.") % {
        "place": place,
        "what": what,
        "printed": _number(printed),
        "part": _number(part),
        "whole": _number(whole),
        "computed": format_number(computed, 2),
    }


def _end_failure(source: object, group: _Group) -> tuple[int, int, int] | None:
    """(start, exits, end) when end is stated and differs from start − exits."""
    start, exits, end = (getattr(source, name) for name in (group.start, group.exits, group.end))
    if start is None or exits is None or end is None or end == start - exits:
        return None
    return start, exits, end


def _exceeds_failure(source: object, group: _Group) -> tuple[int, int] | None:
    """(start, exits) when more households are to leave than there are at the start."""
    start, exits = getattr(source, group.start), getattr(source, group.exits)
    if start is None or exits is None or exits <= start:
        return None
    return start, exits


def _explained(source: object, rows: Sequence[TableRow], names: Iterable[str], row_fails: bool) -> bool:
    """Whether a rule failing on a sum (totals row, commune targets) is already reported elsewhere."""
    return row_fails or any(_differs_from_sum(getattr(source, name), rows, name) for name in names)


def _figure(name: str, figures: PlanFigures | None, rows: Sequence[TableRow]) -> list[int]:
    """Known values of a commune figure: the stated target, then the rows' sum, else start − exits."""
    values = _candidates(getattr(figures, name) if figures else None, _column_sum(rows, name))
    if not values:
        for group in _GROUPS:
            if name == group.end:
                starts, exits = _figure(group.start, figures, rows), _figure(group.exits, figures, rows)
                if starts and exits:
                    values = [starts[0] - exits[0]]
    return values


def _row_figure(name: str, row: TableRow) -> list[int]:
    """Known values of a figure of one village row: the row's own, an end figure else start − exits."""
    value = getattr(row, name)
    if value is not None:
        return [value]
    for group in _GROUPS:
        if name == group.end:
            start, exits = getattr(row, group.start), getattr(row, group.exits)
            if start is not None and exits is not None:
                return [start - exits]
    return []


__all__ = [
    "COUNT_FIELDS",
    "ERROR",
    "WARNING",
    "Deadline",
    "Finding",
    "PlanFigures",
    "PlanInput",
    "TableRow",
    "TableTotals",
    "TextPercentage",
]

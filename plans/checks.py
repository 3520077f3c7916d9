"""Consistency checks of an annual plan: its table, totals, targets and texts (docs/rounding.md, docs/sentences.md).

Pure Python: the checks know nothing of the database. The caller (a view, the plan models, a test, the
seed tables in plans/data/seed_tables.py) builds the frozen input dataclasses below and gets back a list of
`Finding`s, each with a stable code, a Vietnamese message carrying the numbers, and an anchor naming the
place in the plan so a page can link to it.

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
- ``deadlines:<index>`` (0-based, in the order given), ``signature``, ``recipients``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext, gettext_lazy

from povertyplan.numbers import format_number, printed_rate_agrees, rate, short_date

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

TOTAL_KEY = "total"

#: The household counts a plan states, per village and for the commune, in table order.
COUNT_FIELDS = (
    "households",
    "poor_start",
    "exits_poor",
    "poor_end",
    "near_poor_start",
    "exits_near_poor",
    "near_poor_end",
)

_FIGURE_LABELS = {
    "households": gettext_lazy("số hộ"),
    "poor_start": gettext_lazy("số hộ nghèo đầu năm"),
    "near_poor_start": gettext_lazy("số hộ cận nghèo đầu năm"),
    "exits_poor": gettext_lazy("số hộ dự kiến thoát nghèo"),
    "exits_near_poor": gettext_lazy("số hộ dự kiến thoát cận nghèo"),
    "poor_end": gettext_lazy("số hộ nghèo cuối năm"),
    "near_poor_end": gettext_lazy("số hộ cận nghèo cuối năm"),
}


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

    def __post_init__(self) -> None:
        keys = [str(row.key) for row in self.rows]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates or TOTAL_KEY in keys:
            raise ValueError(f"row keys must be unique and not {TOTAL_KEY!r}: {duplicates or [TOTAL_KEY]}")


# ---------------------------------------------------------------- output


@dataclass(frozen=True)
class Finding:
    """One inconsistency: how serious, which rule (stable code), what to tell the official, and where."""

    severity: Severity
    code: str
    message: str
    anchor: str


# ---------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Group:
    """The poor or the near-poor columns."""

    start: str
    exits: str
    end: str
    printed_rate: str
    rate_column: str
    rate_label: str
    end_severity: Severity


_POOR = _Group("poor_start", "exits_poor", "poor_end", "printed_poor_rate", "poor_rate", "poor", ERROR)
# Households leaving poverty often become near-poor (seed 002: "9 hộ thoát nghèo rơi cận nghèo"), so a
# near-poor end figure may legitimately differ from start − exits: a warning, not an error.
_NEAR_POOR = _Group(
    "near_poor_start",
    "exits_near_poor",
    "near_poor_end",
    "printed_near_poor_rate",
    "near_poor_rate",
    "near_poor",
    WARNING,
)
_GROUPS = (_POOR, _NEAR_POOR)

_RATE_LABELS = {
    "poor": gettext_lazy("tỷ lệ hộ nghèo"),
    "near_poor": gettext_lazy("tỷ lệ hộ cận nghèo"),
}

_TARGET_RATES = (
    ("printed_poor_start_rate", "poor_start", gettext_lazy("tỷ lệ hộ nghèo đầu năm")),
    ("printed_near_poor_start_rate", "near_poor_start", gettext_lazy("tỷ lệ hộ cận nghèo đầu năm")),
    ("printed_exits_poor_rate", "exits_poor", gettext_lazy("tỷ lệ giảm hộ nghèo")),
    ("printed_exits_near_poor_rate", "exits_near_poor", gettext_lazy("tỷ lệ giảm hộ cận nghèo")),
    ("printed_poor_end_rate", "poor_end", gettext_lazy("tỷ lệ hộ nghèo cuối năm")),
    ("printed_near_poor_end_rate", "near_poor_end", gettext_lazy("tỷ lệ hộ cận nghèo cuối năm")),
)


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


# ---------------------------------------------------------------- the checks


def check_rates(rows: Sequence[TableRow], totals: TableTotals | None = None) -> list[Finding]:
    """Printed rates of the village table (rows and totals row) against their counts: `rate_mismatch`.

    A row's rate is its poor (near-poor) households over its households. On the totals row the rate is
    accepted when it agrees with the printed totals or with the sums of the rows; the households total,
    when not printed (seed 002), is the sum of the rows.
    """
    findings: list[Finding] = []
    for row in rows:
        for group in _GROUPS:
            printed, part = getattr(row, group.printed_rate), getattr(row, group.start)
            if printed is None or part is None or row.households is None:
                continue
            if not printed_rate_agrees(printed, part, row.households):
                findings.append(
                    Finding(
                        ERROR,
                        RATE_MISMATCH,
                        _rate_message(row.label, _RATE_LABELS[group.rate_label], printed, part, row.households),
                        _cell(row.key, group.rate_column),
                    )
                )
    if totals is None:
        return findings
    wholes = _candidates(_column_sum(rows, "households"), totals.households)
    for group in _GROUPS:
        printed = getattr(totals, group.printed_rate)
        parts = _candidates(_column_sum(rows, group.start), getattr(totals, group.start))
        if printed is None or not parts or not wholes or _agrees_with_any(printed, parts, wholes):
            continue
        findings.append(
            Finding(
                ERROR,
                RATE_MISMATCH,
                _rate_message(_totals_place(), _RATE_LABELS[group.rate_label], printed, parts[0], wholes[0]),
                _cell(TOTAL_KEY, group.rate_column),
            )
        )
    return findings


def check_totals(rows: Sequence[TableRow], totals: TableTotals | None) -> list[Finding]:
    """Each count printed on the totals row against the sum of its column: `total_not_sum`.

    A column is checked only when every row has the figure.
    """
    if totals is None:
        return []
    findings: list[Finding] = []
    for name in COUNT_FIELDS:
        printed = getattr(totals, name)
        if not _differs_from_sum(printed, rows, name):
            continue
        message = gettext("%(place)s: %(what)s in %(printed)s nhưng tổng các dòng là %(sum)s.") % {
            "place": _totals_place(),
            "what": _FIGURE_LABELS[name],
            "printed": _number(printed),
            "sum": _number(_column_sum(rows, name)),
        }
        findings.append(Finding(ERROR, TOTAL_NOT_SUM, message, _cell(TOTAL_KEY, name)))
    return findings


def _exceeds_finding(place: str, group: _Group, start: int, exits: int, anchor: str) -> Finding:
    message = gettext("%(place)s: %(exits_label)s (%(exits)s) lớn hơn %(start_label)s (%(start)s).") % {
        "place": place,
        "exits_label": _FIGURE_LABELS[group.exits],
        "exits": _number(exits),
        "start_label": _FIGURE_LABELS[group.start],
        "start": _number(start),
    }
    return Finding(ERROR, TARGET_EXCEEDS_START, message, anchor)


def check_targets_within_start(
    rows: Sequence[TableRow], totals: TableTotals | None = None, figures: PlanFigures | None = None
) -> list[Finding]:
    """More households to leave (near-)poverty than there are at the start: `target_exceeds_start`.

    Checked on every row, and on the totals row and the commune targets unless already explained (a row
    fails the same rule, or the start or exits figure there is not the sum of the rows).
    """
    findings: list[Finding] = []
    for group in _GROUPS:
        row_fails = False
        for row in rows:
            failure = _exceeds_failure(row, group)
            if failure:
                row_fails = True
                findings.append(_exceeds_finding(row.label, group, *failure, _cell(row.key, group.exits)))
        names = (group.start, group.exits)
        for source, place, anchor in (
            (totals, _totals_place, _cell(TOTAL_KEY, group.exits)),
            (figures, _targets_place, f"targets:{group.exits}"),
        ):
            failure = _exceeds_failure(source, group) if source is not None else None
            if failure and not _explained(source, rows, names, row_fails):
                findings.append(_exceeds_finding(place(), group, *failure, anchor))
    return findings


def _end_finding(place: str, group: _Group, start: int, exits: int, end: int, anchor: str) -> Finding:
    values = {
        "place": place,
        "what": _FIGURE_LABELS[group.end],
        "end": _number(end),
        "start": _number(start),
        "exits": _number(exits),
        "expected": _number(start - exits),
    }
    if group is _NEAR_POOR:
        message = (
            gettext(
                "%(place)s: %(what)s là %(end)s, khác %(start)s − %(exits)s = %(expected)s; "
                "kiểm tra lại, trừ khi đã tính cả hộ thoát nghèo chuyển sang cận nghèo."
            )
            % values
        )
    else:
        message = gettext("%(place)s: %(what)s in %(end)s nhưng %(start)s − %(exits)s = %(expected)s.") % values
    return Finding(group.end_severity, END_NOT_START_MINUS_EXITS, message, anchor)


def check_end_figures(
    rows: Sequence[TableRow], totals: TableTotals | None = None, figures: PlanFigures | None = None
) -> list[Finding]:
    """A stated end-of-year figure that is not start − exits: `end_not_start_minus_exits`.

    An error for the poor; a warning for the near-poor, whose end figure may also count households
    leaving poverty into near-poverty. Checked on every row, and on the totals row and the commune
    targets only when not already explained: not when the start, exits or end figure there is reported
    as not the sum of the rows, and not when a row fails the same rule. So seed 002, whose totals row
    prints 31 poor at the end where its rows give 22 (= 35 − 13), gets a single `total_not_sum` on that
    cell and no second finding for the same printed 31.
    """
    findings: list[Finding] = []
    for group in _GROUPS:
        row_fails = False
        for row in rows:
            failure = _end_failure(row, group)
            if failure:
                row_fails = True
                findings.append(_end_finding(row.label, group, *failure, _cell(row.key, group.end)))
        names = (group.start, group.exits, group.end)
        for source, place, anchor in (
            (totals, _totals_place, _cell(TOTAL_KEY, group.end)),
            (figures, _targets_place, f"targets:{group.end}"),
        ):
            failure = _end_failure(source, group) if source is not None else None
            if failure and not _explained(source, rows, names, row_fails):
                findings.append(_end_finding(place(), group, *failure, anchor))
    return findings


def check_commune_targets(figures: PlanFigures | None, rows: Sequence[TableRow]) -> list[Finding]:
    """Commune-level figures against the sums of the village rows: `commune_target_differs`.

    Every count the targets state (households, start, exits, end) is compared, when every row has it.
    """
    if figures is None:
        return []
    findings: list[Finding] = []
    for name in COUNT_FIELDS:
        value = getattr(figures, name)
        if not _differs_from_sum(value, rows, name):
            continue
        message = gettext("%(place)s: %(what)s là %(value)s nhưng tổng các đơn vị trong bảng là %(sum)s.") % {
            "place": _targets_place(),
            "what": _FIGURE_LABELS[name],
            "value": _number(value),
            "sum": _number(_column_sum(rows, name)),
        }
        findings.append(Finding(ERROR, COMMUNE_TARGET_DIFFERS, message, f"targets:{name}"))
    return findings


def check_target_rates(figures: PlanFigures | None, rows: Sequence[TableRow] = ()) -> list[Finding]:
    """Rates printed with the commune targets against their counts over households: `rate_mismatch`.

    The counts are the targets' own, else the rows' sums; a rate agreeing with either is accepted.
    """
    if figures is None:
        return []
    findings: list[Finding] = []
    wholes = _figure("households", figures, rows)
    for rate_field, name, label in _TARGET_RATES:
        printed = getattr(figures, rate_field)
        parts = _figure(name, figures, rows)
        if printed is None or not parts or not wholes or _agrees_with_any(printed, parts, wholes):
            continue
        anchor = "targets:" + rate_field.removeprefix("printed_")
        findings.append(
            Finding(ERROR, RATE_MISMATCH, _rate_message(_targets_place(), label, printed, parts[0], wholes[0]), anchor)
        )
    return findings


def check_text_percentages(
    texts: Sequence[TextPercentage], figures: PlanFigures | None = None, rows: Sequence[TableRow] = ()
) -> list[Finding]:
    """Percentages in text sections against the figures they claim: `text_percentage_mismatch` (error).

    Text often prints fewer decimals ("0,7 %" for 22 / 2.881 = 0,76): the printed_rate_agrees rule applies
    at the printed number of decimals. A percentage whose figures are not known is not checked. A sentence
    about a village is checked against that village's row; one whose subject is not certain gives at
    most a warning.
    """
    findings: list[Finding] = []
    by_key = {str(row.key): row for row in rows}
    for text in texts:
        part_name, whole_name = text.claims
        row = None
        if text.subject is None:
            parts, wholes = _figure(part_name, figures, rows), _figure(whole_name, figures, rows)
        else:
            row = by_key.get(str(text.subject))
            if row is None:
                continue  # a part the plan holds no figures for: not checked
            parts, wholes = _row_figure(part_name, row), _row_figure(whole_name, row)
        if not parts or not wholes or _agrees_with_any(text.printed, parts, wholes):
            continue
        computed = rate(parts[0], wholes[0])
        if row is None:
            template = gettext(
                "“%(snippet)s”: in %(printed)s%% nhưng %(part_label)s / %(whole_label)s = "
                "%(part)s/%(whole)s = %(computed)s%%."
            )
        else:
            template = gettext(
                "“%(snippet)s”: in %(printed)s%% nhưng ở %(village)s, %(part_label)s / %(whole_label)s = "
                "%(part)s/%(whole)s = %(computed)s%%."
            )
        message = template % {
            "village": row.label if row is not None else "",
            "snippet": text.snippet,
            "printed": _number(text.printed),
            "part_label": _FIGURE_LABELS[part_name],
            "whole_label": _FIGURE_LABELS[whole_name],
            "part": _number(parts[0]),
            "whole": _number(wholes[0]),
            "computed": format_number(computed, 2) if computed is not None else "—",
        }
        severity = ERROR if text.certain else WARNING
        findings.append(Finding(severity, TEXT_PERCENTAGE_MISMATCH, message, f"text:{text.section}"))
    return findings


def check_deadlines(deadlines: Sequence[Deadline], year: int) -> list[Finding]:
    """Deadlines outside the plan's year: `deadline_outside_year` (a warning: some reports are due early
    in the next year)."""
    findings: list[Finding] = []
    for index, deadline in enumerate(deadlines):
        if deadline.date.year == year:
            continue
        message = gettext("Hạn “%(label)s” (%(date)s) nằm ngoài năm kế hoạch %(year)s.") % {
            "label": deadline.label,
            "date": short_date(deadline.date),
            "year": str(year),
        }
        findings.append(Finding(WARNING, DEADLINE_OUTSIDE_YEAR, message, f"deadlines:{index}"))
    return findings


def check_signer(signer: str | None) -> list[Finding]:
    """No signer's name in the signature block: `missing_signer`."""
    if signer and signer.strip():
        return []
    return [Finding(ERROR, MISSING_SIGNER, gettext("Chưa có họ tên người ký."), "signature")]


def check_recipients(recipients: int) -> list[Finding]:
    """No line under Nơi nhận: `missing_recipients`."""
    if recipients > 0:
        return []
    return [Finding(ERROR, MISSING_RECIPIENTS, gettext("Chưa có nơi nhận (Nơi nhận)."), "recipients")]


def check_plan(plan: PlanInput) -> list[Finding]:
    """Run every check on a plan; findings in the order of the checks below, each check in table order."""
    rows = plan.rows
    return [
        *check_rates(rows, plan.totals),
        *check_totals(rows, plan.totals),
        *check_targets_within_start(rows, plan.totals, plan.figures),
        *check_end_figures(rows, plan.totals, plan.figures),
        *check_commune_targets(plan.figures, rows),
        *check_target_rates(plan.figures, rows),
        *check_text_percentages(plan.texts, plan.figures, rows),
        *check_deadlines(plan.deadlines, plan.year),
        *check_signer(plan.signer),
        *check_recipients(plan.recipients),
    ]


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
    "check_commune_targets",
    "check_deadlines",
    "check_end_figures",
    "check_plan",
    "check_rates",
    "check_recipients",
    "check_signer",
    "check_target_rates",
    "check_targets_within_start",
    "check_text_percentages",
    "check_totals",
]

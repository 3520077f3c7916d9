"""The checks of the per-village table and the unit's specific targets: rates, sums, targets within the
start figures, end figures (principles and anchors: plans/checks.py)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext

from plans.checks import (
    _FIGURE_LABELS,
    _GROUPS,
    _NEAR_POOR,
    COMMUNE_TARGET_DIFFERS,
    COUNT_FIELDS,
    END_NOT_START_MINUS_EXITS,
    ERROR,
    RATE_MISMATCH,
    TARGET_EXCEEDS_START,
    TOTAL_KEY,
    TOTAL_NOT_SUM,
    Finding,
    PlanFigures,
    TableRow,
    TableTotals,
    _agrees_with_any,
    _candidates,
    _cell,
    _column_sum,
    _differs_from_sum,
    _end_failure,
    _exceeds_failure,
    _explained,
    _figure,
    _Group,
    _number,
    _rate_message,
    _target_rates,
    _targets_place,
    _totals_place,
)
from povertyplan.numbers import printed_rate_agrees


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
                        _rate_message(row.label, group.rate_label, printed, part, row.households),
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
                _rate_message(_totals_place(), group.rate_label, printed, parts[0], wholes[0]),
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
    for rate_field, name, label in _target_rates():
        printed = getattr(figures, rate_field)
        parts = _figure(name, figures, rows)
        if printed is None or not parts or not wholes or _agrees_with_any(printed, parts, wholes):
            continue
        anchor = "targets:" + rate_field.removeprefix("printed_")
        findings.append(
            Finding(ERROR, RATE_MISMATCH, _rate_message(_targets_place(), label, printed, parts[0], wholes[0]), anchor)
        )
    return findings

"""The checks of a plan's texts and document parts: percentages written in the texts, reporting deadlines,
the signer, the recipients (principles and anchors: plans/checks.py)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext

from plans.checks import (
    _FIGURE_LABELS,
    DEADLINE_OUTSIDE_YEAR,
    ERROR,
    MISSING_RECIPIENTS,
    MISSING_SIGNER,
    TEXT_PERCENTAGE_MISMATCH,
    WARNING,
    Deadline,
    Finding,
    PlanFigures,
    TableRow,
    TextPercentage,
    _agrees_with_any,
    _figure,
    _number,
    _row_figure,
)
from povertyplan.numbers import format_number, rate, short_date


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

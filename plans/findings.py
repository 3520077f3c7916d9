"""The adapter from the models to the pure checks: what the checks read from a plan (its table, its texts'
percentages, the figures printed on a transcribed plan), every finding on a plan, and the finding counts
stored on the plan for the lists.

The texts' percentages are read before a write's transaction opens (`_scanned_before_the_transaction`): the
scan is cached, so the findings refreshed inside the transaction do not hold the lock while a long text
is scanned.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from plans import checks, table
from plans.grid import Grid, GridRow
from plans.models import Plan, Target
from plans.plan_checks import check_plan
from plans.reads import plan_table
from plans.textscan import find_percentages
from plans.year_texts import year_texts


def node_text(heading: str, text: str) -> str:
    """What the text scan reads of an outline node: its heading and its text (anchored on its key)."""
    return "\n".join(part for part in (heading, text) if part)


def _printed_from_json(stored: Mapping, cls):
    """A checks dataclass (TableTotals, PlanFigures) from its JSON form (ints, and rates as strings);
    None when nothing was entered."""
    if not stored:
        return None
    values = {}
    for f in dataclasses.fields(cls):
        raw = stored.get(f.name)
        if raw is None or raw == "":
            continue
        values[f.name] = Decimal(str(raw)) if f.name.endswith("_rate") else int(raw)
    return cls(**values)


def _printed_to_json(values: Mapping, cls) -> dict:
    """The JSON form of printed figures: the fields of `cls` that were filled, rates kept as typed."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {
        name: (str(value) if isinstance(value, Decimal) else value)
        for name, value in values.items()
        if value is not None and name in names
    }


def printed_totals(plan: Plan) -> checks.TableTotals | None:
    """The totals row as printed, for a transcribed plan."""
    return _printed_from_json(plan.printed_totals, checks.TableTotals) if plan.transcribed else None


def printed_figures(plan: Plan) -> checks.PlanFigures | None:
    """The unit's specific targets as printed ("Chỉ tiêu cụ thể"), for a transcribed plan."""
    return _printed_from_json(plan.printed_figures, checks.PlanFigures) if plan.transcribed else None


def plan_input(plan: Plan, grid: Grid | None = None) -> checks.PlanInput:
    """What the checks read from a plan. Computed cells agree by construction; printed ones are checked."""
    grid = grid or plan_table(plan)
    rows = []
    for row in grid.rows:
        rows.append(checks.TableRow(key=row.key, label=row.label, **_row_figures(row, plan.transcribed)))
    texts = []
    scan = _text_scanner(plan, [(row.key, row.label) for row in grid.rows])
    nodes, targets = plan.outline.all(), plan.targets.all()
    for node in nodes:
        texts += scan(node.key, node_text(node.heading, node.text))
    for index, target in enumerate(targets):
        texts += scan(f"targets-{index}", target.text)
    deadlines = [checks.Deadline(label=item.what, date=item.due_date) for item in plan.reporting.all() if item.due_date]
    return checks.PlanInput(
        year=plan.year,
        rows=tuple(rows),
        totals=printed_totals(plan),
        figures=printed_figures(plan),
        texts=tuple(texts),
        deadlines=tuple(deadlines),
        signer=plan.signer_name,
        recipients=plan.recipients.count(),
        years=year_texts(plan, nodes, targets),
    )


def _row_figures(row: GridRow, transcribed: bool) -> dict:
    """The figures the checks read from a village row, as plans/table.py declares them: the stored counts
    (from the counts of the year or typed), and the figures printed on the row of a transcribed plan
    (its rates and end figures), read from the village row's field for each; None when not transcribed.
    Computed cells agree by construction and are not passed. Only the figures checks.TableRow has."""
    printed = transcribed and row.target is not None
    values = {c.key: table.value(row, c.key) for c in table.stored_columns() if c.kind == table.Kind.COUNT}
    for c in table.printed_row_columns():
        values[c.printed_name] = getattr(row.target, c.target_field) if printed else None
    return {name: value for name, value in values.items() if name in _TABLE_ROW_FIGURES}


_TABLE_ROW_FIGURES = frozenset(f.name for f in dataclasses.fields(checks.TableRow)) - {"key", "label"}


def _text_scanner(plan: Plan, villages: Iterable[tuple[int | str, str]]):
    """find_percentages for the plan's texts: its year, level, unit name and, for a commune, its villages
    (row key, label), so that a sentence about a village is checked against that village's row."""
    villages = () if plan.is_district_plan else tuple(villages)
    unit = plan.district.name if plan.is_district_plan else plan.commune.name

    def scan(section: str, text: str | None) -> list[checks.TextPercentage]:
        return find_percentages(
            section, text, year=plan.year, district=plan.is_district_plan, villages=villages, unit=unit
        )

    return scan


def _scanned_before_the_transaction(service):
    """Read the percentages of the texts a write stores before its transaction opens.

    The readings are cached (plans.textscan), so the findings refreshed inside the transaction find them
    read already: the write lock is not held while a long text is scanned.
    """

    @functools.wraps(service)
    def write(*args, **kwargs):
        plan, texts = kwargs.get("plan"), []
        if plan is not None and plan.pk is not None:
            formset = kwargs.get("formset")
            if formset is not None and formset.model is Target:
                cleaned = [getattr(form, "cleaned_data", None) or {} for form in formset.forms]
                texts += [("", values.get("text")) for values in cleaned]
        if texts:
            labels = [(t.village_id, str(t.village)) for t in plan.village_targets.select_related("village")]
            scan = _text_scanner(plan, labels)
            for section, text in texts:
                scan(section, text)
        return service(*args, **kwargs)

    return write


def outline_texts_scanned(service):
    """As _scanned_before_the_transaction, for a write of an outline node (`data` with its heading and
    text, `key` the node changed, if any): every node's text as it will be is read before the
    transaction opens, so the findings refreshed inside it find them read."""

    @functools.wraps(service)
    def write(*args, **kwargs):
        plan, data, key = kwargs.get("plan"), kwargs.get("data") or {}, kwargs.get("key")
        if plan is not None and plan.pk is not None:
            texts = []
            for node in plan.outline.all():
                changed = node.key == key
                heading = data.get("heading", node.heading) if changed else node.heading
                texts.append(node_text(heading or "", (data.get("text", node.text) if changed else node.text) or ""))
            if key is None:
                texts.append(node_text(data.get("heading") or "", data.get("text") or ""))
            labels = [(t.village_id, str(t.village)) for t in plan.village_targets.select_related("village")]
            scan = _text_scanner(plan, labels)
            for text in texts:
                scan("", text)
        return service(*args, **kwargs)

    return write


def plan_findings(plan: Plan, grid: Grid | None = None) -> list[checks.Finding]:
    """Every finding on the plan: the checks, and villages without counts for the year."""
    grid = grid or plan_table(plan)
    findings = []
    if not plan.is_district_plan:
        for row in grid.missing:
            message = _("%(village)s chưa có số liệu hộ năm %(year)s: nhập số liệu của thôn trước khi trình.") % {
                "village": row.label,
                "year": plan.year,
            }
            findings.append(
                checks.Finding(checks.ERROR, "missing_counts", message, f"village-table:{row.key}:households")
            )
        if not grid.rows:
            findings.append(
                checks.Finding(checks.ERROR, "no_villages", _("Kế hoạch chưa có thôn nào."), "village-table")
            )
    return findings + check_plan(plan_input(plan, grid))


def refresh_counts(plan: Plan, findings: list[checks.Finding] | None = None) -> None:
    findings = plan_findings(plan) if findings is None else findings
    plan.error_count = sum(1 for f in findings if f.severity == checks.ERROR)
    plan.warning_count = len(findings) - plan.error_count
    Plan.objects.filter(pk=plan.pk).update(error_count=plan.error_count, warning_count=plan.warning_count)

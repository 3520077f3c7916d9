"""The plan page's context, and the grid editor's table, built beside the models rather than in the views.

The per-village table is laid out from plans/table.py's declaration: one `Cell` per row and column,
rendered by templates/plans/_cell.html; a cell is flagged when a finding points to it (`FindingIndex`,
from the findings' parsed anchors). How the plan reads as a document comes from plans/document.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _

from households.lookups import standard_for_or_none
from plans import findings as found
from plans import reads, table, workflow
from plans.checks import ERROR, WARNING, Finding
from plans.document import BodyNode, document, plan_numbers
from plans.forms import CommentForm, IssueForm
from plans.grid import Grid, GridRow
from plans.models import Part, Plan, PlanStatus, Section
from plans.outline import PART_EDITORS
from povertyplan import access
from povertyplan.audit.history import recent_context
from povertyplan.numbers import format_number

# The list edited from each fixed part's "Sửa" button (the header and signature edit the plan's fields).
PART_FOR_SECTION = {
    Section.LEGAL: "can-cu",
    Section.RECIPIENTS: "noi-nhan",
}


class FindingIndex:
    """The findings by the place they point to: the page asks for the findings on a cell."""

    def __init__(self, findings: Iterable[Finding]):
        self._at: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
        for f in findings:
            self._at[(f.at.place, f.at.row, f.at.column)].append(f)

    def on_cell(self, row: object, column: str) -> list[Finding]:
        return self._at.get((table.TABLE, str(row), column), [])

    def on_target(self, name: str) -> list[Finding]:
        return self._at.get((table.TARGETS, "", name), [])


@dataclass
class Cell:
    """One cell of the table as the page shows it (templates/plans/_cell.html)."""

    id: str
    value: Any
    kind: str = table.Kind.COUNT
    places: int | None = None
    findings: list[Finding] = field(default_factory=list)
    printed: Any = None  # the figure as printed, shown under the value ("in: 0,93")
    notes: str = ""
    header: bool = False  # a <th> (the totals row)
    blank: bool = False  # nothing to show (the officer on the totals row)
    href: str = ""  # the value links there (the commune's plan on the roll-up)
    notes_testid: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind in (table.Kind.COUNT, table.Kind.RATE)

    @property
    def flagged(self) -> bool:
        return bool(self.findings)

    @property
    def title(self) -> str:
        return " ".join(f.message for f in self.findings)


@dataclass
class TableRowView:
    row: GridRow
    cells: list[Cell]


@dataclass
class TableView:
    columns: list[table.Column]
    rows: list[TableRowView]
    total: list[Cell]
    total_label: str = ""
    row_number_label: str = table.ROW_NUMBER_LABEL
    unit_label: str = table.VILLAGE_LABEL


def _cell(row: GridRow, c: table.Column, index: FindingIndex, printed: Any, header: bool = False) -> Cell:
    key = table.TOTAL if header else row.key
    return Cell(
        id=table.Anchor.cell(key, c.key).html_id,
        value=table.value(row, c.key),
        kind=c.kind,
        places=c.places,
        findings=index.on_cell(key, c.key),
        printed=printed,
        notes=table.notes(row, c.key),
        header=header,
        blank=header and not c.numeric,
    )


def village_table(plan: Plan, grid: Grid, index: FindingIndex, printed_totals) -> TableView:
    """The per-village table, cell by cell: values, figures as printed (a transcribed plan), flags."""
    columns = table.table_columns()
    rows = []
    for row in grid.rows:
        cells = []
        for c in columns:
            printed = None
            if plan.transcribed and c.printed_row and row.target is not None:
                printed = getattr(row.target, c.target_field, None)
            cells.append(_cell(row, c, index, printed))
        rows.append(TableRowView(row, cells))
    total = []
    for c in columns:
        printed = getattr(printed_totals, c.printed_name, None) if printed_totals and c.printed_total else None
        total.append(_cell(grid.total, c, index, printed, header=True))
    return TableView(columns=columns, rows=rows, total=total)


def rollup_table(rows: list[GridRow], total: GridRow, index: FindingIndex | None = None) -> TableView:
    """The district's table of its communes (plans/rollup.py), cell by cell from the roll-up's declared
    columns; on a district plan's page a cell is flagged when a finding points to it."""
    index = index or FindingIndex(())
    columns = table.rollup_columns()
    body = [TableRowView(row, [_rollup_cell(row, c, index) for c in columns]) for row in rows]
    cells = [_rollup_cell(total, c, index, header=True) for c in columns]
    return TableView(columns=columns, rows=body, total=cells, total_label=total.label)


def _rollup_cell(row: GridRow, c: table.Column, index: FindingIndex, header: bool = False) -> Cell:
    cell = _cell(row, c, index, None, header)
    if c.kind == table.Kind.STATUS and not header:
        cell.href = reverse("plan", args=[row.plan.pk]) if row.plan else ""
        cell.notes, cell.notes_testid = _current_note(row), "current-counts"
    return cell


def _current_note(row: GridRow) -> str:
    """The registry's figures now under the plan's status, when they differ from the plan's frozen ones."""
    if not row.current:
        return ""
    hh, poor, near = (format_number(table.value(row, c.key)) or "—" for c in table.ROLLUP_CURRENT)
    return _("số liệu hiện tại: %(hh)s hộ, %(poor)s hộ nghèo, %(near)s hộ cận nghèo") % {
        "hh": hh,
        "poor": poor,
        "near": near,
    }


def printed_figure_rows(plan: Plan, total: GridRow, index: FindingIndex) -> list[dict]:
    """The specific targets as printed beside the same figures computed from the table, one row per count;
    each cell carries the id the checks' anchors (targets:<field>) point to."""
    printed = found.printed_figures(plan)
    if printed is None:
        return []
    rows = []
    for count, rate in table.figure_pairs():
        rate_anchor = f"{count.key}_rate" if rate else ""
        rows.append(
            {
                "label": count.figure,
                "count": getattr(printed, count.key, None),
                "computed": table.value(total, count.key),
                "count_id": table.Anchor(table.TARGETS, "", count.key).html_id,
                "count_flag": bool(index.on_target(count.key)),
                "rate": getattr(printed, table.figure_rate_name(count.key), None) if rate else None,
                "computed_rate": table.value(total, rate.key) if rate else None,
                "rate_id": table.Anchor(table.TARGETS, "", rate_anchor).html_id if rate else "",
                "rate_flag": bool(index.on_target(rate_anchor)) if rate else False,
            }
        )
    return rows


def finding_rows(findings: Iterable[Finding]) -> list[dict]:
    return [{"f": f, "href": "#" + f.at.html_id} for f in findings]


# The sections edited on the plan's fields page (plans/forms.py PlanFieldsForm: one fieldset each).
PLAN_EDIT_SECTIONS = (Section.HEADER.value, Section.SIGNATURE.value)


def section_info(plan: Plan, doc, comments_by_section: dict) -> dict:
    """Per fixed part (header, legal bases, recipients, signature): its label, the reviewer's comments on
    it and where its "Sửa" button leads. The body's sections: `outline_items`."""
    info = {}
    for s in doc.sections:
        section = Section(s.key)
        if section not in (Section.HEADER, Section.LEGAL, Section.RECIPIENTS, Section.SIGNATURE):
            continue
        part = PART_FOR_SECTION.get(section)
        if part:
            edit_url = reverse("plan_part", args=[plan.pk, part])
        else:  # the plan's fields, opened at this section's fieldset and back to it on save
            edit_url = reverse("plan_edit", args=[plan.pk]) + f"?phan={s.key}#{s.key}"
        info[s.key] = {
            "key": s.key,
            "label": s.label,
            "comments": comments_by_section.get(s.key, []),
            "edit_url": edit_url,
        }
    return info


@dataclass
class OutlineItem:
    """A node of the outline as the page shows it (templates/plans/_outline_node.html)."""

    node: BodyNode
    comments: list
    edit_url: str
    part_edit_url: str = ""
    children: list[OutlineItem] = field(default_factory=list)
    number: str | None = ""  # the number the PDF prints it with; None: the PDF leaves it out ("không in")

    @property
    def key(self) -> str:
        return self.node.key

    @property
    def printed(self) -> bool:
        return self.number is not None

    @property
    def title(self) -> str:
        return f"{self.number or ''} {self.node.heading}".strip()


def part_edit_url(plan: Plan, part: str) -> str:
    """Where the rows a Part renders are edited ("" for a part computed from the counts)."""
    if part == Part.VILLAGE_TABLE:
        return "" if plan.is_district_plan else reverse("plan_grid", args=[plan.pk])
    slug = PART_EDITORS.get(part)
    return reverse("plan_part", args=[plan.pk, slug]) if slug else ""


def outline_items(
    plan: Plan, body: Iterable[BodyNode], comments_by_section: dict, numbers: dict[str, str | None]
) -> list[OutlineItem]:
    """The outline's nodes with their comments, their "Sửa" (the node's editor), their part's editor and the
    number the PDF prints them with (`plans.document.plan_numbers`: None for a node it leaves out)."""
    return [
        OutlineItem(
            node=node,
            comments=comments_by_section.get(node.key, []),
            edit_url=reverse("plan_outline_node", args=[plan.pk, node.key]),
            part_edit_url=part_edit_url(plan, node.part) if node.part else "",
            children=outline_items(plan, node.children, comments_by_section, numbers),
            number=numbers.get(node.key),
        )
        for node in body
    ]


def _reporting(plan: Plan) -> list[tuple]:
    """Each reporting item with the id its deadline finding points to (deadlines:<index>, dated ones)."""
    reporting, index = [], 0
    for item in plan.reporting.all():
        reporting.append((item, f"deadlines-{index}" if item.due_date else ""))
        index += 1 if item.due_date else 0
    return reporting


def _issue_form(plan: Plan, bound: dict):
    return bound.get("issue_form") or IssueForm(
        initial={
            "version": plan.version,
            "number": workflow.next_number(plan),
            "issue_date": workflow.suggested_issue_date(plan),
            "signer_name": plan.signer_name,
        }
    )


def plan_page(plan: Plan, user, bound: dict | None = None) -> dict:
    """Everything the plan page shows; `bound` carries a form posted with errors (issue, return, comment)."""
    bound = bound or {}
    prefetch_related_objects([plan], "outline")  # read by the findings, the document and the comment form
    may = access.flags(user, plan)  # one query for the three rights
    can_change = plan.is_editable and may.change
    can_review = may.review
    grid = reads.plan_table(plan)
    findings = found.plan_findings(plan, grid)
    index = FindingIndex(findings)
    printed_totals = found.printed_totals(plan)
    comments = list(plan.comments.select_related("by"))
    by_section: dict[str, list] = {}
    for c in comments:
        by_section.setdefault(c.section, []).append(c)
    doc = document(plan)
    transitions = workflow.available(user, plan)
    unit_word = (
        _("toàn huyện") if plan.is_district_plan else _("toàn %(kind)s") % {"kind": plan.commune.get_kind_display()}
    )
    return {
        "plan": plan,
        "standard": standard_for_or_none(plan.year),  # the poverty standard of the plan's year
        "doc": doc,
        "can_change": can_change,
        "can_review": can_review,
        "grid": grid,
        "rows": grid.rows,
        "total": grid.total,
        "table": village_table(plan, grid, index, printed_totals) if not plan.is_district_plan else None,
        "rollup": rollup_table(grid.rows, grid.total, index) if plan.is_district_plan else None,
        "printed_totals": printed_totals,
        "printed_figures": printed_figure_rows(plan, grid.total, index),
        "unit_word": unit_word,
        "findings": finding_rows(findings),
        "errors": sum(1 for f in findings if f.severity == ERROR),
        "warnings": sum(1 for f in findings if f.severity == WARNING),
        "comments_by_section": by_section,
        "comment_count": len(comments),
        "comment_form": (bound.get("comment_form") or CommentForm(plan=plan))
        if can_review and plan.status == PlanStatus.SUBMITTED
        else None,
        "transition_form": bound.get("transition_form"),
        "transition_name": bound.get("transition_name", ""),
        "transitions": [t for t in transitions if t.name != "issue"],
        "issue_form": _issue_form(plan, bound) if any(t.name == "issue" for t in transitions) else None,
        "events": plan.events.select_related("by"),
        "has_return": plan.events.filter(to_status=PlanStatus.RETURNED).exists(),
        "can_revise": plan.status == PlanStatus.ISSUED and may.change,
        "recent": recent_context(user, plan, reverse("plan_history", args=[plan.pk])),
        "section_info": section_info(plan, doc, by_section),
        "outline": outline_items(plan, doc.body, by_section, plan_numbers(plan, doc.body, grid)),
        "reporting": _reporting(plan),
        "revisions": reads.unit_plans(commune=plan.commune, district=plan.district).filter(year=plan.year)
        if plan.commune_id or plan.district_id
        else [],
    }


# ---------------------------------------------------------------- the grid editor


@dataclass
class GridCell:
    """A cell of the grid editor: a bound form field to type in, or a value shown (`value`)."""

    field: Any = None
    value: Any = None
    places: int | None = None
    blank: bool = False


def grid_rows(plan: Plan, grid: Grid, formset, totals_form) -> dict:
    """The grid editor laid out from the declaration: header slots, each row's cells, the printed totals."""
    slots = table.grid_slots(plan.transcribed)
    rows = []
    if len(formset.forms) == len(grid.rows):
        for row, form in zip(grid.rows, formset, strict=True):
            cells = []
            for slot in slots:
                c = slot.column
                if slot.shows == "value":
                    cells.append(GridCell(value=table.value(row, c.key), places=c.places))
                else:
                    cells.append(GridCell(field=form[c.target_field]))
            rows.append((row, form, cells))
    totals = []
    if totals_form is not None:
        for slot in slots:
            name = slot.total_field
            totals.append(GridCell(field=totals_form[name]) if name else GridCell(blank=True))
    return {"slots": slots, "grid_rows": rows, "totals_cells": totals}

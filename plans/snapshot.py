"""A plan's content as plain data, stored with each workflow event, and the differences between two.

The reviewer who returned a plan sees what the commune changed before resubmitting: the snapshot taken
when it was returned against the one taken at resubmission (or the plan as it is now). A snapshot is a
list of items `[section, key, label, value]`; single values (header fields, texts, a village's cells) are
compared by key, list sections (legal bases, recipients...) line by line. The village table's items are
the columns plans/table.py declares stored (read from the counts or typed); legal-basis and recipient
lines read as the document prints them (plans/document.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from plans import table
from plans.document import document
from plans.grid import village_grid
from plans.models import Plan, Section
from povertyplan.numbers import format_number, short_date

# 2: legal-basis lines read as the document prints them (plans/document.py).
SNAPSHOT_FORMAT = 2

_FIELDS = (
    (Section.HEADER, ("parent_body", "issuing_body", "number", "symbol", "place", "issue_date", "summary")),
    (Section.PURPOSE, ("purpose",)),
    (Section.SITUATION, ("situation_text",)),
    (Section.PREVIOUS, ("previous_results_text",)),
    (Section.GOALS, ("general_goal",)),
    (Section.TASKS, ("tasks_solutions",)),
    (Section.FUNDING, ("funding_text",)),
    (Section.SIGNATURE, ("closing", "signing_authority", "signer_deputy", "signer_title", "signer_name")),
)


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if hasattr(value, "isoformat"):
        return short_date(value)
    if isinstance(value, int):
        return format_number(value)
    return str(value)


def _list_lines(plan: Plan) -> list[tuple[str, str]]:
    doc = document(plan)
    lines: list[tuple[str, str]] = [(Section.LEGAL, line) for line in doc.legal]
    for t in plan.targets.all():
        lines.append((Section.GOALS, t.text))
    for p in plan.projects.select_related("item"):
        parts = [p.item_label, p.objective, p.beneficiaries, p.content, p.funding, p.lead_body]
        parts += [p.coordinating_bodies, p.time_frame]
        lines.append((Section.PROJECTS, " | ".join(x for x in parts if x)))
    for r in plan.responsibilities.all():
        lines.append((Section.RESPONSIBILITIES, f"{r.unit}: {r.tasks}"))
    for f in plan.funding_sources.all():
        amount = f" {format_number(f.amount)} đ" if f.amount is not None else ""
        lines.append((Section.FUNDING, f"{f.source}{amount} {f.note}".strip()))
    for i in plan.reporting.all():
        due = short_date(i.due_date) if i.due_date else i.due_text
        lines.append((Section.REPORTING, f"{i.what} – {i.to_whom} – {due}"))
    lines += [(Section.RECIPIENTS, line) for line in doc.recipients]
    return lines


def snapshot(plan: Plan) -> dict:
    """The plan's content now, as JSON-ready data."""
    items: list[list[str]] = []
    for section, names in _FIELDS:
        for name in names:
            label = str(plan._meta.get_field(name).verbose_name)
            items.append([section, name, label, _text(getattr(plan, name))])
    if not plan.is_district_plan:
        columns = table.stored_columns()
        for row in village_grid(plan).rows:
            for c in columns:
                value = table.value(row, c.key)
                items.append([Section.VILLAGE_TABLE, f"{row.key}:{c.key}", f"{row.label} – {c.label}", _text(value)])
    lines = [[section, line] for section, line in _list_lines(plan)]
    return {"format": SNAPSHOT_FORMAT, "items": items, "lines": lines}


@dataclass(frozen=True)
class Change:
    section: str
    label: str
    before: str
    after: str

    @property
    def section_label(self) -> str:
        return Section(self.section).label if self.section in Section.values else self.section


def diff(before: dict | None, after: dict | None) -> list[Change]:
    """What differs from `before` to `after`, in document order (sections, then items)."""
    before = before or {"items": [], "lines": []}
    after = after or {"items": [], "lines": []}
    changes: list[Change] = []
    old = {(s, k): (label, v) for s, k, label, v in before["items"]}
    seen = set()
    for s, k, label, v in after["items"]:
        seen.add((s, k))
        was = old.get((s, k), (label, ""))[1]
        if was != v:
            changes.append(Change(s, label, was, v))
    for (s, k), (label, v) in old.items():
        if (s, k) not in seen and v:
            changes.append(Change(s, label, v, ""))
    # Lines compared as multisets: a line listed twice and then once is one removal.
    old_lines = Counter(tuple(x) for x in before["lines"])
    new_lines = Counter(tuple(x) for x in after["lines"])
    for (s, line), n in (old_lines - new_lines).items():
        changes.extend([Change(s, _("Dòng bị bỏ"), line, "")] * n)
    for (s, line), n in (new_lines - old_lines).items():
        changes.extend([Change(s, _("Dòng thêm mới"), "", line)] * n)
    order = {value: i for i, value in enumerate(Section.values)}
    return sorted(changes, key=lambda c: order.get(c.section, len(order)))

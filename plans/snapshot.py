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
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans import table
from plans.document import document
from plans.grid import village_grid
from plans.models import Part, Plan, Section
from povertyplan.numbers import format_number, short_date

# 2: legal-basis lines read as the document prints them (plans/document.py).
# 3: the body is the plan's outline: items and lines grouped by node key, and "sections" lists the nodes
#    [key, number and heading] in document order. Format 2 snapshots are read as format 3 (_upgrade).
SNAPSHOT_FORMAT = 3

_FIELDS = (
    (Section.HEADER, ("parent_body", "issuing_body", "number", "symbol", "place", "issue_date", "summary", "preamble")),
    (Section.SIGNATURE, ("closing", "signing_authority", "signer_deputy", "signer_title", "signer_name")),
)
# Format 2 kept the body texts on the plan: field -> the default outline's node key.
_OLD_TEXTS = {
    "purpose": "purpose",
    "situation_text": "situation",
    "previous_results_text": "previous",
    "general_goal": "goals",
    "tasks_solutions": "tasks",
    "funding_text": "funding",
}
# Where a list part's lines go when no node places that part.
_PART_SECTION = {
    Part.TARGETS: Section.GOALS,
    Part.VILLAGE_TABLE: Section.VILLAGE_TABLE,
    Part.PROJECTS: Section.PROJECTS,
    Part.FUNDING: Section.FUNDING,
    Part.RESPONSIBILITIES: Section.RESPONSIBILITIES,
    Part.REPORTING: Section.REPORTING,
}


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


def _where(doc) -> dict[str, str]:
    """Each list part's group: the key of the node placing it, else the old section's."""
    placed = {node.part: node.key for top in doc.body for node in top.walk() if node.part}
    return {part: placed.get(part, str(section)) for part, section in _PART_SECTION.items()}


def _list_lines(plan: Plan, doc, where: dict[str, str]) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = [(Section.LEGAL, line) for line in doc.legal]
    for t in plan.targets.all():
        lines.append((where[Part.TARGETS], t.text))
    for p in plan.projects.select_related("item"):
        parts = [p.item_label, p.objective, p.beneficiaries, p.content, p.funding, p.lead_body]
        parts += [p.coordinating_bodies, p.time_frame]
        lines.append((where[Part.PROJECTS], " | ".join(x for x in parts if x)))
    for r in plan.responsibilities.all():
        lines.append((where[Part.RESPONSIBILITIES], f"{r.unit}: {r.tasks}"))
    for f in plan.funding_sources.all():
        amount = f" {format_number(f.amount)} đ" if f.amount is not None else ""
        lines.append((where[Part.FUNDING], f"{f.source}{amount} {f.note}".strip()))
    for i in plan.reporting.all():
        due = short_date(i.due_date) if i.due_date else i.due_text
        lines.append((where[Part.REPORTING], f"{i.what} – {i.to_whom} – {due}"))
    lines += [(Section.RECIPIENTS, line) for line in doc.recipients]
    return lines


def _node_items(node) -> list[list[str]]:
    part = str(Part(node.part).label) if node.part else ""
    return [
        [node.key, f"{node.key}:heading", _("Tiêu đề"), node.heading],
        [node.key, f"{node.key}:text", _("Nội dung"), "\n".join(node.paragraphs)],
        [node.key, f"{node.key}:part", _("Phần có cấu trúc"), part],
    ]


def snapshot(plan: Plan) -> dict:
    """The plan's content now, as JSON-ready data."""
    doc = document(plan)
    where = _where(doc)
    items: list[list[str]] = []
    for section, names in _FIELDS:
        for name in names:
            label = str(plan._meta.get_field(name).verbose_name)
            items.append([section, name, label, _text(getattr(plan, name))])
    nodes = [node for top in doc.body for node in top.walk()]
    for node in nodes:
        items += _node_items(node)
    if not plan.is_district_plan:
        columns = table.stored_columns()
        for row in village_grid(plan).rows:
            for c in columns:
                value = table.value(row, c.key)
                label = f"{row.label} – {c.label}"
                items.append([where[Part.VILLAGE_TABLE], f"{row.key}:{c.key}", label, _text(value)])
    lines = [[section, line] for section, line in _list_lines(plan, doc, where)]
    sections = [[node.key, f"{node.number} {node.heading}".strip() or node.key] for node in nodes]
    return {"format": SNAPSHOT_FORMAT, "items": items, "lines": lines, "sections": sections}


# The default outline's headings and parts, as every plan had them before format 3.
_OLD_OUTLINE = {
    "purpose": ("MỤC ĐÍCH, YÊU CẦU", ""),
    "situation": ("THỰC TRẠNG, NGUYÊN NHÂN NGHÈO", Part.FIGURES),
    "previous": ("KẾT QUẢ NĂM TRƯỚC", ""),
    "goals": ("MỤC TIÊU", Part.TARGETS),
    "village-table": ("Bảng chỉ tiêu theo thôn", Part.VILLAGE_TABLE),
    "projects": ("DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN", Part.PROJECTS),
    "tasks": ("NHIỆM VỤ VÀ GIẢI PHÁP", ""),
    "funding": ("KINH PHÍ", Part.FUNDING),
    "responsibilities": ("TỔ CHỨC THỰC HIỆN", Part.RESPONSIBILITIES),
    "reporting": ("CHẾ ĐỘ BÁO CÁO", Part.REPORTING),
}


def _upgrade(snap: dict) -> dict:
    """A format 2 snapshot as format 3: its texts as the default outline's nodes (the headings and parts
    every plan had then), the rest as it was."""
    if snap.get("format", 2) >= 3:
        return snap
    texts = {_OLD_TEXTS[k]: v for s, k, _label, v in snap["items"] if k in _OLD_TEXTS}
    items = [item for item in snap["items"] if item[1] not in _OLD_TEXTS]
    for key, (heading, part) in _OLD_OUTLINE.items():
        if key == Section.PREVIOUS and not texts.get(key):
            continue
        items += [
            [key, f"{key}:heading", _("Tiêu đề"), heading],
            [key, f"{key}:text", _("Nội dung"), texts.get(key, "")],
            [key, f"{key}:part", _("Phần có cấu trúc"), str(Part(part).label) if part else ""],
        ]
    return {**snap, "format": 3, "items": items}


@dataclass(frozen=True)
class Change:
    section: str
    label: str
    before: str
    after: str
    title: str = field(default="", compare=False)  # the node's number and heading (shown, not compared)

    @property
    def section_label(self) -> str:
        if self.title:
            return self.title
        return Section(self.section).label if self.section in Section.values else self.section


def diff(before: dict | None, after: dict | None) -> list[Change]:
    """What differs from `before` to `after`, in document order (sections, then items)."""
    before = _upgrade(before or {"items": [], "lines": []})
    after = _upgrade(after or {"items": [], "lines": []})
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
    # Document order: the header and legal bases, the outline's nodes as they are now (then as they were),
    # the old sections' order for the rest, the recipients and the signature last.
    titles = {key: title for key, title in [*before.get("sections", []), *after.get("sections", [])]}
    keys = [Section.HEADER, Section.LEGAL]
    for key, _title in [*after.get("sections", []), *before.get("sections", []), *((v, "") for v in Section.values)]:
        if key not in keys and key not in (Section.RECIPIENTS, Section.SIGNATURE):
            keys.append(key)
    order = {key: i for i, key in enumerate([*keys, Section.RECIPIENTS, Section.SIGNATURE])}
    changes = [Change(c.section, c.label, c.before, c.after, titles.get(c.section, "")) for c in changes]
    return sorted(changes, key=lambda c: order.get(c.section, len(order)))

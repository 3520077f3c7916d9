"""The plan's outline: its default sections, copying it into a new plan or revision, and every change an
official makes to it (add, edit, move, delete a section), each a service: lock the plan, check the
version, save, record, in one transaction (plans/services.py's lock_for_change and touch).

A node is named by its `key` (plans/outline_models.py); the page anchors on it (#key) and the editor
returns there. The village table is always somewhere in a commune's plan: removing it, or deleting the
section holding it, is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.findings import outline_texts_scanned
from plans.models import OutlineNode, Part, Plan, Section
from plans.outline_models import default_style
from plans.services import lock_for_change, touch
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action, Entry
from povertyplan.concurrency import ConflictError, conflict_on_race

# What an official edits on a node, and what the record compares.
EDITABLE = ("heading", "style", "text", "part", "annex_title")
RECORDED = ("parent", "order", "key", *EDITABLE)
MAX_DEPTH = 5
UP, DOWN, IN, OUT = "up", "down", "in", "out"
DIRECTIONS = (UP, DOWN, IN, OUT)

# The default outline (today's sections): (key, heading, part, children as the same tuples).
DEFAULT = (
    ("purpose", "MỤC ĐÍCH, YÊU CẦU", "", ()),
    ("situation", "THỰC TRẠNG, NGUYÊN NHÂN NGHÈO", Part.FIGURES, ()),
    ("goals", "MỤC TIÊU", Part.TARGETS, (("village-table", "Bảng chỉ tiêu theo thôn", Part.VILLAGE_TABLE, ()),)),
    ("projects", "DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN", Part.PROJECTS, ()),
    ("tasks", "NHIỆM VỤ VÀ GIẢI PHÁP", "", ()),
    ("funding", "KINH PHÍ", Part.FUNDING, ()),
    ("responsibilities", "TỔ CHỨC THỰC HIỆN", Part.RESPONSIBILITIES, ()),
    ("reporting", "CHẾ ĐỘ BÁO CÁO", Part.REPORTING, ()),
)


def annex_title(year: int) -> str:
    """The default title of the per-village annex."""
    return f"DỰ KIẾN CHỈ TIÊU GIẢM HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {year}"


# ---------------------------------------------------------------- reading


def children_of(nodes) -> dict[int | None, list[OutlineNode]]:
    """The nodes by their parent's id (None: the sections), each list in order."""
    out: dict[int | None, list[OutlineNode]] = defaultdict(list)
    for node in nodes:
        out[node.parent_id].append(node)
    for siblings in out.values():
        siblings.sort(key=lambda n: (n.order, n.pk or 0))
    return out


def in_order(nodes) -> list[tuple[OutlineNode, int]]:
    """Every node reachable from the sections, in document order, with its depth (1 = a section)."""
    by_parent, out = children_of(nodes), []

    def walk(parent_id, depth):
        for node in by_parent.get(parent_id, []):
            out.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 1)
    return out


def depth_of(node: OutlineNode, by_id: Mapping[int, OutlineNode]) -> int:
    depth = 1
    while node.parent_id is not None:
        node, depth = by_id[node.parent_id], depth + 1
    return depth


# The list editor (plans/forms.py PARTS, "plan_part") of each structured part, and the old section whose
# anchor the list's own parts (legal bases, recipients) keep.
PART_EDITORS = {
    Part.TARGETS: "chi-tieu",
    Part.PROJECTS: "du-an",
    Part.RESPONSIBILITIES: "phan-cong",
    Part.FUNDING: "kinh-phi",
    Part.REPORTING: "bao-cao",
}
PART_OF_SECTION = {
    Section.GOALS: Part.TARGETS,
    Section.VILLAGE_TABLE: Part.VILLAGE_TABLE,
    Section.PROJECTS: Part.PROJECTS,
    Section.RESPONSIBILITIES: Part.RESPONSIBILITIES,
    Section.FUNDING: Part.FUNDING,
    Section.REPORTING: Part.REPORTING,
}


def anchor_for(plan: Plan, section: str) -> str:
    """Where the page shows an old section's content: the key of the node placing its part (the editor
    of a list returns there), or the section's own key (legal bases, recipients...)."""
    part = PART_OF_SECTION.get(section)
    if part is None:
        return str(section)
    key = plan.outline.filter(part=part).values_list("key", flat=True).first()
    return key or str(section)


def style_at(plan: Plan, after: str = "", parent: str = "") -> str:
    """The numbering style a new node takes at that place: the default of its depth."""
    nodes = {n.pk: n for n in plan.outline.all()}
    key = parent or after
    where = next((n for n in nodes.values() if n.key == key), None) if key else None
    if where is None:
        return default_style(1)
    depth = depth_of(where, nodes)
    return default_style(depth + 1 if parent else depth)


# ---------------------------------------------------------------- creation and copies


def create_default(plan: Plan) -> None:
    """The default outline (today's sections), for a plan without a previous year's."""

    def make(items, parent, depth):
        for order, (key, heading, part, children) in enumerate(items, start=1):
            node = OutlineNode.objects.create(
                plan=plan,
                parent=parent,
                order=order,
                key=key,
                style=default_style(depth),
                heading=heading,
                part=part,
                annex_title=annex_title(plan.year) if part == Part.VILLAGE_TABLE else "",
            )
            make(children, node, depth + 1)

    make(DEFAULT, None, 1)


def copy_outline(source: Plan, target: Plan, *, same_year: bool) -> None:
    """`source`'s outline into `target`: headings, styles, parts, texts and keys (comments and anchors
    name the same sections). Into next year's plan the previous year's results are not carried, and the
    annex title names the new year."""
    created: dict[int, OutlineNode] = {}
    for node, _depth in in_order(source.outline.all()):
        values = {name: getattr(node, name) for name in ("order", "key", *EDITABLE)}
        if not same_year:
            if node.key == Section.PREVIOUS:
                values["text"] = ""
            values["annex_title"] = node.annex_title.replace(str(source.year), str(target.year))
        parent = created.get(node.parent_id)
        created[node.pk] = OutlineNode.objects.create(plan=target, parent=parent, **values)


# ---------------------------------------------------------------- writes


def saved_by(plan: Plan) -> str:
    """ " (nguyen.van.a, 20:14 01/12/2026)": who saved the plan or one of its parts last, and when."""
    entry = Entry.objects.filter(parent_type=plan._meta.label_lower, parent_id=plan.pk).order_by("-at", "-id").first()
    if entry is None:
        return ""
    when = timezone.localtime(entry.at).strftime("%H:%M %d/%m/%Y")
    return f" ({entry.actor_username or entry.actor_name}, {when})"


def _lock(by, plan: Plan, version: int | None) -> Plan:
    """The plan locked for a change of its outline; a stale version is refused naming who saved."""
    try:
        return lock_for_change(by, plan.pk, version)
    except ConflictError as exc:
        raise ConflictError(
            _("Kế hoạch vừa được người khác cập nhật%(who)s. Hãy tải lại trang để xem nội dung mới rồi sửa lại.")
            % {"who": saved_by(plan)}
        ) from exc


def _nodes(plan: Plan) -> dict[int, OutlineNode]:
    return {n.pk: n for n in plan.outline.select_related("parent")}


def _node(nodes: Mapping[int, OutlineNode], key: str) -> OutlineNode:
    for node in nodes.values():
        if node.key == key:
            return node
    raise ValidationError(_("Mục này không còn trong kế hoạch (có thể vừa bị xóa). Hãy tải lại trang."))


def _holds_table(node: OutlineNode, nodes: Mapping[int, OutlineNode]) -> bool:
    """The node, or one under it, places the village table."""
    return any(other.part == Part.VILLAGE_TABLE and _under(other, node, nodes) for other in nodes.values())


def _check(plan: Plan, node: OutlineNode, nodes: Mapping[int, OutlineNode]) -> None:
    """A node's values before saving: its fields, its part once per plan, the village table kept."""
    try:
        node.full_clean(exclude=["plan", "parent"], validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError([m for messages in exc.message_dict.values() for m in messages]) from exc
    if node.part:
        for other in nodes.values():
            if other.pk != node.pk and other.part == node.part:
                raise ValidationError(
                    _("“%(part)s” đã được đặt ở mục “%(where)s”: mỗi phần chỉ đặt ở một mục.")
                    % {"part": Part(node.part).label, "where": other.heading or other.key}
                )
    if plan.commune_id and not node.part == Part.VILLAGE_TABLE:
        was = nodes.get(node.pk)
        if was is not None and was.part == Part.VILLAGE_TABLE:
            raise ValidationError(_("Kế hoạch của xã luôn có bảng chỉ tiêu theo thôn: hãy đặt nó ở mục khác trước."))


def _new_key(nodes: Mapping[int, OutlineNode]) -> str:
    used = {n.key for n in nodes.values()}
    n = len(used) + 1
    while f"muc-{n}" in used:
        n += 1
    return f"muc-{n}"


def _renumber(siblings: list[OutlineNode]) -> list[OutlineNode]:
    """Orders 1..n for `siblings` as listed; the ones whose order changed."""
    changed = []
    for order, node in enumerate(siblings, start=1):
        if node.order != order:
            node.order = order
            changed.append(node)
    return changed


def _save_moves(by, plan: Plan, moved: list[OutlineNode], before: Mapping[int, dict]) -> None:
    OutlineNode.objects.bulk_update(moved, ["parent", "order", "style"])
    rows = [(n, before[n.pk], audit.state(n, RECORDED)) for n in moved]
    audit.record_many(by, Action.PLAN_OUTLINE, rows, parent=plan)


@outline_texts_scanned
@conflict_on_race
@transaction.atomic
def add_node(*, by, plan: Plan, version: int | None, data: Mapping, after: str = "", parent: str = "") -> OutlineNode:
    """A new section: after the node `after` (same level), as the last child of `parent`, or as the last
    section; returns it."""
    locked = _lock(by, plan, version)
    nodes = _nodes(locked)
    by_parent = children_of(nodes.values())
    if parent:
        under = _node(nodes, parent)
        siblings, position = by_parent.get(under.pk, []), None
    elif after:
        anchor = _node(nodes, after)
        under = nodes.get(anchor.parent_id)
        siblings = by_parent.get(anchor.parent_id, [])
        position = siblings.index(anchor) + 1
    else:
        under, siblings, position = None, by_parent.get(None, []), None
    depth = depth_of(under, nodes) + 1 if under is not None else 1
    if depth > MAX_DEPTH:
        raise ValidationError(_("Dàn ý có tối đa %(n)s cấp.") % {"n": MAX_DEPTH})
    node = OutlineNode(plan=locked, parent=under, key=_new_key(nodes), style=default_style(depth))
    for name in EDITABLE:
        if name in data and data[name] is not None:
            setattr(node, name, data[name])
    if not (node.heading.strip() or node.text.strip() or node.part):
        raise ValidationError(_("Hãy ghi tiêu đề hoặc nội dung của mục."))
    _check(locked, node, nodes)
    before = {n.pk: audit.state(n, RECORDED) for n in siblings}
    siblings = list(siblings)
    siblings.insert(len(siblings) if position is None else position, node)
    node.order = siblings.index(node) + 1
    node.save()
    moved = [n for n in _renumber(siblings) if n is not node]
    OutlineNode.objects.bulk_update(moved, ["order"])
    rows = [(node, {}, audit.state(node, RECORDED))] + [(n, before[n.pk], audit.state(n, RECORDED)) for n in moved]
    audit.record_many(by, Action.PLAN_OUTLINE, rows, parent=locked)
    touch(locked)
    return node


@outline_texts_scanned
@conflict_on_race
@transaction.atomic
def save_node(*, by, plan: Plan, version: int | None, key: str, data: Mapping) -> OutlineNode:
    """A section's heading, numbering style, text, part and annex title."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable through save_node: {sorted(unknown)}")
    locked = _lock(by, plan, version)
    nodes = _nodes(locked)
    was = _node(nodes, key)
    node = OutlineNode.objects.select_related("parent").get(pk=was.pk)
    before = audit.state(node, RECORDED)
    for name, value in data.items():
        setattr(node, name, value if value is not None else "")
    _check(locked, node, nodes)
    node.save()
    audit.record(by, Action.PLAN_OUTLINE, node, before=before, after=audit.state(node, RECORDED), parent=locked)
    touch(locked)
    return node


@conflict_on_race
@transaction.atomic
def move_node(*, by, plan: Plan, version: int | None, key: str, direction: str) -> OutlineNode:
    """Move a section up or down among its siblings, in (under the section before it) or out (after its
    parent, one level up); a move that cannot be made is refused, saying why."""
    if direction not in DIRECTIONS:
        raise ValueError(direction)
    locked = _lock(by, plan, version)
    nodes = _nodes(locked)
    node = _node(nodes, key)
    by_parent = children_of(nodes.values())
    siblings = by_parent.get(node.parent_id, [])
    index = siblings.index(node)
    before = {pk: audit.state(n, RECORDED) for pk, n in nodes.items()}
    touched: list[OutlineNode] = []
    if direction in (UP, DOWN):
        other = index - 1 if direction == UP else index + 1
        if not 0 <= other < len(siblings):
            raise ValidationError(_("Mục đã ở đầu.") if direction == UP else _("Mục đã ở cuối."))
        siblings[index], siblings[other] = siblings[other], siblings[index]
        touched = _renumber(siblings)
    elif direction == IN:
        if index == 0:
            raise ValidationError(_("Không có mục nào phía trên cùng cấp để đưa mục này vào."))
        new_parent = siblings[index - 1]
        if depth_of(new_parent, nodes) + 1 + _height(node, by_parent) - 1 > MAX_DEPTH:
            raise ValidationError(_("Dàn ý có tối đa %(n)s cấp.") % {"n": MAX_DEPTH})
        siblings.pop(index)
        node.parent, node.parent_id = new_parent, new_parent.pk
        node.style = default_style(depth_of(new_parent, nodes) + 1)
        touched = [node, *_renumber(siblings), *_renumber([*by_parent.get(new_parent.pk, []), node])]
    else:
        if node.parent_id is None:
            raise ValidationError(_("Mục đã ở cấp cao nhất."))
        old_parent = nodes[node.parent_id]
        outer = by_parent.get(old_parent.parent_id, [])
        siblings.pop(index)
        node.parent_id = old_parent.parent_id
        node.parent = nodes.get(old_parent.parent_id)
        node.style = default_style(depth_of(old_parent, nodes))
        outer.insert(outer.index(old_parent) + 1, node)
        touched = [node, *_renumber(siblings), *_renumber(outer)]
    moved = list({n.pk: n for n in touched}.values())
    _save_moves(by, locked, moved, before)
    touch(locked)
    return node


def _height(node: OutlineNode, by_parent) -> int:
    """Levels from the node down to its deepest descendant (1: no children)."""
    return 1 + max((_height(c, by_parent) for c in by_parent.get(node.pk, [])), default=0)


@conflict_on_race
@transaction.atomic
def delete_node(*, by, plan: Plan, version: int | None, key: str) -> None:
    """Delete a section with everything under it; the section holding a commune's village table stays."""
    locked = _lock(by, plan, version)
    nodes = _nodes(locked)
    node = _node(nodes, key)
    if locked.commune_id and _holds_table(node, nodes):
        raise ValidationError(
            _("Mục này chứa bảng chỉ tiêu theo thôn, phần bắt buộc của kế hoạch của xã: không xóa được.")
        )
    by_parent = children_of(nodes.values())
    gone = [n for n, _depth in in_order(nodes.values()) if _under(n, node, nodes)]
    rows = [(n, audit.state(n, RECORDED), {}) for n in gone]
    audit.record_many(by, Action.PLAN_OUTLINE, rows, parent=locked)
    siblings = [n for n in by_parent.get(node.parent_id, []) if n.pk != node.pk]
    before = {n.pk: audit.state(n, RECORDED) for n in siblings}
    node.delete()
    moved = _renumber(siblings)
    if moved:
        _save_moves(by, locked, moved, before)
    touch(locked)


def _under(other: OutlineNode, node: OutlineNode, nodes: Mapping[int, OutlineNode]) -> bool:
    while other is not None:
        if other.pk == node.pk:
            return True
        other = nodes.get(other.parent_id)
    return False


__all__ = [
    "DIRECTIONS",
    "add_node",
    "copy_outline",
    "create_default",
    "delete_node",
    "in_order",
    "move_node",
    "save_node",
]

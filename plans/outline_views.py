"""The pages editing a plan's outline: the outline with its moves, one section's editor, adding a section,
deleting one. Each fetches through povertyplan.access, binds a form and calls one service of
plans/outline.py, which re-checks access, state and version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import outline, reads
from plans.detail import part_edit_url
from plans.document import body, plan_numbers
from plans.models import OutlineNode, Plan
from plans.outline_forms import OutlineNodeForm
from plans.views import _editable_or_redirect, _errors, _plan, _version
from povertyplan import access


def _at(plan: Plan, key: str, page: str = "plan") -> str:
    """The plan page (or the outline editor) at the section `key`."""
    if page == "plan":
        return reverse("plan", args=[plan.pk]) + f"#{key}"
    return reverse("plan_outline", args=[plan.pk]) + f"#outline-{key}"


def _node_or_404(plan: Plan, key: str) -> OutlineNode:
    node = plan.outline.filter(key=key).first()
    if node is None:
        raise Http404
    return node


@login_required
def plan_outline(request, pk: int):
    """The outline as a tree: each section with its printed number, its moves (up, down, in, out), edit, add
    and delete."""
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    prefetch_related_objects([plan], "outline")  # one read for the tree and its numbers
    numbers = plan_numbers(plan, body(plan), reads.plan_table(plan))  # as the page and the PDF number them
    rows = [
        (node, depth, part_edit_url(plan, node.part) if node.part else "", numbers.get(node.key))
        for node, depth in outline.in_order(plan.outline.all())
    ]
    return render(request, "plans/outline_edit.html", {"plan": plan, "rows": rows})


@login_required
def plan_outline_node(request, pk: int, key: str):
    """One section's heading, numbering, text, part and annex title."""
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    node = _node_or_404(plan, key)
    form = OutlineNodeForm(request.POST or None, instance=node)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in OutlineNodeForm.Meta.fields}
        try:
            outline.save_node(by=request.user, plan=plan, version=_version(request), key=key, data=data)
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu mục."))
            return redirect(_at(plan, key))
    context = {"plan": plan, "node": node, "form": form, "part_edit_url": part_edit_url(plan, node.part)}
    return render(request, "plans/outline_node.html", context)


@login_required
def plan_outline_add(request, pk: int):
    """A new section after `?after=<key>`, inside `?parent=<key>`, or at the end."""
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    source = request.POST if request.method == "POST" else request.GET
    after, parent = source.get("after", ""), source.get("parent", "")
    where = _node_or_404(plan, parent or after) if parent or after else None
    form = OutlineNodeForm(request.POST or None, initial={"style": outline.style_at(plan, after, parent)})
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in OutlineNodeForm.Meta.fields}
        try:
            node = outline.add_node(
                by=request.user, plan=plan, version=_version(request), data=data, after=after, parent=parent
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã thêm mục."))
            return redirect(_at(plan, node.key))
    context = {"plan": plan, "form": form, "where": where, "after": after, "parent": parent}
    return render(request, "plans/outline_add.html", context)


@login_required
@require_POST
def plan_outline_move(request, pk: int, key: str, direction: str):
    """Move a section up, down, in or out; back to the outline at that section."""
    if direction not in outline.DIRECTIONS:
        raise Http404
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    _node_or_404(plan, key)
    try:
        outline.move_node(by=request.user, plan=plan, version=_version(request), key=key, direction=direction)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect(_at(plan, key, page="outline"))


@login_required
def plan_outline_delete(request, pk: int, key: str):
    """Confirm, then delete a section with its sub-sections."""
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    node = _node_or_404(plan, key)
    errors: list[str] = []
    if request.method == "POST":
        try:
            outline.delete_node(by=request.user, plan=plan, version=_version(request), key=key)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Đã xóa mục."))
            return redirect("plan_outline", pk=plan.pk)
    under = [n for n, _depth in outline.in_order(plan.outline.all()) if n.parent_id == node.pk]
    return render(request, "plans/outline_delete.html", {"plan": plan, "node": node, "under": under, "errors": errors})

"""Pages of a plan's review and workflow: the transitions (issuing in two steps), a new revision, deleting a
mistaken draft, the reviewer's comments and the changes since the plan was returned. Each fetches through
povertyplan.access and calls one service of plans.workflow, plans.comments or plans.services; the page contexts
are built by plans.pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import comments, pages, services, workflow
from plans.forms import (
    CommentForm,
    IssueForm,
    TransitionForm,
)
from plans.models import Plan, PlanStatus, ReviewComment
from plans.views import _errors, _plan, _version, plan_detail
from povertyplan import access


@login_required
@require_POST
def plan_transition(request, pk: int, name: str):
    plan = _plan(request, pk)
    if name == "issue":
        return _issue(request, plan)
    form = TransitionForm(request.POST)
    if "version" in form.errors:
        messages.error(request, _("Trang đã cũ. Hãy tải lại trang rồi thao tác lại."))
        return redirect("plan", pk=plan.pk)
    if not form.is_valid():  # the reason: too long
        return plan_detail(request, plan.pk, bound={"transition_form": form, "transition_name": name})
    data = form.cleaned_data
    try:
        plan = workflow.perform(by=request.user, plan=plan, name=name, version=data["version"], reason=data["reason"])
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "reason" in exc.error_dict:
            form.add_error(None, exc)
            return plan_detail(request, plan.pk, bound={"transition_form": form, "transition_name": name})
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Kế hoạch chuyển sang trạng thái “%(status)s”.") % {"status": plan.get_status_display()}
        )
    return redirect("plan", pk=plan.pk)


def _issue(request, plan: Plan):
    """Issuing in two steps: the form (number, date, signer) is checked and a confirmation page shows what
    becomes final; its "Xác nhận ban hành" issues. Any error redisplays the form as typed, errors beside
    the fields; "Sửa lại" on the confirmation page brings the form back with the values."""
    form = IssueForm(request.POST)
    step = request.POST.get("step", "")
    if step == "back":
        return plan_detail(request, plan.pk, bound={"issue_form": form})
    if not form.is_valid():
        return _issue_form_again(request, plan, form)
    data = form.cleaned_data
    typed = {"version": data["version"], "number": data["number"], "issue_date": data["issue_date"]}
    try:
        if step != "confirm":
            workflow.check_may_issue(by=request.user, plan=plan, **typed)
            return render(request, "plans/plan_issue_confirm.html", pages.issue_confirm_page(plan, form))
        plan = workflow.issue(by=request.user, plan=plan, signer_name=data["signer_name"], **typed)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _issue_form_again(request, plan, form)
    message = _("Đã ban hành kế hoạch số %(reference)s ngày %(date)s.")
    messages.success(request, message % {"reference": plan.reference, "date": plan.issue_date.strftime("%d/%m/%Y")})
    return redirect("plan", pk=plan.pk)


def _issue_form_again(request, plan: Plan, form: IssueForm):
    """The plan page with the issue form as typed and its errors bound; when the plan was issued or moved on
    meanwhile (or is not the user's to issue), the form is not on the page any more: its errors are told
    as messages over the plan page."""
    plan = _plan(request, plan.pk)
    if not any(t.name == "issue" for t in workflow.available(request.user, plan)):
        for message in [e for errs in form.errors.values() for e in errs]:
            messages.error(request, message)
        return redirect("plan", pk=plan.pk)
    return plan_detail(request, plan.pk, bound={"issue_form": form})


@login_required
@require_POST
def plan_new_revision(request, pk: int):
    plan = _plan(request, pk, access.CHANGE)
    try:
        revision = workflow.new_revision(by=request.user, plan=plan, version=_version(request))
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
        return redirect("plan", pk=plan.pk)
    messages.success(request, _("Đã lập bản sửa đổi lần %(n)s (dự thảo).") % {"n": revision.revision})
    return redirect("plan", pk=revision.pk)


@login_required
@require_POST
def plan_comment(request, pk: int):
    plan = _plan(request, pk, access.REVIEW)
    form = CommentForm(request.POST, plan=plan)
    valid = form.is_valid()
    if plan.status == PlanStatus.SUBMITTED and not valid:  # the page again, the text kept, the error beside it
        return plan_detail(request, plan.pk, bound={"comment_form": form})
    data = form.cleaned_data
    try:
        comment = comments.add_comment(
            by=request.user, plan=plan, section=data.get("section", ""), text=data.get("text", "")
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
        return redirect("plan", pk=plan.pk)
    messages.success(request, _("Đã ghi ý kiến."))
    return redirect(reverse("plan", args=[plan.pk]) + f"#{comment.section}")


@login_required
def plan_delete(request, pk: int):
    """Delete a draft made by mistake (never submitted), after a confirmation page; recorded."""
    plan = _plan(request, pk, access.CHANGE)
    back = redirect("plan", pk=plan.pk)
    if not plan.is_deletable_draft:
        messages.error(request, _("Chỉ xóa được dự thảo chưa từng trình duyệt."))
        return back
    if request.method == "POST":
        try:
            services.delete_draft(by=request.user, plan=plan, version=_version(request))
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
            return back
        messages.success(
            request,
            _("Đã xóa dự thảo kế hoạch năm %(year)s (lần %(revision)s).")
            % {"year": plan.year, "revision": plan.revision},
        )
        if plan.commune_id:
            return redirect("commune_plans", pk=plan.commune_id)
        return redirect("district_rollup", pk=plan.district_id, year=plan.year)
    return render(request, "plans/plan_delete_confirm.html", {"plan": plan})


@login_required
@require_POST
def comment_resolve(request, pk: int):
    """The commune marks a comment as dealt with (or the reviewer reopens it)."""
    comment = access.get_for_user_or_404(ReviewComment.objects.select_related("plan"), request.user, pk=pk)
    back = redirect(reverse("plan", args=[comment.plan_id]) + f"#{comment.section}")
    wanted = {"1": True, "0": False}.get(request.POST.get("resolved", ""))
    try:
        comments.resolve_comment(by=request.user, comment=comment, resolved=wanted)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return back


@login_required
def plan_changes(request, pk: int):
    """What changed between the version last returned and the one resubmitted (or the plan now)."""
    plan = _plan(request, pk)
    return render(request, "plans/plan_changes.html", pages.changes_page(plan))

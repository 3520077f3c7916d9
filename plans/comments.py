"""The reviewer's comments on a plan: adding one, and marking one dealt with (or reopening it).

Both lock the plan row first (then the comment: one lock order), so a comment is never added to a plan
that is being moved on at the same moment, and two clicks wait for each other: the second finds the first
one's work done and adds or changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Plan, PlanStatus, ReviewComment, Section
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import ConflictError, conflict_on_race


@conflict_on_race
@transaction.atomic
def add_comment(*, by, plan: Plan, section: str, text: str) -> ReviewComment:
    """A reviewer's comment on a part of a submitted plan (a fixed part or an outline node's key); returns it.

    The same comment posted again (a double click: same reviewer, plan, section and text, still open) is
    not added twice: the one already there is returned.
    """
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if not access.can(by, access.REVIEW, locked):
        raise PermissionDenied
    if locked.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Chỉ góp ý khi kế hoạch đang chờ thẩm định."))
    text = (text or "").strip()
    fixed = (Section.HEADER, Section.LEGAL, Section.RECIPIENTS, Section.SIGNATURE)
    known = section in fixed or locked.outline.filter(key=section).exists()
    if not known or not text:
        raise ValidationError(_("Hãy chọn phần và ghi ý kiến."))
    same = locked.comments.filter(by=by, section=section, text=text, resolved=False).first()
    if same is not None:
        return same
    comment = ReviewComment.objects.create(plan=locked, by=by, section=section, text=text)
    fields = ("section", "text")
    audit.record(by, Action.PLAN_COMMENT_ADD, comment, before={}, after=audit.state(comment, fields), parent=locked)
    return comment


@conflict_on_race
@transaction.atomic
def resolve_comment(*, by, comment: ReviewComment, resolved: bool | None) -> ReviewComment:
    """Mark a comment as dealt with (`resolved`), or reopen it (`resolved=False`); returns it.

    For the plan's unit (who may change it) and its reviewers, while the plan is not issued. Asking for
    the state the comment is already in (a double click, two people at once) is refused, saying so; not
    saying which state (None: a page from before the form said it) is a conflict, never a toggle.
    """
    locked_plan = Plan.objects.select_for_update().get(pk=comment.plan_id)
    if not (access.can(by, access.CHANGE, locked_plan) or access.can(by, access.REVIEW, locked_plan)):
        raise PermissionDenied
    if locked_plan.status == PlanStatus.ISSUED:
        raise ValidationError(_("Kế hoạch đã ban hành: không thay đổi ý kiến thẩm định được nữa."))
    if resolved is None:
        raise ConflictError(_("Trang đã cũ. Hãy tải lại trang rồi thao tác lại."))
    locked = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if locked.resolved == resolved:
        if resolved:
            raise ValidationError(_("Ý kiến này đã được đánh dấu đã xử lý."))
        raise ValidationError(_("Ý kiến này đang mở."))
    before = audit.state(locked, ["resolved"])
    locked.resolved = resolved
    locked.save(update_fields=["resolved"])
    audit.record(
        by,
        Action.PLAN_COMMENT_RESOLVE,
        locked,
        before=before,
        after=audit.state(locked, ["resolved"]),
        parent=locked_plan,
    )
    return locked


__all__ = ["add_comment", "resolve_comment"]

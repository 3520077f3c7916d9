"""The review workflow of a plan: one transition table, one shared move, one service function per step.

    draft ──submit──▶ submitted ──approve──▶ approved ──issue──▶ issued ──new revision──▶ (new draft)
      ▲                  │
      └──── returned ◀──return (with comments)

`submit` belongs to whoever may change the plan (the commune's officials; a district's own staff for
the district plan) and is refused while the plan has errors. `return` and `approve` belong to the
reviewing level (povertyplan.access REVIEW: the district for its communes, the province where there is
no district). `issue` belongs to the plan's own unit again (CHANGE): the reviewer approves, the commune
issues its plan. Issuing fixes the number, the date and the signer and stores the PDF rendered once
(reports.issuing.store_original, in the same transaction); nobody edits an issued plan, a change is a new
revision. Every transition locks the plan row, checks the version the user saw, and records a
PlanEvent with who, when, why and a snapshot of the plan's content.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.models import Commune, District
from plans import grid
from plans.checks import ERROR
from plans.creation import copy_into_revision
from plans.findings import plan_findings, refresh_counts
from plans.models import Plan, PlanEvent, PlanStatus, VillageTarget
from plans.snapshot import snapshot
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import ConflictError, conflict_on_race
from povertyplan.numbers import format_number
from reports.issuing import store_original

# A return reason or transition note is bounded (a reason is a few paragraphs, not 100 kB).
REASON_MAX_LENGTH = 5000


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str  # the access action the user needs on the plan
    reason_required: bool = False
    blocked_by_errors: bool = False
    wrong_state: str = ""  # the refusal from a state it does not start from, when not the general one


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            gettext_lazy("Trình duyệt"),
            (PlanStatus.DRAFT, PlanStatus.RETURNED),
            PlanStatus.SUBMITTED,
            access.CHANGE,
            blocked_by_errors=True,
        ),
        Transition("recall", gettext_lazy("Rút lại để sửa"), (PlanStatus.SUBMITTED,), PlanStatus.DRAFT, access.CHANGE),
        Transition(
            "return",
            gettext_lazy("Trả lại để sửa"),
            (PlanStatus.SUBMITTED,),
            PlanStatus.RETURNED,
            access.REVIEW,
            reason_required=True,
        ),
        Transition(
            "approve",
            gettext_lazy("Thông qua"),
            (PlanStatus.SUBMITTED,),
            PlanStatus.APPROVED,
            access.REVIEW,
            blocked_by_errors=True,
        ),
        Transition("issue", gettext_lazy("Ban hành"), (PlanStatus.APPROVED,), PlanStatus.ISSUED, access.CHANGE),
    )
}


def available(user, plan: Plan) -> list[Transition]:
    """The transitions `user` may perform on `plan` now (a query per permission asked)."""
    allowed: dict[str, bool] = {}
    out = []
    for t in TRANSITIONS.values():
        if plan.status not in t.sources:
            continue
        if t.permission not in allowed:
            allowed[t.permission] = access.can(user, t.permission, plan)
        if allowed[t.permission]:
            out.append(t)
    return out


def issue_date_allowed(plan: Plan, day: datetime.date) -> bool:
    """A plan for year N is issued during year N or, prepared ahead, during year N-1."""
    return plan.year - 1 <= day.year <= plan.year


def default_issue_date(plan: Plan, today: datetime.date | None = None) -> datetime.date:
    """Today when that is an allowed date; otherwise the nearest allowed day (a late transcription of an
    old plan gets 31/12 of its year, a plan two years ahead gets 01/01 of the year before)."""
    today = today or datetime.date.today()
    if issue_date_allowed(plan, today):
        return today
    if today.year > plan.year:
        return datetime.date(plan.year, 12, 31)
    return datetime.date(plan.year - 1, 1, 1)


def suggested_issue_date(plan: Plan, today: datetime.date | None = None) -> datetime.date | None:
    """What the issue form offers: today when the plan may be issued today, else nothing (the official
    types the date the chairman signed; an invented 31/12 would be issued by mistake)."""
    today = today or datetime.date.today()
    return today if issue_date_allowed(plan, today) else None


def _dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def earliest_issue_date(plan: Plan) -> tuple[datetime.date | None, str]:
    """The first day the plan may be issued on, and why: the date of its latest legal basis, or the issue
    date of the revision it amends (same year), whichever is later; None when neither is known."""
    bound, why = None, ""
    latest_basis = plan.legal_bases.aggregate(m=Max("doc_date"))["m"]
    if latest_basis is not None:
        bound = latest_basis
        why = _("không được trước ngày của căn cứ mới nhất (%(date)s)") % {"date": _dmy(latest_basis)}
    previous = plan.previous
    if previous is not None and previous.year == plan.year and previous.issue_date is not None:
        if bound is None or previous.issue_date > bound:
            bound = previous.issue_date
            why = _("không được trước ngày ban hành của kế hoạch được sửa đổi (số %(reference)s, ngày %(date)s)") % {
                "reference": previous.reference,
                "date": _dmy(previous.issue_date),
            }
    return bound, why


def check_issue(plan: Plan, *, number: int, issue_date: datetime.date, today: datetime.date | None = None) -> None:
    """The rules of an issue's number and date; ValidationError with the messages by field."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if issue_date > today:
        errors.setdefault("issue_date", []).append(
            _("Ngày ban hành không được sau hôm nay (%(today)s).") % {"today": _dmy(today)}
        )
    if not issue_date_allowed(plan, issue_date):
        errors.setdefault("issue_date", []).append(
            _("Ngày ban hành phải thuộc năm %(year)s hoặc năm %(before)s.")
            % {"year": plan.year, "before": plan.year - 1}
        )
    bound, why = earliest_issue_date(plan)
    if bound is not None and issue_date < bound:
        errors.setdefault("issue_date", []).append(_("Ngày ban hành %(why)s.") % {"why": why})
    taken = Plan.objects.filter(
        number=number, issue_year=issue_date.year, status=PlanStatus.ISSUED, **plan.unit_lookup()
    ).exclude(pk=plan.pk)
    if taken.exists():
        errors.setdefault("number", []).append(
            _("Số %(number)s đã dùng cho kế hoạch khác ban hành năm %(year)s; số còn trống tiếp theo là %(next)s.")
            % {"number": number, "year": issue_date.year, "next": next_number(plan, issue_date.year)}
        )
    if errors:
        raise ValidationError(errors)


def next_number(plan: Plan, year: int | None = None) -> int:
    """The next free number among the unit's issued plans of the year (numbers restart each year)."""
    year = year or (plan.issue_date.year if plan.issue_date else default_issue_date(plan).year)
    issued = Plan.objects.filter(issue_date__year=year, status=PlanStatus.ISSUED, **plan.unit_lookup())
    return (issued.aggregate(m=Max("number"))["m"] or 0) + 1


def _lock_unit(plan: Plan) -> None:
    if plan.commune_id:
        list(Commune.objects.select_for_update().filter(pk=plan.commune_id).values_list("pk"))
    else:
        list(District.objects.select_for_update().filter(pk=plan.district_id).values_list("pk"))


def _status_error(plan: Plan, t: Transition) -> ValidationError:
    if t.wrong_state:
        return ValidationError(str(t.wrong_state))
    return ValidationError(
        _("Kế hoạch đang ở trạng thái “%(status)s”: không thể “%(action)s”.")
        % {"status": plan.get_status_display(), "action": t.label}
    )


# The move a new revision makes: from an issued plan, a new draft (not a transition of the plan itself, so
# not offered among the plan's transitions).
REVISE = Transition(
    "new_revision",
    gettext_lazy("Lập bản sửa đổi"),
    (PlanStatus.ISSUED,),
    PlanStatus.DRAFT,
    access.CHANGE,
    wrong_state=gettext_lazy("Chỉ lập bản sửa đổi từ kế hoạch đã ban hành."),
)


def _refuse_errors(plan: Plan, t: Transition) -> None:
    errors = [f for f in plan_findings(plan) if f.severity == ERROR]
    if errors:
        raise ValidationError(
            _("Kế hoạch còn %(n)s lỗi cần sửa trước khi “%(action)s”.") % {"n": len(errors), "action": t.label}
        )


def _clean_reason(reason: str, t: Transition) -> str:
    reason = (reason or "").strip()
    if t.reason_required and not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do hoặc nội dung cần sửa.")]})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("Lý do dài %(n)s ký tự, quá giới hạn %(max)s ký tự.")
                    % {"n": format_number(len(reason)), "max": format_number(REASON_MAX_LENGTH)}
                ]
            }
        )
    return reason


def _check_move(by, plan: Plan, t: Transition, version: int | None) -> None:
    """Whether `by` may make the move `t` on `plan` (as read, or locked) from the version they saw."""
    if not access.can(by, t.permission, plan):
        raise PermissionDenied
    # The version first: a double click or two people at once, the second finds the plan moved on (a
    # conflict, not "wrong state"). A missing version is a conflict too, never a pass.
    if version is None or plan.version != version:
        raise ConflictError(
            _("Kế hoạch vừa được người khác cập nhật hoặc chuyển trạng thái. Hãy tải lại trang rồi thao tác lại.")
        )
    if plan.status not in t.sources:
        raise _status_error(plan, t)


def _move(
    *,
    by,
    plan: Plan,
    t: Transition,
    version: int | None,
    reason: str = "",
    step: Callable[[Plan], None] | None = None,
    make: Callable[[Plan], tuple[Plan, str]] | None = None,
) -> Plan:
    """The one move every workflow step makes, inside the step's transaction: lock the plan, check access,
    the version and the allowed transition, the reason and (where the step requires it) the plan's errors;
    then the step's own checks and changes (`step`, on the locked plan), the new status saved with the
    version bumped, the finding counts refreshed and a PlanEvent recorded with a snapshot.

    `make` replaces the status change for a step that makes another plan (a new revision): it returns
    that plan and the reason recorded on it.
    """
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_move(by, locked, t, version)
    reason = _clean_reason(reason, t)
    if t.blocked_by_errors:
        _refuse_errors(locked, t)
    before = audit.state(locked, MOVE_FIELDS)
    if step is not None:
        step(locked)
    if make is not None:
        subject, reason = make(locked)
        from_status, before = "", {}
    else:
        subject, from_status = locked, locked.status
        locked.status = t.target
        locked.version += 1
        with transaction.atomic():  # a savepoint: a step may turn a constraint's refusal into a conflict
            locked.save()
        refresh_counts(locked)
    PlanEvent.objects.create(
        plan=subject, from_status=from_status, to_status=t.target, by=by, reason=reason, snapshot=snapshot(subject)
    )
    audit.record(
        by, MOVE_ACTIONS[t.name], subject, before=before, after=audit.state(subject, MOVE_FIELDS), reason=reason
    )
    return subject


# What a transition's entry records, and its action by the transition's name.
MOVE_FIELDS = ("status", "revision", "number", "issue_date", "signer_name")
MOVE_ACTIONS = {
    "submit": Action.PLAN_SUBMIT,
    "recall": Action.PLAN_RECALL,
    "return": Action.PLAN_RETURN,
    "approve": Action.PLAN_APPROVE,
    "issue": Action.PLAN_ISSUE,
    "new_revision": Action.PLAN_REVISION,
}


def _freeze_and_record(by) -> Callable[[Plan], None]:
    """The submission's step: freeze the start figures and names into the rows, recording each row that
    changed (read before and after: two queries, one INSERT, whatever the number of villages)."""

    def freeze(locked: Plan) -> None:
        before = _frozen_rows(locked)
        grid.freeze_start_figures(locked)
        after = _frozen_rows(locked)
        rows = [(row, before[pk][1], state) for pk, (row, state) in after.items() if pk in before]
        audit.record_many(by, Action.PLAN_FREEZE, rows, parent=locked)

    return freeze


def _frozen_rows(plan: Plan) -> dict:
    rows = VillageTarget.objects.filter(plan=plan).select_related("village")
    return {t.pk: (t, audit.state(t, grid.FROZEN_ROW_FIELDS)) for t in rows}


@conflict_on_race
@transaction.atomic
def submit(*, by, plan: Plan, version: int | None, reason: str = "") -> Plan:
    """Submit the plan for review (refused while it has errors); its start figures are frozen."""
    return _move(by=by, plan=plan, t=TRANSITIONS["submit"], version=version, reason=reason, step=_freeze_and_record(by))


@conflict_on_race
@transaction.atomic
def recall(*, by, plan: Plan, version: int | None, reason: str = "") -> Plan:
    """Take a submitted plan back to draft, before the reviewer acts."""
    return _move(by=by, plan=plan, t=TRANSITIONS["recall"], version=version, reason=reason)


@conflict_on_race
@transaction.atomic
def return_for_changes(*, by, plan: Plan, version: int | None, reason: str = "") -> Plan:
    """The reviewer returns a submitted plan, saying what to change."""
    return _move(by=by, plan=plan, t=TRANSITIONS["return"], version=version, reason=reason)


@conflict_on_race
@transaction.atomic
def approve(*, by, plan: Plan, version: int | None, reason: str = "") -> Plan:
    """The reviewer approves a submitted plan (refused while it has errors)."""
    return _move(by=by, plan=plan, t=TRANSITIONS["approve"], version=version, reason=reason)


@conflict_on_race
@transaction.atomic
def issue(
    *,
    by,
    plan: Plan,
    version: int | None,
    number: int | None = None,
    issue_date: datetime.date | None = None,
    signer_name: str | None = None,
    reason: str = "",
) -> Plan:
    """Issue an approved plan with its number, date and signer; the number must be free for the unit. The
    PDF is rendered once and stored with its code and fingerprint (a failed render fails the issue)."""
    # Issues of one unit wait for each other (its row locked, before the plan's row: one lock order): the
    # second then sees the number taken. Without it, on PostgreSQL both would pass the check and the
    # unique constraint would end one of them with a deadlock instead of a clear message.
    _lock_unit(plan)

    def fix_number_date_signer(locked: Plan) -> None:
        signer = (signer_name or locked.signer_name or "").strip()
        if not number or not issue_date or not signer:
            raise ValidationError(_("Ban hành cần số văn bản, ngày ban hành và họ tên người ký."))
        check_issue(locked, number=number, issue_date=issue_date)
        locked.number, locked.issue_date, locked.signer_name = number, issue_date, signer

    try:
        issued = _move(
            by=by, plan=plan, t=TRANSITIONS["issue"], version=version, reason=reason, step=fix_number_date_signer
        )
    except IntegrityError as exc:
        # Another plan of the unit was issued with this number at the same moment (the constraint
        # plan_*_issued_number_unique decided).
        raise ConflictError(
            _("Số %(number)s vừa được dùng cho kế hoạch khác ban hành năm %(year)s. Hãy tải lại trang và chọn số khác.")
            % {"number": number, "year": issue_date.year}
        ) from exc
    store_original(by=by, plan=issued)
    return issued


def check_may_issue(*, by, plan: Plan, version: int | None, number: int, issue_date: datetime.date) -> None:
    """What `issue` will check, checked before the confirmation page is shown (nothing is locked or saved)."""
    _check_move(by, plan, TRANSITIONS["issue"], version)
    check_issue(plan, number=number, issue_date=issue_date)


@conflict_on_race
@transaction.atomic
def new_revision(*, by, plan: Plan, version: int | None) -> Plan:
    """A new draft revision of an issued plan, for whoever may change the plan; returns the revision."""

    def refuse_second_revision(locked: Plan) -> None:
        newer = Plan.objects.filter(
            commune=locked.commune, district=locked.district, year=locked.year, revision__gt=locked.revision
        )
        if newer.exists():
            raise ValidationError(_("Đã có bản sửa đổi mới hơn của kế hoạch này."))

    def copy(locked: Plan) -> tuple[Plan, str]:
        reason = _("Sửa đổi kế hoạch đã ban hành số %(reference)s.") % {"reference": locked.reference}
        return copy_into_revision(locked, by), reason

    return _move(by=by, plan=plan, t=REVISE, version=version, step=refuse_second_revision, make=copy)


# The steps a page posts by name (plans/review_views.py), each with the details it takes beside the reason.
STEPS: dict[str, tuple[Callable[..., Plan], tuple[str, ...]]] = {
    "submit": (submit, ()),
    "recall": (recall, ()),
    "return": (return_for_changes, ()),
    "approve": (approve, ()),
    "issue": (issue, ("number", "issue_date", "signer_name")),
}


def perform(
    *,
    by,
    plan: Plan,
    name: str,
    version: int | None,
    reason: str = "",
    number: int | None = None,
    issue_date: datetime.date | None = None,
    signer_name: str | None = None,
) -> Plan:
    """The step named `name` (a key of STEPS) on `plan` as `by`; returns the updated plan. Details a step
    does not take (a number for a submission) are not passed to it.

    Raises PermissionDenied (not the user's to do), ValidationError (wrong state, missing reason, errors
    in the plan, missing number/date/signer when issuing) or ConflictError (someone acted first).
    """
    if name not in STEPS:
        raise ValidationError(_("Thao tác không hợp lệ."))
    step, takes = STEPS[name]
    given = {"number": number, "issue_date": issue_date, "signer_name": signer_name}
    return step(by=by, plan=plan, version=version, reason=reason, **{key: given[key] for key in takes})


__all__ = [
    "STEPS",
    "TRANSITIONS",
    "ConflictError",
    "Transition",
    "approve",
    "available",
    "check_issue",
    "check_may_issue",
    "issue",
    "new_revision",
    "next_number",
    "perform",
    "recall",
    "return_for_changes",
    "submit",
]

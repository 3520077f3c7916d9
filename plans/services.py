"""Every write of a plan's content outside the workflow transitions: its own fields, the village table, the
printed figures, its list parts, and deleting a mistaken draft.

Writes run in a transaction, lock the plan row, re-check access and the plan's `version` against the one
the user edited (no silent lost update), refuse plans that are not editable, bump the version and refresh
the stored finding counts. Start-of-year figures are never typed: while a plan is editable they are read
live from the village counts (registry or typed counts) of the plan's year; on submission they are frozen
into the village rows (plans/workflow.py). The table itself is read by plans/grid.py, the findings by
plans/findings.py; plans are created and revised by plans/creation.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans import checks, table
from plans.findings import _printed_to_json, _scanned_before_the_transaction, refresh_counts
from plans.models import DeletedPlan, Officer, Plan, VillageTarget, part_fields
from plans.snapshot import snapshot
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import ConflictError, conflict_on_race


def lock_for_change(by, plan_pk: int, version: int | None) -> Plan:
    """The plan, locked, if `by` may change it now; else PermissionDenied, ValidationError or ConflictError."""
    plan = Plan.objects.select_for_update().get(pk=plan_pk)
    if not access.can(by, access.CHANGE, plan):
        raise PermissionDenied
    if not plan.is_editable:
        raise ValidationError(
            _("Kế hoạch đang ở trạng thái “%(status)s”: không sửa được.") % {"status": plan.get_status_display()}
        )
    if version is not None and plan.version != version:
        raise ConflictError(
            _("Kế hoạch vừa được người khác cập nhật. Hãy tải lại trang để xem nội dung mới rồi sửa lại.")
        )
    return plan


def touch(plan: Plan) -> None:
    """Bump the version after a change and refresh the stored finding counts."""
    plan.version += 1
    plan.save()
    refresh_counts(plan)


# The plan's own fields an official edits (header, preamble, closing sentence, signature block); status, number,
# issue date, version and the unit are only ever set by the workflow. The body is the outline
# (plans/outline.py).
PLAN_TEXT_FIELDS = ("preamble", "closing")
PLAN_FIELDS = (
    "parent_body",
    "issuing_body",
    "symbol",
    "place",
    "summary",
    *PLAN_TEXT_FIELDS,
    "signing_authority",
    "signer_deputy",
    "signer_title",
    "signer_name",
    "transcribed",
)


@_scanned_before_the_transaction
@transaction.atomic
def save_plan_fields(*, by, plan: Plan, version: int | None, data: Mapping) -> Plan:
    """Header, closing sentence and signature block (the fields of the plan itself)."""
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"not editable through save_plan_fields: {sorted(unknown)}")
    locked = lock_for_change(by, plan.pk, version)
    before = audit.state(locked, PLAN_FIELDS)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    touch(locked)
    audit.record(by, Action.PLAN_FIELDS, locked, before=before, after=audit.state(locked, PLAN_FIELDS))
    return locked


# What the grid edits on a village row, as plans/table.py declares it (start figures are never typed).
VILLAGE_TARGET_FIELDS = table.target_fields()


@transaction.atomic
def save_grid(
    *, by, plan: Plan, version: int | None, rows: Mapping[int, Mapping], totals: Mapping | None = None
) -> Plan:
    """The per-village targets (and, for a transcribed plan, the figures as printed), all at once.

    `rows` maps a VillageTarget id to its new values; officers must be of the plan's commune.
    """
    locked = lock_for_change(by, plan.pk, version)
    # The officer and the village are named in the record: read with the rows, no query per row.
    targets = {t.pk: t for t in locked.village_targets.select_related("officer", "village")}
    recorded = [*VILLAGE_TARGET_FIELDS]
    before = {pk: audit.state(t, recorded) for pk, t in targets.items()}
    totals_before = audit.state(locked, ["printed_totals"])
    officers = set(Officer.objects.filter(commune=locked.commune_id).values_list("pk", flat=True))
    allowed = set(VILLAGE_TARGET_FIELDS)
    for pk, values in rows.items():
        target = targets.get(pk)
        if target is None:
            raise ValidationError(_("Dòng của bảng không thuộc kế hoạch này."))
        for name, value in values.items():
            if name not in allowed:
                raise ValueError(name)
            if name == "officer" and value is not None and value.pk not in officers:
                raise ValidationError(_("Cán bộ phụ trách phải là cán bộ của xã."))
            setattr(target, name, value)
    VillageTarget.objects.bulk_update(list(targets.values()), sorted(allowed))
    if totals is not None:
        locked.printed_totals = _printed_to_json(totals, checks.TableTotals)
    touch(locked)
    audit.record_many(
        by,
        Action.PLAN_GRID,
        [(t, before[pk], audit.state(t, recorded)) for pk, t in targets.items()],
        parent=locked,
    )
    audit.record(by, Action.PLAN_FIGURES, locked, before=totals_before, after=audit.state(locked, ["printed_totals"]))
    return locked


@transaction.atomic
def save_printed_figures(*, by, plan: Plan, version: int | None, figures: Mapping) -> Plan:
    """The unit's specific targets as printed, for a transcribed plan (commune or district)."""
    locked = lock_for_change(by, plan.pk, version)
    if not locked.transcribed:
        raise ValidationError(_("Chỉ kế hoạch nhập lại từ văn bản đã in mới có chỉ tiêu như đã in."))
    before = audit.state(locked, ["printed_figures"])
    locked.printed_figures = _printed_to_json(figures, checks.PlanFigures)
    touch(locked)
    audit.record(by, Action.PLAN_FIGURES, locked, before=before, after=audit.state(locked, ["printed_figures"]))
    return locked


@_scanned_before_the_transaction
@transaction.atomic
def save_part(*, by, plan: Plan, version: int | None, formset) -> Plan:
    """One list section (legal bases, projects, recipients...) edited as an inline formset."""
    locked = lock_for_change(by, plan.pk, version)
    before = _part_states(formset.model, locked)
    formset.instance = locked
    formset.save()
    touch(locked)
    after = _part_states(formset.model, locked)
    rows = [
        (after.get(pk, before.get(pk, (None, {})))[0], before.get(pk, (None, {}))[1], after.get(pk, (None, {}))[1])
        for pk in [*before, *(pk for pk in after if pk not in before)]
    ]
    audit.record_many(by, Action.PLAN_PART, rows, parent=locked)
    return locked


def _part_states(model, plan: Plan) -> dict:
    """{pk: (row, state)} of one list part of `plan`, read with its foreign keys (one query)."""
    fields = part_fields(model)
    related = [f.name for f in model._meta.concrete_fields if f.is_relation and f.name in fields]
    return {row.pk: (row, audit.state(row, fields)) for row in model.objects.filter(plan=plan).select_related(*related)}


@conflict_on_race
@transaction.atomic
def delete_draft(*, by, plan: Plan, version: int | None) -> DeletedPlan:
    """Delete a draft made by mistake: only a draft never submitted, only by whoever may change it, from
    the version they saw. The deletion is recorded (who, when, unit, year, the content as it was)."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if not access.can(by, access.CHANGE, locked):
        raise PermissionDenied
    if version is None or locked.version != version:
        raise ConflictError(
            _("Kế hoạch vừa được người khác cập nhật. Hãy tải lại trang để xem nội dung mới rồi quyết định lại.")
        )
    if not locked.is_deletable_draft:
        raise ValidationError(
            _("Chỉ xóa được dự thảo chưa từng trình duyệt; kế hoạch này đang ở trạng thái “%(status)s” hoặc đã trình.")
            % {"status": locked.get_status_display()}
        )
    record = DeletedPlan.objects.create(
        commune=locked.commune,
        district=locked.district,
        year=locked.year,
        revision=locked.revision,
        plan_pk=locked.pk,
        by=by,
        snapshot=snapshot(locked),
    )
    audit.record(by, Action.PLAN_DELETE, locked, before=audit.state(locked, ("status", "year", "revision")), after={})
    locked.delete()
    return record


__all__ = [
    "PLAN_FIELDS",
    "PLAN_TEXT_FIELDS",
    "VILLAGE_TARGET_FIELDS",
    "delete_draft",
    "lock_for_change",
    "save_grid",
    "save_part",
    "save_plan_fields",
    "save_printed_figures",
    "touch",
]

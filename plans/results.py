"""Every write of a results report (the 6-month and annual BÁO CÁO of an issued plan).

Each service runs in one transaction, locks its row (`select_for_update`), re-checks access (CHANGE on the
report's commune), refuses a sent report (frozen) and checks the version the user saw (a missing one is a
conflict, never a pass), saves, bumps the version and records the audit, all or nothing:

- `start_report`: a report for an issued plan and a period, its rows (one per village of the plan's table)
  and its other indicators (one per target of the plan), then read from the registry. Refused for a plan not
  issued or replaced, and for a period already started (two clicks make one report: the second is told so);
- `refresh_report`: the rows of registry villages read again (plans/achieved.py); a typed row of a village
  whose registry now knows the figures becomes a registry row: the registry is never overridden by typing;
- `save_rows`: figures typed for villages whose registry does not know them (a commune keeping counts only,
  or a review not yet done); an empty cell stays unknown (None), never 0;
- `save_report_fields`: the assessment text, the document's number, date and signer, the indicators' results;
- `send_report`: the report is sent to the level above, and frozen.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.achieved import achieved
from plans.models import Plan, PlanStatus
from plans.result_models import Period, ReportState, ResultIndicator, ResultReport, ResultRow, RowSource
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import ConflictError, check_version, conflict_on_race

FIGURES = ("escaped_poverty", "escaped_near_poverty", "newly_poor", "newly_near_poor")
ROW_FIELDS = (*FIGURES, "source", "note")
REPORT_FIELDS = ("assessment", "number", "report_date", "signing_authority", "signer_title", "signer_name")
STATE_FIELDS = ("state", "sent_at")


class AlreadyStarted(ValidationError):
    """The period's report exists already (a second click, another official): `report` is it."""

    def __init__(self, message, report: ResultReport):
        super().__init__(message)
        self.report = report


def _conflict(_report) -> str:
    return _("Báo cáo vừa được người khác cập nhật. Hãy tải lại trang để xem nội dung mới rồi nhập lại.")


def lock_for_change(by, report_pk: int, version: int | None) -> ResultReport:
    """The report, locked, if `by` may change it now: else PermissionDenied, ValidationError or ConflictError."""
    report = ResultReport.objects.select_for_update().select_related("plan").get(pk=report_pk)
    if not access.can(by, access.CHANGE, report):
        raise PermissionDenied
    if report.state == ReportState.SENT:
        raise ValidationError(_("Báo cáo đã gửi: không sửa được."))
    check_version(report, version, _conflict)
    return report


def _touch(report: ResultReport) -> None:
    report.version += 1
    report.save()


# ---------------------------------------------------------------- starting and reading the registry


@conflict_on_race
@transaction.atomic
def start_report(*, by, plan: Plan, period: str, version: int | None) -> ResultReport:
    """The plan's report of `period`, with a row per village of its table and its targets to report on."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if not access.can(by, access.CHANGE, locked):
        raise PermissionDenied
    if period not in Period.values:
        raise ValidationError(_("Kỳ báo cáo không hợp lệ."))
    if locked.status != PlanStatus.ISSUED or locked.is_district_plan:
        raise ValidationError(_("Chỉ lập báo cáo kết quả cho kế hoạch của xã đã ban hành."))
    existing = ResultReport.objects.filter(plan=locked, period=period).first()
    if existing is not None:
        raise AlreadyStarted(
            _("Báo cáo %(period)s của kế hoạch này đã được lập.") % {"period": Period(period).label.lower()},
            existing,
        )
    if locked.replaced_by is not None:
        raise ValidationError(
            _("Kế hoạch này đã được thay thế bởi bản sửa đổi: hãy báo cáo theo bản đang có hiệu lực.")
        )
    check_version(
        locked, version, lambda p: _("Kế hoạch vừa được cập nhật. Hãy tải lại trang rồi thử lại."), key="plan_version"
    )
    report = ResultReport.objects.create(
        plan=locked,
        period=period,
        created_by=by,
        signing_authority=locked.signing_authority,
        signer_title=locked.signer_title,
        signer_name=locked.signer_name,
    )
    targets = locked.village_targets.select_related("village").order_by("village__order", "village__id")
    ResultRow.objects.bulk_create(
        [
            ResultRow(
                report=report, village=t.village, order=i, village_name=t.village_label or str(t.village), note=""
            )
            for i, t in enumerate(targets, start=1)
        ]
    )
    ResultIndicator.objects.bulk_create(
        [
            ResultIndicator(report=report, target=t, order=i, target_text=t.text)
            for i, t in enumerate(locked.targets.order_by("order", "id"), start=1)
        ]
    )
    audit.record(by, Action.RESULT_START, report, before={}, after=audit.state(report), parent=locked)
    _read_registry(by, report, record=False)
    return report


def _read_registry(by, report: ResultReport, *, record: bool = True) -> int:
    """Write the registry's figures into the rows of registry villages; the number of rows changed."""
    rows = list(report.rows.select_related("village"))
    found = achieved([r.village_id for r in rows], report.plan.year)
    changed = []
    for row in rows:
        result = found.get(row.village_id)
        if result is None:
            continue  # a village keeping counts only: typed
        before = audit.state(row, ROW_FIELDS)
        if result.known:
            row.escaped_poverty, row.escaped_near_poverty = result.escaped_poverty, result.escaped_near_poverty
            row.newly_poor, row.newly_near_poor = result.newly_poor, result.newly_near_poor
            row.source = RowSource.REGISTRY
            row.note = ""
        elif row.source == RowSource.REGISTRY:
            # The registry no longer knows (a household re-opened): unknown again, to be typed or re-read.
            for name in FIGURES:
                setattr(row, name, None)
            row.source = RowSource.TYPED
        after = audit.state(row, ROW_FIELDS)
        if after != before:
            changed.append((row, before, after))
    if changed:
        ResultRow.objects.bulk_update([r for r, _b, _a in changed], list(ROW_FIELDS))
        if record:
            audit.record_many(by, Action.RESULT_REFRESH, changed, parent=report.plan)
    return len(changed)


@conflict_on_race
@transaction.atomic
def refresh_report(*, by, report: ResultReport, version: int | None) -> ResultReport:
    """Read the registry again for the report's villages."""
    locked = lock_for_change(by, report.pk, version)
    if _read_registry(by, locked):
        _touch(locked)
    return locked


# ---------------------------------------------------------------- typed figures and the text


@conflict_on_race
@transaction.atomic
def save_rows(*, by, report: ResultReport, version: int | None, rows: Mapping[int, Mapping]) -> ResultReport:
    """Figures typed per village: `rows` maps a ResultRow id to its figures (None: unknown) and note."""
    locked = lock_for_change(by, report.pk, version)
    current = {r.pk: r for r in locked.rows.all()}
    starts = {t.village_id: t for t in locked.plan.village_targets.all()}
    changed, errors = [], []
    for pk, values in rows.items():
        row = current.get(pk)
        if row is None:
            raise ValidationError(_("Dòng của bảng không thuộc báo cáo này."))
        unknown = set(values) - {*FIGURES, "note"}
        if unknown:
            raise ValueError(f"not typed: {sorted(unknown)}")
        before = audit.state(row, ROW_FIELDS)
        if row.source == RowSource.REGISTRY:
            if any(values.get(n, getattr(row, n)) != getattr(row, n) for n in FIGURES):
                errors.append(
                    _("Thôn %(village)s: số liệu lấy từ sổ hộ, không nhập tay được.") % {"village": row.village_name}
                )
                continue
        for name, value in values.items():
            setattr(row, name, value)
        if row.source != RowSource.REGISTRY:
            row.source = RowSource.TYPED
        t = starts.get(row.village_id)
        for exits, start, label in (
            ("escaped_poverty", "poor_start", _("hộ nghèo đầu năm")),
            ("escaped_near_poverty", "near_poor_start", _("hộ cận nghèo đầu năm")),
        ):
            got, limit = getattr(row, exits), getattr(t, start, None) if t else None
            if got is not None and limit is not None and got > limit:
                errors.append(
                    _("Thôn %(village)s: %(got)s hộ thoát nhiều hơn số %(what)s (%(limit)s).")
                    % {"village": row.village_name, "got": got, "what": label, "limit": limit}
                )
        after = audit.state(row, ROW_FIELDS)
        if after != before:
            changed.append((row, before, after))
    if errors:
        raise ValidationError(errors)
    if changed:
        ResultRow.objects.bulk_update([r for r, _b, _a in changed], list(ROW_FIELDS))
        audit.record_many(by, Action.RESULT_ROWS, changed, parent=locked.plan)
        _touch(locked)
    return locked


@conflict_on_race
@transaction.atomic
def save_report_fields(
    *, by, report: ResultReport, version: int | None, data: Mapping, indicators: Mapping[int, str] | None = None
) -> ResultReport:
    """The assessment text, the document's number, date and signer, and the other indicators' results."""
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"not editable through save_report_fields: {sorted(unknown)}")
    locked = lock_for_change(by, report.pk, version)
    before = audit.state(locked, REPORT_FIELDS)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["plan", "created_by"])
    changed = []
    if indicators:
        current = {i.pk: i for i in locked.indicators.all()}
        for pk, text in indicators.items():
            indicator = current.get(pk)
            if indicator is None:
                raise ValidationError(_("Chỉ tiêu không thuộc báo cáo này."))
            was = audit.state(indicator, ["result_text"])
            indicator.result_text = text
            indicator.full_clean(exclude=["report", "target"])
            if audit.state(indicator, ["result_text"]) != was:
                changed.append((indicator, was, audit.state(indicator, ["result_text"])))
    after = audit.state(locked, REPORT_FIELDS)
    if after == before and not changed:
        return locked
    if changed:
        ResultIndicator.objects.bulk_update([i for i, _b, _a in changed], ["result_text"])
        audit.record_many(by, Action.RESULT_FIELDS, changed, parent=locked.plan)
    _touch(locked)
    audit.record(by, Action.RESULT_FIELDS, locked, before=before, after=after, parent=locked.plan)
    return locked


@conflict_on_race
@transaction.atomic
def send_report(*, by, report: ResultReport, version: int | None) -> ResultReport:
    """Send the report to the level above: it needs its assessment, date and signer; frozen afterwards."""
    locked = lock_for_change(by, report.pk, version)
    missing = []
    if not locked.assessment.strip():
        missing.append(_("Chưa có đánh giá chung."))
    if locked.report_date is None:
        missing.append(_("Chưa có ngày báo cáo."))
    if not locked.signer_name.strip():
        missing.append(_("Chưa có người ký."))
    if missing:
        raise ValidationError(missing)
    before = audit.state(locked, STATE_FIELDS)
    locked.state, locked.sent_at = ReportState.SENT, timezone.now()
    _touch(locked)
    audit.record(
        by, Action.RESULT_SEND, locked, before=before, after=audit.state(locked, STATE_FIELDS), parent=locked.plan
    )
    return locked


__all__ = [
    "AlreadyStarted",
    "ConflictError",
    "refresh_report",
    "save_report_fields",
    "save_rows",
    "send_report",
    "start_report",
]

"""Everything that reads a plan's figures or changes a plan, outside the workflow transitions.

Writes run in a transaction, lock the plan row, re-check access and the plan's `version` against the one
the user edited (no silent lost update), refuse plans that are not editable, bump the version and refresh
the stored finding counts. Start-of-year figures are never typed: while a plan is editable they are read
live from the village counts (registry or typed counts) of the plan's year; on submission they are frozen
into the village rows (plans/workflow.py). The table itself is read by plans/grid.py.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from households.models import Commune, District, Village
from households.services import ConflictError
from plans import checks, rollup, table
from plans.grid import Grid, village_grid
from plans.models import (
    DeletedPlan,
    FundingSource,
    LegalBasis,
    Officer,
    Plan,
    PlanEvent,
    PlanProject,
    PlanStatus,
    ProgramVersion,
    Recipient,
    ReportingItem,
    Responsibility,
    Target,
    VillageTarget,
    part_fields,
)
from plans.snapshot import snapshot
from plans.textscan import find_percentages
from povertyplan import access
from povertyplan.concurrency import conflict_on_race

# ---------------------------------------------------------------- checks fed from the models

TEXT_SECTIONS = ("situation_text", "general_goal")


def _printed_from_json(stored: Mapping, cls):
    """A checks dataclass (TableTotals, PlanFigures) from its JSON form (ints, and rates as strings);
    None when nothing was entered."""
    if not stored:
        return None
    values = {}
    for f in dataclasses.fields(cls):
        raw = stored.get(f.name)
        if raw is None or raw == "":
            continue
        values[f.name] = Decimal(str(raw)) if f.name.endswith("_rate") else int(raw)
    return cls(**values)


def _printed_to_json(values: Mapping, cls) -> dict:
    """The JSON form of printed figures: the fields of `cls` that were filled, rates kept as typed."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {
        name: (str(value) if isinstance(value, Decimal) else value)
        for name, value in values.items()
        if value is not None and name in names
    }


def printed_totals(plan: Plan) -> checks.TableTotals | None:
    """The totals row as printed, for a transcribed plan."""
    return _printed_from_json(plan.printed_totals, checks.TableTotals) if plan.transcribed else None


def printed_figures(plan: Plan) -> checks.PlanFigures | None:
    """The unit's specific targets as printed ("Chỉ tiêu cụ thể"), for a transcribed plan."""
    return _printed_from_json(plan.printed_figures, checks.PlanFigures) if plan.transcribed else None


def plan_table(plan: Plan) -> Grid:
    """The plan's table: its villages for a commune, the district's communes (roll-up) for a district."""
    if not plan.is_district_plan:
        return village_grid(plan)
    rows, total = rollup.district_rows(plan.district, plan.year)
    return Grid(rows=rows, total=total, live=True, missing=[])


def plan_input(plan: Plan, grid: Grid | None = None) -> checks.PlanInput:
    """What the checks read from a plan. Computed cells agree by construction; printed ones are checked."""
    grid = grid or plan_table(plan)
    rows = []
    for row in grid.rows:
        t = row.target
        printed = plan.transcribed and t is not None
        rows.append(
            checks.TableRow(
                key=row.key,
                label=row.label,
                households=row.households,
                poor_start=row.poor_start,
                near_poor_start=row.near_poor_start,
                exits_poor=row.exits_poor,
                exits_near_poor=row.exits_near_poor,
                printed_poor_rate=t.printed_poor_rate if printed else None,
                printed_near_poor_rate=t.printed_near_poor_rate if printed else None,
                poor_end=t.printed_poor_end if printed else None,
                near_poor_end=t.printed_near_poor_end if printed else None,
            )
        )
    texts = []
    scan = _text_scanner(plan, [(row.key, row.label) for row in grid.rows])
    for name in TEXT_SECTIONS:
        texts += scan(name, getattr(plan, name))
    for index, target in enumerate(plan.targets.all()):
        texts += scan(f"targets-{index}", target.text)
    deadlines = [checks.Deadline(label=item.what, date=item.due_date) for item in plan.reporting.all() if item.due_date]
    return checks.PlanInput(
        year=plan.year,
        rows=tuple(rows),
        totals=printed_totals(plan),
        figures=printed_figures(plan),
        texts=tuple(texts),
        deadlines=tuple(deadlines),
        signer=plan.signer_name,
        recipients=plan.recipients.count(),
    )


def _text_scanner(plan: Plan, villages: Iterable[tuple[int | str, str]]):
    """find_percentages for the plan's texts: its year, level, unit name and, for a commune, its villages
    (row key, label), so that a sentence about a village is checked against that village's row."""
    villages = () if plan.is_district_plan else tuple(villages)
    unit = plan.district.name if plan.is_district_plan else plan.commune.name

    def scan(section: str, text: str | None) -> list[checks.TextPercentage]:
        return find_percentages(
            section, text, year=plan.year, district=plan.is_district_plan, villages=villages, unit=unit
        )

    return scan


def _scanned_before_the_transaction(service):
    """Read the percentages of the texts a write stores before its transaction opens.

    The readings are cached (plans.textscan), so the findings refreshed inside the transaction find them
    read already: the write lock is not held while a long text is scanned.
    """

    @functools.wraps(service)
    def write(*args, **kwargs):
        plan, texts = kwargs.get("plan"), []
        if plan is not None and plan.pk is not None:
            data = kwargs.get("data") or {}
            texts = [(name, data[name]) for name in TEXT_SECTIONS if data.get(name)]
            formset = kwargs.get("formset")
            if formset is not None and formset.model is Target:
                cleaned = [getattr(form, "cleaned_data", None) or {} for form in formset.forms]
                texts += [("", values.get("text")) for values in cleaned]
        if texts:
            labels = [(t.village_id, str(t.village)) for t in plan.village_targets.select_related("village")]
            scan = _text_scanner(plan, labels)
            for section, text in texts:
                scan(section, text)
        return service(*args, **kwargs)

    return write


def plan_findings(plan: Plan, grid: Grid | None = None) -> list[checks.Finding]:
    """Every finding on the plan: the checks, and villages without counts for the year."""
    grid = grid or plan_table(plan)
    findings = []
    if not plan.is_district_plan:
        for row in grid.missing:
            message = _("%(village)s chưa có số liệu hộ năm %(year)s: nhập số liệu của thôn trước khi trình.") % {
                "village": row.label,
                "year": plan.year,
            }
            findings.append(
                checks.Finding(checks.ERROR, "missing_counts", message, f"village-table:{row.key}:households")
            )
        if not grid.rows:
            findings.append(
                checks.Finding(checks.ERROR, "no_villages", _("Kế hoạch chưa có thôn nào."), "village-table")
            )
    return findings + checks.check_plan(plan_input(plan, grid))


def refresh_counts(plan: Plan, findings: list[checks.Finding] | None = None) -> None:
    findings = plan_findings(plan) if findings is None else findings
    plan.error_count = sum(1 for f in findings if f.severity == checks.ERROR)
    plan.warning_count = len(findings) - plan.error_count
    Plan.objects.filter(pk=plan.pk).update(error_count=plan.error_count, warning_count=plan.warning_count)


# ---------------------------------------------------------------- writing


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


# The plan's own fields an official edits (header, texts, signature block); status, number, issue date,
# version and the unit are only ever set by the workflow.
PLAN_TEXT_FIELDS = (
    "purpose",
    "situation_text",
    "previous_results_text",
    "general_goal",
    "tasks_solutions",
    "funding_text",
    "closing",
)
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
    """Header, texts and signature block (the fields of the plan itself)."""
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"not editable through save_plan_fields: {sorted(unknown)}")
    locked = lock_for_change(by, plan.pk, version)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    touch(locked)
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
    targets = {t.pk: t for t in locked.village_targets.all()}
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
    return locked


@transaction.atomic
def save_printed_figures(*, by, plan: Plan, version: int | None, figures: Mapping) -> Plan:
    """The unit's specific targets as printed, for a transcribed plan (commune or district)."""
    locked = lock_for_change(by, plan.pk, version)
    if not locked.transcribed:
        raise ValidationError(_("Chỉ kế hoạch nhập lại từ văn bản đã in mới có chỉ tiêu như đã in."))
    locked.printed_figures = _printed_to_json(figures, checks.PlanFigures)
    touch(locked)
    return locked


@_scanned_before_the_transaction
@transaction.atomic
def save_part(*, by, plan: Plan, version: int | None, formset) -> Plan:
    """One list section (legal bases, projects, recipients...) edited as an inline formset."""
    locked = lock_for_change(by, plan.pk, version)
    formset.instance = locked
    formset.save()
    touch(locked)
    return locked


# ---------------------------------------------------------------- creating plans


def program_for(year: int) -> ProgramVersion:
    """The national program's catalogue covering `year`; a year outside every program is refused (a plan
    belongs to a program: 2021-2025, 2026-2035...)."""
    version = ProgramVersion.objects.filter(first_year__lte=year, last_year__gte=year).first()
    if version is None:
        raise ValidationError(
            _("Chưa có danh mục Chương trình cho năm %(year)s: chỉ lập được kế hoạch cho các năm có Chương trình.")
            % {"year": year}
        )
    return version


def _shift(date: datetime.date | None, years: int) -> datetime.date | None:
    if date is None or years == 0:
        return date
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


PLAN_COPY_FIELDS = tuple(
    name for name in PLAN_FIELDS if name not in {"summary", "previous_results_text", "transcribed"}
)

# Each list part of a plan, by its related name.
PARTS = {
    "legal_bases": LegalBasis,
    "targets": Target,
    "projects": PlanProject,
    "responsibilities": Responsibility,
    "funding_sources": FundingSource,
    "reporting": ReportingItem,
    "recipients": Recipient,
}


def _copy_parts(source: Plan, target: Plan, *, same_year: bool) -> None:
    years = target.year - source.year
    for related, model in PARTS.items():
        fields = part_fields(model)
        copies = []
        for part in getattr(source, related).all():
            values = {name: getattr(part, name) for name in fields}
            if model is PlanProject and part.item.version_id != target.program_id:
                continue  # a project of another program version does not carry over
            if model is FundingSource and not same_year:
                values["amount"] = None  # next year's money is not last year's
            if model is ReportingItem:
                values["due_date"] = _shift(values["due_date"], years)
            copies.append(model(plan=target, **values))
        model.objects.bulk_create(copies)


def _default_header(commune: Commune | None, district: District | None, year: int) -> dict:
    unit = commune or district
    parent = ""
    if commune is not None:
        above = commune.district or commune.province
        parent = f"UBND {above}".upper()
    elif district is not None:
        parent = f"UBND {district.province}".upper()
    return {
        "parent_body": parent,
        "issuing_body": f"ỦY BAN NHÂN DÂN {unit}".upper(),
        "place": unit.name,
        "summary": f"Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm {year} trên địa bàn {unit}",
    }


def _default_parts(plan: Plan) -> None:
    """A first plan's reporting schedule and recipients, as the seeds have them (editable)."""
    unit = plan.commune or plan.district
    reviewer = plan.commune.reviewing_unit if plan.commune else plan.district.province
    year = plan.year
    schedule = [
        (_("Báo cáo quý I"), (3, 15)),
        (_("Báo cáo 6 tháng"), (6, 20)),
        (_("Báo cáo quý III"), (9, 15)),
        (_("Báo cáo năm"), (12, 10)),
    ]
    ReportingItem.objects.bulk_create(
        ReportingItem(
            plan=plan, order=i, what=what, to_whom=f"UBND {reviewer}", due_date=datetime.date(year, month, day)
        )
        for i, (what, (month, day)) in enumerate(schedule, start=1)
    )
    Recipient.objects.bulk_create(
        [
            Recipient(plan=plan, order=1, name=f"UBND {reviewer}", purpose=Recipient.Purpose.REPORT),
            Recipient(plan=plan, order=2, name=f"TT Đảng ủy, HĐND {unit}", purpose=Recipient.Purpose.REPORT),
            Recipient(plan=plan, order=3, name=_("Các ban, ngành, đoàn thể"), purpose=Recipient.Purpose.EXECUTE),
            Recipient(plan=plan, order=4, name=_("Lưu: VT")),
        ]
    )


@conflict_on_race
@transaction.atomic
def create_plan(*, by, year: int, commune: Commune | None = None, district: District | None = None) -> Plan:
    """A new draft plan for a unit and year, starting from what is known.

    From the previous year's latest plan of the unit: header, texts, signature, legal bases, other
    targets, projects of the same program version, responsibilities, funding sources (without amounts),
    reporting schedule (dates moved to the new year), recipients, and the officer of each village.
    Village rows: every village of the commune; start figures come from the year's counts.
    """
    if (commune is None) == (district is None):
        raise ValueError("a plan belongs to a commune or a district")
    unit_filter = {"commune": commune} if commune else {"district": district, "commune__isnull": True}
    if commune is not None:
        allowed = Commune.objects.for_user(by, access.CHANGE).filter(pk=commune.pk).exists()
    else:
        allowed = District.objects.filter(access.scope_q(by, None, access.CHANGE, ""), pk=district.pk).exists()
    if not allowed:
        raise PermissionDenied
    # Two creations of the same plan at once wait for each other here; the second then finds the plan.
    unit_model = Commune if commune is not None else District
    list(unit_model.objects.select_for_update().filter(pk=(commune or district).pk).values_list("pk"))
    if Plan.objects.filter(year=year, **unit_filter).exists():
        raise ValidationError(_("Đã có kế hoạch năm %(year)s.") % {"year": year})
    previous = Plan.objects.filter(year__lt=year, **unit_filter).order_by("-year", "-revision").first()
    program = program_for(year)
    plan = Plan(commune=commune, district=district, year=year, program=program, created_by=by, previous=previous)
    for name, value in _default_header(commune, district, year).items():
        setattr(plan, name, value)
    if previous is not None:
        for name in PLAN_COPY_FIELDS:
            setattr(plan, name, getattr(previous, name))
    plan.full_clean(exclude=["program"])
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # created by someone else at the same moment (PostgreSQL)
        raise ConflictError(
            _("Kế hoạch năm %(year)s vừa được người khác lập cùng lúc. Hãy tải lại trang để mở kế hoạch đó.")
            % {"year": year}
        ) from exc
    if previous is not None:
        _copy_parts(previous, plan, same_year=False)
    else:
        _default_parts(plan)
    if commune is not None:
        officers = {}
        if previous is not None:
            officers = dict(previous.village_targets.values_list("village_id", "officer_id"))
        villages = (
            Village.objects.filter(commune=commune)
            .exclude(valid_until__lt=datetime.date(year, 1, 1))
            .exclude(valid_from__gt=datetime.date(year, 12, 31))
            .order_by("order", "id")
        )
        VillageTarget.objects.bulk_create(
            [
                VillageTarget(plan=plan, village=v, order=i, officer_id=officers.get(v.pk))
                for i, v in enumerate(villages, start=1)
            ]
        )
    refresh_counts(plan)
    PlanEvent.objects.create(
        plan=plan, from_status="", to_status=PlanStatus.DRAFT, by=by, reason=_("Lập kế hoạch."), snapshot=snapshot(plan)
    )
    return plan


@transaction.atomic
def copy_into_revision(source: Plan, by) -> Plan:
    """The body of `new_revision`: same year, every field and part, village rows with their targets."""
    revision = Plan.objects.filter(year=source.year, **source.unit_lookup()).aggregate(m=Max("revision"))["m"]
    plan = Plan(
        commune=source.commune,
        district=source.district,
        year=source.year,
        revision=(revision or 0) + 1,
        previous=source,
        program=source.program,
        created_by=by,
        printed_totals=source.printed_totals,
        printed_figures=source.printed_figures,
    )
    for name in PLAN_FIELDS:
        setattr(plan, name, getattr(source, name))
    plan.save()
    _copy_parts(source, plan, same_year=True)
    # officer by its column (officer_id): no query per row.
    copied = [VillageTarget._meta.get_field(name).attname for name in ("village", "order", *VILLAGE_TARGET_FIELDS)]
    VillageTarget.objects.bulk_create(
        [VillageTarget(plan=plan, **{name: getattr(t, name) for name in copied}) for t in source.village_targets.all()]
    )
    refresh_counts(plan)
    return plan


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
    locked.delete()
    return record


def unit_plans(*, commune: Commune | None = None, district: District | None = None):
    """Every plan of a unit, newest year and revision first."""
    if commune is not None:
        return Plan.objects.filter(commune=commune).order_by("-year", "-revision")
    return Plan.objects.filter(district=district, commune__isnull=True).order_by("-year", "-revision")


__all__ = [
    "PlanStatus",
    "create_plan",
    "delete_draft",
    "plan_findings",
    "save_grid",
    "save_part",
    "save_plan_fields",
    "village_grid",
]

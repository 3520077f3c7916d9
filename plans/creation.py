"""Creating a plan (a first draft from the year's counts and the previous year's plan) and copying an issued
plan into its next revision."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from households.models import Commune, District, Village
from plans.findings import refresh_counts
from plans.models import (
    FundingSource,
    LegalBasis,
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
from plans.outline import copy_outline, create_default
from plans.services import PLAN_FIELDS, VILLAGE_TARGET_FIELDS
from plans.snapshot import snapshot
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import ConflictError, conflict_on_race


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


PLAN_COPY_FIELDS = (*(name for name in PLAN_FIELDS if name not in {"summary", "transcribed"}), "preamble")

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

    From the previous year's latest plan of the unit: header, outline (headings, numbering, texts and
    parts; not last year's results), signature, legal bases, other
    targets, projects of the same program version, responsibilities, funding sources (without amounts),
    reporting schedule (dates moved to the new year), recipients, and the officer of each village.
    Without one: the default outline (plans/outline.py), reporting schedule and recipients. Village rows: every village of the commune; start figures come from the year's counts.
    """
    if (commune is None) == (district is None):
        raise ValueError("a plan belongs to a commune or a district")
    unit_filter = {"commune": commune} if commune else {"district": district, "commune__isnull": True}
    if commune is not None:
        allowed = Commune.objects.for_user(by, access.CHANGE).filter(pk=commune.pk).exists()
    else:
        allowed = District.objects.for_user(by, access.CHANGE).filter(pk=district.pk).exists()
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
        copy_outline(previous, plan, same_year=False)
    else:
        _default_parts(plan)
        create_default(plan)
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
    audit.record(by, Action.PLAN_CREATE, plan, before={}, after=audit.state(plan, ("status", "year", "revision")))
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
    for name in (*PLAN_FIELDS, "preamble"):
        setattr(plan, name, getattr(source, name))
    plan.save()
    _copy_parts(source, plan, same_year=True)
    copy_outline(source, plan, same_year=True)
    # officer by its column (officer_id): no query per row.
    copied = [VillageTarget._meta.get_field(name).attname for name in ("village", "order", *VILLAGE_TARGET_FIELDS)]
    VillageTarget.objects.bulk_create(
        [VillageTarget(plan=plan, **{name: getattr(t, name) for name in copied}) for t in source.village_targets.all()]
    )
    refresh_counts(plan)
    return plan


__all__ = ["PARTS", "PLAN_COPY_FIELDS", "copy_into_revision", "create_plan", "program_for"]

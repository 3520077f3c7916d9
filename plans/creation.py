"""Creating a plan (a first draft from the year's counts and the previous year's plan) and copying an issued
plan into its next revision."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from households.areas import in_effect_q
from households.models import Commune, District, Village
from plans.data import government
from plans.findings import refresh_counts
from plans.models import (
    FundingSource,
    LegalBasis,
    Part,
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
from plans.reform import ProjectMapper, district_changed, parent_body, replace_bodies, summary
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


def _copy_parts(source: Plan, target: Plan, *, same_year: bool) -> list[str]:
    """Copy the list parts; a project of another program version is mapped into the target's program
    where the data says where (plans/reform.py), else dropped. Returns the notes on the projects."""
    years = target.year - source.year
    projects = ProjectMapper(target.program)
    for related, model in PARTS.items():
        fields = part_fields(model)
        copies = []
        parts = getattr(source, related).all()
        if model is PlanProject:
            parts = parts.select_related("item__parent", "item__version")
        for part in parts:
            values = {name: getattr(part, name) for name in fields}
            if model is PlanProject:
                values["item"] = projects.target(part.item)
                if values["item"] is None:
                    continue
            if model is FundingSource and not same_year:
                values["amount"] = None  # next year's money is not last year's
            if model is ReportingItem:
                values["due_date"] = _shift(values["due_date"], years)
            copies.append(model(plan=target, **values))
        model.objects.bulk_create(copies)
    return projects.notes


def _default_header(
    commune: Commune | None, district: District | None, year: int, program: ProgramVersion | None = None
) -> dict:
    """A new plan's header from the units in effect for its year: a commune's parent body is the
    district in effect then, none directly under a province (plans/data/government.py)."""
    unit = commune or district
    if commune is not None:
        parent = parent_body(commune, year)
    else:
        parent = f"UBND {district.province}".upper()
    return {
        "parent_body": parent,
        "issuing_body": f"ỦY BAN NHÂN DÂN {unit}".upper(),
        "place": unit.name,
        "summary": summary(program or program_for(year), year, unit),
    }


def _default_parts(plan: Plan) -> None:
    """A first plan's reporting schedule and recipients, as the seeds have them (editable); a commune
    reports to the district in effect for the plan's year, else to its province (data)."""
    unit = plan.commune or plan.district
    year = plan.year
    if plan.commune is not None:
        reviewer = plan.commune.district_in(year) or plan.commune.province
    else:
        reviewer = plan.district.province
    if isinstance(reviewer, District) or plan.commune is None:
        upper = [f"UBND {reviewer}"]
    else:
        upper = [name.format(province=reviewer) for name in government.RECIPIENTS_UNDER_PROVINCE]
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
    names = [
        *((name, Recipient.Purpose.REPORT) for name in upper),
        (f"TT Đảng ủy, HĐND {unit}", Recipient.Purpose.REPORT),
        (_("Các ban, ngành, đoàn thể"), Recipient.Purpose.EXECUTE),
        (_("Lưu: VT"), Recipient.Purpose.NONE),
    ]
    Recipient.objects.bulk_create(
        Recipient(plan=plan, order=i, name=name, purpose=purpose) for i, (name, purpose) in enumerate(names, start=1)
    )


@conflict_on_race
@transaction.atomic
def create_plan(*, by, year: int, commune: Commune | None = None, district: District | None = None) -> Plan:
    """A new draft plan for a unit and year, starting from what is known.

    From the previous year's latest plan of the unit: header, outline (headings, numbering, texts and
    parts; not last year's results), signature, legal bases, other
    targets, projects of the same program version, responsibilities, funding sources (without amounts),
    reporting schedule (dates moved to the new year), recipients, and the officer of each village.
    Without one: the default outline (plans/outline.py), reporting schedule and recipients. The header,
    the summary line and the program follow the plan's year: when the previous plan's district is no
    longer in effect, its parent body, recipients and reporting addressees are replaced and projects of
    an older program mapped or dropped (plans/reform.py), each change listed in `plan.creation_notes`
    and in the creation event's reason. Village rows: every village of the commune; start figures come from the year's counts.
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
    header = _default_header(commune, district, year, program)
    for name, value in header.items():
        setattr(plan, name, value)
    if previous is not None:
        for name in PLAN_COPY_FIELDS:
            setattr(plan, name, getattr(previous, name))
    notes = []
    abolished = district_changed(commune, previous, year)
    if abolished is not None and plan.parent_body != header["parent_body"]:
        # The district above the previous plan's commune is not in effect for this year.
        notes.append(
            _("Cơ quan chủ quản: “{old}” được thay bằng “{new}” (theo đơn vị hành chính năm {year}).").format(
                old=plan.parent_body, new=header["parent_body"] or _("(không ghi)"), year=year
            )
        )
        plan.parent_body = header["parent_body"]
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
        notes += _copy_parts(previous, plan, same_year=False)
        copy_outline(previous, plan, same_year=False)
        if abolished is not None:
            notes += replace_bodies(plan, abolished)
    else:
        _default_parts(plan)
        create_default(plan)
        heading = government.PROJECTS_HEADINGS.get(program.code)
        projects = plan.outline.filter(part=Part.PROJECTS).first() if heading else None
        if projects is not None:  # the program's own words for its items (Hợp phần, Nội dung thành phần)
            projects.heading = heading
            projects.save(update_fields=["heading"])
    if commune is not None:
        officers = {}
        if previous is not None:
            officers = dict(previous.village_targets.values_list("village_id", "officer_id"))
        villages = Village.objects.filter(commune=commune).filter(in_effect_q(year)).order_by("order", "id")
        VillageTarget.objects.bulk_create(
            [
                VillageTarget(plan=plan, village=v, order=i, officer_id=officers.get(v.pk))
                for i, v in enumerate(villages, start=1)
            ]
        )
    refresh_counts(plan)
    reason = " ".join([_("Lập kế hoạch."), *notes])
    PlanEvent.objects.create(
        plan=plan, from_status="", to_status=PlanStatus.DRAFT, by=by, reason=reason, snapshot=snapshot(plan)
    )
    audit.record(by, Action.PLAN_CREATE, plan, before={}, after=audit.state(plan, ("status", "year", "revision")))
    # What was changed in what carried over, for the page to show as warnings to check.
    plan.creation_notes = notes
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

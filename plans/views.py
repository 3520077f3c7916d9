"""Pages of the plans: lists, the plan page and its editors, officers (the review and workflow pages are in
plans/review_views.py). Each fetches through povertyplan.access; every write goes through plans.services or
plans.workflow, which re-check access, state and version."""

from __future__ import annotations

import dataclasses
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from households.models import Commune, District
from plans import officers as officer_services
from plans import rollup, services, workflow
from plans.forms import (
    PARTS,
    YEAR_MAX,
    YEAR_MIN,
    CommentForm,
    GridFormSet,
    IssueForm,
    OfficerForm,
    OfficerFormSet,
    PlanCreateForm,
    PlanFieldsForm,
    PrintedFiguresForm,
    PrintedTotalsForm,
)
from plans.grid import village_grid
from plans.models import Officer, Plan, PlanEvent, PlanStatus, ProgramVersion, Section
from povertyplan import access
from povertyplan.access import Role


def _plan(request, pk: int, action: str = access.VIEW) -> Plan:
    qs = Plan.objects.select_related("commune__district", "commune__province", "district__province", "program")
    return access.get_for_user_or_404(qs, request.user, action, pk=pk)


def _version(request) -> int:
    """The version the form was drawn from. A post without one (never sent by our pages) is treated as
    stale: -1 matches no plan, so the service refuses it as a conflict instead of skipping the check."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isascii() and raw.isdigit() else -1


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _editable_or_redirect(request, plan: Plan):
    if not plan.is_editable:
        messages.error(
            request,
            _("Kế hoạch đang ở trạng thái “%(status)s”: không sửa được.") % {"status": plan.get_status_display()},
        )
        return redirect("plan", pk=plan.pk)
    return None


# ---------------------------------------------------------------- lists and creation


@login_required
def commune_plans(request, pk: int):
    """A commune's plans, newest first, and (for its officials) the form creating a year's plan."""
    commune = access.get_for_user_or_404(Commune.objects.select_related("district", "province"), request.user, pk=pk)
    can_change = access.can(request.user, access.CHANGE, commune)
    form = PlanCreateForm(request.POST or None, commune=commune)
    this_year = datetime.date.today().year
    form.initial["year"] = this_year if this_year in form.years else form.years[-1]
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                plan = services.create_plan(by=request.user, commune=commune, year=form.cleaned_data["year"])
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error("year", message)
            else:
                messages.success(request, _("Đã lập dự thảo kế hoạch năm %(year)s.") % {"year": plan.year})
                return redirect("plan", pk=plan.pk)
    plans = services.unit_plans(commune=commune).select_related("program")
    in_force = set(plans.in_force().values_list("pk", flat=True))
    return render(
        request,
        "plans/commune_plans.html",
        {"commune": commune, "plans": plans, "form": form, "can_change": can_change, "in_force": in_force},
    )


@login_required
def review_queue(request):
    """The reviewer's queue: the plans of the communes they review, latest revision of each, by status."""
    user = request.user
    if not (user.is_superuser or user.role == Role.REVIEWER):
        raise PermissionDenied
    plans = (
        Plan.objects.for_user(user, access.REVIEW)
        .latest_revisions()
        .select_related("commune__district", "district")
        .annotate(open_comments=Count("comments", filter=Q(comments__resolved=False)))
        .order_by("-year", "status", "commune__name")
    )
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    submitted_at = dict(
        PlanEvent.objects.filter(plan__in=plans, to_status=PlanStatus.SUBMITTED)
        .values_list("plan")
        .annotate(m=Max("at"))
        .values_list("plan", "m")
    )
    rows = [(p, submitted_at.get(p.pk)) for p in plans]
    districts = District.objects.filter(access.scope_q(user, None, access.VIEW, "")).order_by("name")
    return render(
        request,
        "plans/review_queue.html",
        {
            "rows": rows,
            "status": status,
            "statuses": PlanStatus.choices,
            "districts": districts,
            "now_year": datetime.date.today().year,
        },
    )


@login_required
def district_rollup(request, pk: int, year: int):
    """A district's table of its communes for a year; its own plan, or the form creating it."""
    district = District.objects.filter(access.scope_q(request.user, None, access.VIEW, ""), pk=pk).first()
    if district is None or not _program_year(year):
        raise Http404
    can_change = District.objects.filter(access.scope_q(request.user, None, access.CHANGE, ""), pk=pk).exists()
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        try:
            plan = services.create_plan(by=request.user, district=district, year=year)
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
            return redirect("district_rollup", pk=pk, year=year)
        messages.success(request, _("Đã lập dự thảo kế hoạch năm %(year)s của huyện.") % {"year": year})
        return redirect("plan", pk=plan.pk)
    rows, total = rollup.district_rows(district, year)
    plans = services.unit_plans(district=district).filter(year=year)
    return render(
        request,
        "plans/district_rollup.html",
        {
            "district": district,
            "year": year,
            "rows": rows,
            "total": total,
            "plans": plans,
            "can_change": can_change,
            "previous_year": year - 1 if _program_year(year - 1) else None,
            "next_year": year + 1 if _program_year(year + 1) else None,
        },
    )


def _program_year(year: int) -> bool:
    """A year a plan can have: accepted (povertyplan.years) and covered by a program of the catalogue."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        return False
    return ProgramVersion.objects.filter(first_year__lte=year, last_year__gte=year).exists()


# ---------------------------------------------------------------- the plan


# The list section edited from each section's "Sửa" button (others edit the plan's own fields).
PART_FOR_SECTION = {
    Section.LEGAL: "can-cu",
    Section.PROJECTS: "du-an",
    Section.RESPONSIBILITIES: "phan-cong",
    Section.REPORTING: "bao-cao",
    Section.RECIPIENTS: "noi-nhan",
}


def _anchor_id(anchor: str) -> str:
    return anchor.replace(":", "-")


def _finding_rows(findings):
    return [{"f": f, "href": "#" + _anchor_id(f.anchor)} for f in findings]


# The table total's rate for each count of the specific targets (GridRow properties).
_COMPUTED_RATE = {
    "poor_start": "poor_rate",
    "near_poor_start": "near_poor_rate",
    "exits_poor": "exits_poor_rate",
    "exits_near_poor": "exits_near_poor_rate",
    "poor_end": "poor_end_rate",
    "near_poor_end": "near_poor_end_rate",
}


def _printed_figure_rows(plan: Plan, total, flags: dict) -> list[dict]:
    """The specific targets as printed beside the same figures computed from the table, one row per count;
    each cell carries the id the checks' anchors (targets:<field>) point to."""
    printed = services.printed_figures(plan)
    if printed is None:
        return []
    rows = []
    for count, rate_field in PrintedFiguresForm.PAIRS:
        rate_anchor = rate_field.removeprefix("printed_") if rate_field else None
        computed_rate = getattr(total, _COMPUTED_RATE[count]) if rate_field else None
        rows.append(
            {
                "label": PrintedFiguresForm.base_fields[count].label,
                "count": getattr(printed, count),
                "computed": getattr(total, count),
                "count_id": f"targets-{count}",
                "count_flag": flags.get(count, False),
                "rate": getattr(printed, rate_field) if rate_field else None,
                "computed_rate": computed_rate,
                "rate_id": f"targets-{rate_anchor}" if rate_anchor else "",
                "rate_flag": flags.get(rate_anchor, False) if rate_anchor else False,
            }
        )
    return rows


@login_required
def plan_detail(request, pk: int, bound: dict | None = None):
    """The plan page; `bound` carries a form posted with errors (issue, return, comment) to redisplay."""
    bound = bound or {}
    plan = _plan(request, pk)
    user = request.user
    can_change = plan.is_editable and access.can(user, access.CHANGE, plan)
    can_review = access.can(user, access.REVIEW, plan)
    context = {"plan": plan, "can_change": can_change, "can_review": can_review}
    grid = services.plan_table(plan)
    findings = services.plan_findings(plan, grid)
    flags: dict[str, dict[str, bool]] = {}
    for f in findings:
        parts = f.anchor.split(":")
        if len(parts) == 3 and parts[0] == "village-table":
            flags.setdefault(parts[1], {})[parts[2]] = True
        elif len(parts) == 2 and parts[0] == "targets":
            flags.setdefault("targets", {})[parts[1]] = True
    for row in grid.rows:
        row.flags = flags.get(str(row.key), {})
    context.update(
        {
            "grid": grid,
            "rows": grid.rows,
            "total": grid.total,
            "total_flags": flags.get("total", {}),
            "printed_totals": services.printed_totals(plan),
            "printed_figures": _printed_figure_rows(plan, grid.total, flags.get("targets", {})),
            "unit_word": _("toàn huyện")
            if plan.is_district_plan
            else _("toàn %(kind)s") % {"kind": plan.commune.get_kind_display()},
        }
    )
    comments = list(plan.comments.select_related("by"))
    by_section = {}
    for c in comments:
        by_section.setdefault(c.section, []).append(c)
    transitions = workflow.available(user, plan)
    section_info = {}
    for section in Section:
        part = PART_FOR_SECTION.get(section)
        edit_url = reverse("plan_part", args=[plan.pk, part]) if part else reverse("plan_edit", args=[plan.pk])
        if section == Section.VILLAGE_TABLE:
            edit_url = reverse("plan_grid", args=[plan.pk]) if not plan.is_district_plan else ""
        section_info[section.value.replace("-", "_")] = {
            "key": section.value,
            "label": section.label,
            "comments": by_section.get(section.value, []),
            "edit_url": edit_url,
        }
    section_info["targets"] = {"edit_url": reverse("plan_part", args=[plan.pk, "chi-tieu"])}
    reporting, index = [], 0
    for item in plan.reporting.all():
        reporting.append((item, f"deadlines-{index}" if item.due_date else ""))
        index += 1 if item.due_date else 0
    issue_form = None
    if any(t.name == "issue" for t in transitions):
        issue_form = bound.get("issue_form") or IssueForm(
            initial={
                "version": plan.version,
                "number": workflow.next_number(plan),
                "issue_date": workflow.default_issue_date(plan),
                "signer_name": plan.signer_name,
            }
        )
    context.update(
        {
            "findings": _finding_rows(findings),
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
            "comments_by_section": by_section,
            "comment_count": len(comments),
            "comment_form": (bound.get("comment_form") or CommentForm())
            if can_review and plan.status == PlanStatus.SUBMITTED
            else None,
            "transition_form": bound.get("transition_form"),
            "transition_name": bound.get("transition_name", ""),
            "transitions": [t for t in transitions if t.name != "issue"],
            "issue_form": issue_form,
            "events": plan.events.select_related("by"),
            "has_return": plan.events.filter(to_status=PlanStatus.RETURNED).exists(),
            "can_revise": plan.status == PlanStatus.ISSUED and access.can(user, access.CHANGE, plan),
            "section_info": section_info,
            "reporting": reporting,
            "revisions": services.unit_plans(commune=plan.commune, district=plan.district).filter(year=plan.year)
            if plan.commune_id or plan.district_id
            else [],
        }
    )
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_edit(request, pk: int):
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    form = PlanFieldsForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan_fields(
                by=request.user,
                plan=plan,
                version=_version(request),
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("plan", pk=plan.pk)
    return render(request, "plans/plan_edit.html", {"plan": plan, "form": form})


@login_required
def figures_edit(request, pk: int):
    """The unit's specific targets as printed, for a plan typed from a published document."""
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    if not plan.transcribed:
        messages.error(request, _("Chỉ kế hoạch nhập lại từ văn bản đã in mới có chỉ tiêu như đã in."))
        return redirect(reverse("plan", args=[plan.pk]) + "#goals")
    printed = services.printed_figures(plan)
    form = PrintedFiguresForm(request.POST or None, initial=dataclasses.asdict(printed) if printed else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_printed_figures(
                by=request.user, plan=plan, version=_version(request), figures=form.cleaned_data
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu như đã in."))
            return redirect(reverse("plan", args=[plan.pk]) + "#goals")
    return render(request, "plans/figures_edit.html", {"plan": plan, "form": form})


@login_required
def grid_edit(request, pk: int):
    """The per-village target table, edited as one grid in one form."""
    plan = _plan(request, pk, access.CHANGE)
    if plan.is_district_plan:
        raise Http404
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    grid = village_grid(plan)
    officers = Officer.objects.filter(commune=plan.commune, active=True)
    # An officer no longer active stays selectable on the rows that name them.
    named = [r.officer.pk for r in grid.rows if r.officer]
    officers = Officer.objects.filter(Q(pk__in=officers) | Q(pk__in=named)).order_by("name")
    initial = [
        {"target": r.target.pk, **{name: getattr(r.target, name) for name in services.VILLAGE_TARGET_FIELDS}}
        for r in grid.rows
    ]
    data = request.POST if request.method == "POST" else None
    formset = GridFormSet(data, initial=initial, officers=officers, transcribed=plan.transcribed, prefix="rows")
    printed = services.printed_totals(plan)
    totals_initial = dataclasses.asdict(printed) if printed else None
    totals = PrintedTotalsForm(data, initial=totals_initial) if plan.transcribed else None
    errors: list[str] = []
    # A post with other rows than the table has (a village added meanwhile, a tampered form) saves nothing.
    same_rows = len(formset.forms) == len(grid.rows)
    if request.method == "POST" and same_rows and formset.is_valid() and (totals is None or totals.is_valid()):
        rows = {}
        for form in formset:
            values = dict(form.cleaned_data)
            rows[values.pop("target")] = values
        try:
            services.save_grid(
                by=request.user,
                plan=plan,
                version=_version(request),
                rows=rows,
                totals=totals.cleaned_data if totals is not None else None,
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Đã lưu bảng chỉ tiêu các thôn."))
            return redirect(reverse("plan", args=[plan.pk]) + "#village-table")
    pairs = list(zip(grid.rows, formset, strict=True)) if len(formset.forms) == len(grid.rows) else []
    if not pairs and grid.rows:
        errors.append(_("Bảng đã thay đổi trong lúc bạn sửa. Hãy tải lại trang."))
    return render(
        request,
        "plans/grid_edit.html",
        {"plan": plan, "grid": grid, "formset": formset, "pairs": pairs, "totals_form": totals, "errors": errors},
    )


@login_required
def part_edit(request, pk: int, part: str):
    """One list section of the plan (legal bases, targets, projects...) as an inline formset."""
    if part not in PARTS:
        raise Http404
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    section, related, formset_class = PARTS[part]
    queryset = getattr(plan, related).all()
    formset = formset_class(
        request.POST if request.method == "POST" else None, instance=plan, queryset=queryset, program=plan.program
    )
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            services.save_part(by=request.user, plan=plan, version=_version(request), formset=formset)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect(reverse("plan", args=[plan.pk]) + f"#{section.value}")
    return render(
        request,
        "plans/part_edit.html",
        {
            "plan": plan,
            "formset": formset,
            "section": section,
            "errors": errors,
            "part": part,
            "stacked": len(formset.empty_form.visible_fields()) > 6,
        },
    )


# ---------------------------------------------------------------- officers


@login_required
def officers(request, pk: int):
    """The commune's officers (put in charge of villages); officials of the commune edit them."""
    commune = access.get_for_user_or_404(Commune, request.user, access.CHANGE, pk=pk)
    queryset = Officer.objects.filter(commune=commune).order_by("-active", "name")
    initial = [OfficerForm.initial_from(o) for o in queryset]
    formset = OfficerFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset if not f.is_blank]
        try:
            officer_services.save_officers(by=request.user, commune=commune, rows=rows)
        except officer_services.ForeignOfficer:
            raise Http404 from None
        except officer_services.ConflictError as exc:
            for message in exc.messages:
                messages.error(request, message)
            # Keep what this user typed, on the current versions: saving again is deliberate.
            data = request.POST.copy()
            for i, form in enumerate(formset):
                if form.cleaned_data.get("id") in exc.versions:
                    data[f"{formset.prefix}-{i}-version"] = str(exc.versions[form.cleaned_data["id"]])
            formset = OfficerFormSet(data, initial=initial)
        else:
            messages.success(request, _("Đã lưu danh sách cán bộ."))
            return redirect("officers", pk=commune.pk)
    return render(request, "plans/officers.html", {"commune": commune, "formset": formset})

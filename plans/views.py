"""Pages of the plans: lists, the plan page and its editors, officers (the review and workflow pages are in
plans/review_views.py). Each fetches through povertyplan.access; every write goes through plans.services or
plans.workflow, which re-check access, state and version."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from households.models import Commune, District
from households.units import area_level_in_year
from plans import detail, pages, services, table
from plans import officers as officer_services
from plans.creation import create_plan
from plans.findings import printed_figures, printed_totals
from plans.forms import (
    PARTS,
    GridFormSet,
    OfficerFormSet,
    PlanCreateForm,
    PlanFieldsForm,
    PrintedFiguresForm,
    PrintedTotalsForm,
)
from plans.grid import village_grid
from plans.models import Officer, Plan, Section
from plans.outline import anchor_for
from povertyplan import access, years
from povertyplan import needs as home_needs


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


def _offered_year(request, offered: list[int]) -> int:
    """The year the creation form opens on: the one asked for (?year=, from the home page's "Lập kế hoạch
    năm 2027"), else the year being planned now (povertyplan.years.planning_year), else the latest."""
    asked = request.GET.get("year", "")
    for year in (int(asked) if asked.isdigit() else None, years.planning_year(home_needs.local_today())):
        if year in offered:
            return year
    return offered[-1]


@login_required
def commune_plans(request, pk: int):
    """A commune's plans, newest first, and (for its officials) the form creating a year's plan."""
    commune = access.get_for_user_or_404(Commune.objects.select_related("district", "province"), request.user, pk=pk)
    can_change = access.can(request.user, access.CHANGE, commune)
    form = PlanCreateForm(request.POST or None, commune=commune)
    form.initial["year"] = _offered_year(request, form.years)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                plan = create_plan(by=request.user, commune=commune, year=form.cleaned_data["year"])
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error("year", message)
            else:
                messages.success(request, _("Đã lập dự thảo kế hoạch năm %(year)s.") % {"year": plan.year})
                for note in plan.creation_notes:
                    messages.warning(request, note)
                return redirect("plan", pk=plan.pk)
    context = pages.commune_plans_page(commune, form=form, can_change=can_change)
    return render(request, "plans/commune_plans.html", context)


@login_required
def review_queue(request):
    """The reviewer's queue: the plans of the communes they review, latest revision of each, by status."""
    user = request.user
    if not access.may_review_some(user):
        raise PermissionDenied
    context = pages.review_queue_page(user, request.GET.get("status", ""))
    return render(request, "plans/review_queue.html", context)


@login_required
def district_rollup(request, pk: int, year: int):
    """A district's table of its communes for a year; its own plan, or the form creating it."""
    district = District.objects.for_user(request.user).filter(pk=pk).first()
    if district is None or not pages.program_year(year):
        raise Http404
    can_change = access.flags(request.user, district).change
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        try:
            plan = create_plan(by=request.user, district=district, year=year)
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
            return redirect("district_rollup", pk=pk, year=year)
        messages.success(request, _("Đã lập dự thảo kế hoạch năm %(year)s của huyện.") % {"year": year})
        return redirect("plan", pk=plan.pk)
    context = pages.district_rollup_page(district, year, can_change=can_change)
    context["area_forms"] = area_level_in_year("huyen", year)  # a district's forms end with its last year
    return render(request, "plans/district_rollup.html", context)


@login_required
def province_rollup(request, pk: int, year: int):
    """A province's table of its communes for a year (for who may see all of them: plans.pages)."""
    if not pages.program_year(year):
        raise Http404
    province = pages.rollup_province(request.user, pk, year)
    return render(request, "plans/province_rollup.html", pages.province_rollup_page(province, year))


# ---------------------------------------------------------------- the plan


@login_required
def plan_detail(request, pk: int, bound: dict | None = None):
    """The plan page; `bound` carries a form posted with errors (issue, return, comment) to redisplay."""
    plan = _plan(request, pk)
    return render(request, "plans/plan_detail.html", detail.plan_page(plan, request.user, bound))


@login_required
def plan_edit(request, pk: int):
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    # ?phan=signature: opened from that section's "Sửa" (the page scrolls to #signature), and back there.
    section = request.GET.get("phan", "") if request.GET.get("phan") in detail.PLAN_EDIT_SECTIONS else ""
    back = reverse("plan", args=[plan.pk]) + (f"#{section}" if section else "")
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
            return redirect(back)
    return render(request, "plans/plan_edit.html", {"plan": plan, "form": form, "back": back})


@login_required
def figures_edit(request, pk: int):
    """The unit's specific targets as printed, for a plan typed from a published document."""
    plan = _plan(request, pk, access.CHANGE)
    if (response := _editable_or_redirect(request, plan)) is not None:
        return response
    if not plan.transcribed:
        messages.error(request, _("Chỉ kế hoạch nhập lại từ văn bản đã in mới có chỉ tiêu như đã in."))
        return redirect(reverse("plan", args=[plan.pk]) + f"#{anchor_for(plan, Section.GOALS)}")
    printed = printed_figures(plan)
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
            return redirect(reverse("plan", args=[plan.pk]) + f"#{anchor_for(plan, Section.GOALS)}")
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
    formset, totals = grid_forms(plan, grid, request.POST if request.method == "POST" else None)
    errors: list[str] = []
    # A post with other rows than the table has (a village added meanwhile, a tampered form) saves nothing.
    same_rows = len(formset.forms) == len(grid.rows)
    if request.method == "POST" and same_rows and formset.is_valid() and (totals is None or totals.is_valid()):
        rows = {f.cleaned_data["target"]: {k: v for k, v in f.cleaned_data.items() if k != "target"} for f in formset}
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
            return redirect(reverse("plan", args=[plan.pk]) + f"#{anchor_for(plan, Section.VILLAGE_TABLE)}")
    if not same_rows and grid.rows:
        errors.append(_("Bảng đã thay đổi trong lúc bạn sửa. Hãy tải lại trang."))
    context = {"plan": plan, "grid": grid, "formset": formset, "totals_form": totals, "errors": errors}
    return render(request, "plans/grid_edit.html", context | detail.grid_rows(plan, grid, formset, totals))


def grid_forms(plan: Plan, grid, data):
    """The grid's formset (one form per village row) and, for a transcribed plan, the printed totals form."""
    officers = Officer.objects.filter(commune=plan.commune, active=True)
    # An officer no longer active stays selectable on the rows that name them.
    named = [r.officer.pk for r in grid.rows if r.officer]
    officers = Officer.objects.filter(Q(pk__in=officers) | Q(pk__in=named)).order_by("name")
    fields = table.target_fields()
    initial = [{"target": r.target.pk, **{name: getattr(r.target, name, None) for name in fields}} for r in grid.rows]
    formset = GridFormSet(data, initial=initial, officers=officers, transcribed=plan.transcribed, prefix="rows")
    printed = printed_totals(plan)
    totals_initial = dataclasses.asdict(printed) if printed else None
    totals = PrintedTotalsForm(data, initial=totals_initial) if plan.transcribed else None
    return formset, totals


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
            return redirect(reverse("plan", args=[plan.pk]) + f"#{anchor_for(plan, section)}")
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
    initial = officer_services.officer_rows(commune)
    formset = OfficerFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        try:
            officer_services.save_officers(by=request.user, commune=commune, rows=officer_services.typed_rows(formset))
        except officer_services.ForeignOfficer:
            raise Http404 from None
        except officer_services.ConflictError as exc:
            for message in exc.messages:
                messages.error(request, message)
            # Keep what this user typed, on the current versions: saving again is deliberate.
            data = officer_services.on_current_versions(request.POST, formset, exc.versions)
            formset = OfficerFormSet(data, initial=initial)
        else:
            messages.success(request, _("Đã lưu danh sách cán bộ."))
            return redirect("officers", pk=commune.pk)
    return render(request, "plans/officers.html", {"commune": commune, "formset": formset})

"""Pages of the registry: home, commune, village, household, counts. Each fetches through access.

A view fetches, binds a form, calls one service and answers; what a page shows is built in `pages.py`.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from households import pages, services
from households.counts import commune_counts, latest_year
from households.forms import CommuneCountsForm, HouseholdFilterForm, HouseholdForm
from households.lookups import standard_for_or_none
from households.models import Commune, Household, Village
from households.units import area_level_in_year
from households.village_filters import village_filters
from povertyplan import access, needs, years


def _year(request, commune_ids) -> int:
    """The year asked for in ?year=, else the latest year with data, else this year."""
    raw = request.GET.get("year", "")
    if raw.isascii() and raw.isdigit() and years.accepted(int(raw)):
        return int(raw)
    return latest_year(commune_ids) or datetime.date.today().year


def _village_list(village_id: int, year: int) -> str:
    return reverse("village", args=[village_id]) + f"?year={year}"


@login_required
def home(request):
    """What needs the user first (povertyplan.needs), then an official's commune in brief, or the
    communes of a reviewer's or administrator's area."""
    user, today = request.user, needs.local_today()
    found = needs.needs_for(user, today)
    own_commune = access.menu(user).own_commune
    if own_commune:
        communes = Commune.objects.select_related("district", "province")
        commune = access.get_for_user_or_404(communes, user, pk=own_commune)
        context = pages.official_home_page(commune, _year(request, [commune.pk]), found, today)
        return render(request, "households/home_official.html", context)
    communes = (
        Commune.objects.for_user(user)
        .select_related("district", "former_district", "province")
        .order_by("province", "name")
    )
    year = _year(request, [c.pk for c in communes])
    area = access.menu(user).area_level
    forms = area is not None and area_level_in_year(area, year)  # a district's forms end with its last year
    return render(
        request, "households/home.html", pages.home_page(communes, year) | {"needs": found, "area_forms": forms}
    )


@login_required
def commune(request, pk: int):
    commune = access.get_for_user_or_404(Commune.objects.select_related("district", "province"), request.user, pk=pk)
    year = _year(request, [commune.pk])
    return render(request, "households/commune.html", pages.commune_page(request.user, commune, year))


@login_required
def village(request, pk: int):
    village = access.get_for_user_or_404(Village.objects.select_related("commune"), request.user, pk=pk)
    year = _year(request, [village.commune_id])
    filters, done = village_filters(request, village, year, HouseholdFilterForm)
    if done:
        return done
    pending_only = request.GET.get("chua-ra-soat") == "1"
    context = pages.village_page(
        request.user, village, year, filters, request.GET.get("page"), pending_only=pending_only
    )
    return render(request, "households/village.html", context)


def _save_household(request, form: HouseholdForm, *, household, year: int):
    """Save the bound, valid form through the service; a refusal is shown on the form (None returned)."""
    data = form.cleaned_data
    try:
        record = services.save_household(
            by=request.user,
            household=household,
            data=data,
            year=year,
            assessment=data,
            household_version=data.get("household_version"),
            assessment_version=data.get("assessment_version"),
        )
    except ValidationError as exc:
        form.show_refusal(exc)
        return None
    messages.success(
        request,
        _("Đã lưu hộ {name}: {status} năm {year}.").format(
            name=record.household.head_name, status=record.get_status_display(), year=year
        ),
    )
    return record


@login_required
def household_create(request, pk: int):
    village = access.get_for_user_or_404(Village.objects.select_related("commune"), request.user, access.CHANGE, pk=pk)
    year = _year(request, [village.commune_id])
    if standard_for_or_none(year) is None:
        messages.error(request, _("Chưa có chuẩn nghèo áp dụng cho năm {year}.").format(year=year))
        return redirect(_village_list(village.pk, year))
    form = HouseholdForm(request.POST or None, user=request.user, year=year, initial={"village": village.pk})
    if request.method == "POST" and form.is_valid():
        record = _save_household(request, form, household=None, year=year)
        if record is not None:
            return redirect(_village_list(record.village_id, year))
    context = pages.household_form_page(form=form, village=village, year=year)
    return render(request, "households/household_form.html", context)


@login_required
def household(request, pk: int):
    household = access.get_for_user_or_404(
        Household.objects.select_related("village__commune", "ethnicity"), request.user, pk=pk
    )
    return render(request, "households/household.html", pages.household_page(request.user, household))


@login_required
def household_edit(request, pk: int):
    household = access.get_for_user_or_404(
        Household.objects.select_related("village__commune", "ethnicity"), request.user, access.CHANGE, pk=pk
    )
    year = _year(request, [household.village.commune_id])
    if standard_for_or_none(year) is None:
        messages.error(request, _("Chưa có chuẩn nghèo áp dụng cho năm {year}.").format(year=year))
        return redirect("household", pk=household.pk)
    assessment = pages.assessment_of(household, year)
    initial = HouseholdForm.initial_from(household, assessment)
    form = HouseholdForm(request.POST or None, user=request.user, year=year, initial=initial)
    if request.method == "POST" and form.is_valid():
        record = _save_household(request, form, household=household, year=year)
        if record is not None:
            return redirect(_village_list(record.village_id, year))
    context = pages.household_form_page(
        form=form, village=household.village, year=year, household=household, assessment=assessment
    )
    return render(request, "households/household_form.html", context)


@login_required
def counts_edit(request, pk: int, year: int):
    """One form for every village's counts of a year."""
    commune = access.get_for_user_or_404(Commune, request.user, access.CHANGE, pk=pk)
    if not years.accepted(year):
        raise Http404
    rows, total = commune_counts(commune, year)
    form = CommuneCountsForm(rows, request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Số liệu chưa hợp lệ: xem các ô được đánh dấu."))
        else:
            try:
                changed = services.save_village_counts(by=request.user, commune=commune, year=year, rows=form.payload())
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                form = form.after_refusal(exc)
            else:
                messages.success(
                    request, _("Đã lưu số liệu năm {year}: {n} thôn thay đổi.").format(year=year, n=changed)
                )
                return redirect(reverse("commune", args=[commune.pk]) + f"?year={year}")
    return render(request, "households/counts_form.html", pages.counts_page(commune, year, form, total))

"""Pages of the registry: home, commune, village, household, counts. Each fetches through access."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from households import services
from households.forms import HouseholdFilterForm, HouseholdForm, VillageCountForm
from households.models import CATEGORY_FIELDS, Assessment, Commune, Household, Village
from households.names import search_key
from households.village_filters import village_filters
from povertyplan import access, years
from povertyplan.access import Role
from povertyplan.collation import vi_order

PAGE_SIZE = 50


def _year(request, commune_ids) -> int:
    """The year asked for in ?year=, else the latest year with data, else this year."""
    raw = request.GET.get("year", "")
    if raw.isascii() and raw.isdigit() and years.accepted(int(raw)):
        return int(raw)
    return services.latest_year(commune_ids) or datetime.date.today().year


def _years_around(year: int) -> list[int]:
    this = datetime.date.today().year
    return sorted(set(range(min(year, this) - 3, max(year, this) + 2)))


@login_required
def home(request):
    """Officials land on their commune; reviewers and administrators on the communes of their area."""
    user = request.user
    if user.role == Role.OFFICIAL and user.commune_id:
        return redirect("commune", pk=user.commune_id)
    communes = Commune.objects.for_user(user).select_related("district", "province").order_by("province", "name")
    year = _year(request, [c.pk for c in communes])
    rows = services.area_counts(communes, year)
    return render(
        request,
        "households/home.html",
        {"rows": rows, "total": services.total_of([t for _, t in rows]), "year": year, "years": _years_around(year)},
    )


@login_required
def commune(request, pk: int):
    commune = access.get_for_user_or_404(Commune.objects.select_related("district", "province"), request.user, pk=pk)
    year = _year(request, [commune.pk])
    rows, total = services.commune_counts(commune, year)
    return render(
        request,
        "households/commune.html",
        {
            "commune": commune,
            "year": year,
            "years": _years_around(year),
            "rows": rows,
            "total": total,
            "can_change": access.can(request.user, access.CHANGE, commune),
            "standard": services.standard_for_or_none(year),
        },
    )


@login_required
def village(request, pk: int):
    village = access.get_for_user_or_404(Village.objects.select_related("commune"), request.user, pk=pk)
    year = _year(request, [village.commune_id])
    filters, done = village_filters(request, village, year, HouseholdFilterForm)
    if done:
        return done
    assessments = (
        Assessment.objects.for_user(request.user)
        .filter(village=village, year=year)
        .select_related("household", "household__ethnicity")
        .order_by(vi_order("household__head_name"), "household_id")
    )
    if filters.is_bound:
        filters.is_valid()  # a bad filter is shown with its error beside it; the valid ones still apply
        data = filters.cleaned_data
        if data.get("status"):
            assessments = assessments.filter(status=data["status"])
        if data.get("category"):
            field = CATEGORY_FIELDS[data["category"]]
            assessments = assessments.filter(**{field: True})
        if data.get("cause"):
            assessments = assessments.filter(causes=data["cause"])
        if data.get("q"):
            # Case and diacritics ignored on both databases ("dinh" finds "Đinh") through the stored key.
            assessments = assessments.filter(household__search_name__contains=search_key(data["q"]))
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "households/village.html",
        {
            "village": village,
            "commune": village.commune,
            "year": year,
            "years": _years_around(year),
            "count": services.village_count(village, year),
            "filters": filters,
            "page": page,
            "query": f"year={year}",
            "can_change": access.can(request.user, access.CHANGE, village),
            "unassessed": Household.objects.filter(village=village).exclude(assessments__year=year).count(),
        },
    )


def _save_household(request, *, household, form, year):
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
    except services.ConflictError as exc:
        form.add_error(None, exc.messages)
        if exc.versions:
            # Keep what this user typed, on the current versions: saving again is a deliberate overwrite.
            data = form.data.copy()
            for name, version in exc.versions.items():
                data[form.add_prefix(name)] = str(version)
            form.data = data
        return None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
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
    if services.standard_for_or_none(year) is None:
        messages.error(request, _("Chưa có chuẩn nghèo áp dụng cho năm {year}.").format(year=year))
        return redirect(reverse("village", args=[village.pk]) + f"?year={year}")
    form = HouseholdForm(request.POST or None, user=request.user, year=year, initial={"village": village.pk})
    if request.method == "POST" and form.is_valid():
        record = _save_household(request, household=None, form=form, year=year)
        if record is not None:
            return redirect(reverse("village", args=[record.village_id]) + f"?year={year}")
    return render(
        request,
        "households/household_form.html",
        {"form": form, "village": village, "commune": village.commune, "year": year, "household": None},
    )


@login_required
def household(request, pk: int):
    household = access.get_for_user_or_404(
        Household.objects.select_related("village__commune", "ethnicity"), request.user, pk=pk
    )
    records = list(
        household.assessments.select_related("standard").prefetch_related("deprivations", "causes").order_by("year")
    )
    statuses = {r.year: r.status for r in records}
    history = [(r, [services.Transition.LABELS[t] for t in services.transitions(statuses, r.year)]) for r in records]
    return render(
        request,
        "households/household.html",
        {
            "household": household,
            "village": household.village,
            "commune": household.village.commune,
            "history": history,
            "can_change": access.can(request.user, access.CHANGE, household),
        },
    )


@login_required
def household_edit(request, pk: int):
    household = access.get_for_user_or_404(
        Household.objects.select_related("village__commune", "ethnicity"), request.user, access.CHANGE, pk=pk
    )
    year = _year(request, [household.village.commune_id])
    if services.standard_for_or_none(year) is None:
        messages.error(request, _("Chưa có chuẩn nghèo áp dụng cho năm {year}.").format(year=year))
        return redirect("household", pk=household.pk)
    assessment = household.assessments.filter(year=year).prefetch_related(Prefetch("deprivations"), "causes").first()
    form = HouseholdForm(
        request.POST or None, user=request.user, year=year, initial=HouseholdForm.initial_from(household, assessment)
    )
    if request.method == "POST" and form.is_valid():
        record = _save_household(request, household=household, form=form, year=year)
        if record is not None:
            return redirect(reverse("village", args=[record.village_id]) + f"?year={year}")
    return render(
        request,
        "households/household_form.html",
        {
            "form": form,
            "village": household.village,
            "commune": household.village.commune,
            "year": year,
            "household": household,
            "assessment": assessment,
        },
    )


@login_required
def counts_edit(request, pk: int, year: int):
    """One form for every village's counts of a year."""
    commune = access.get_for_user_or_404(Commune, request.user, access.CHANGE, pk=pk)
    if not years.accepted(year):
        raise Http404
    rows, total = services.commune_counts(commune, year)

    def bind(data):
        forms_ = []
        for row in rows:
            locked = row.source == services.Source.REGISTRY
            e = row.entered
            initial = (
                {
                    "total_households": e.total_households,
                    "poor": e.poor,
                    "near_poor": e.near_poor,
                    "source": e.source,
                    "version": e.version,
                }
                if e and not locked
                else {"total_households": row.total, "poor": row.poor, "near_poor": row.near_poor, "version": 0}
            )
            forms_.append(
                VillageCountForm(data, prefix=f"v{row.village.pk}", village=row.village, locked=locked, initial=initial)
            )
        return forms_

    forms_ = bind(request.POST or None)
    if request.method == "POST":
        if all(f.is_valid() for f in forms_):
            payload = {f.village.pk: f.cleaned_data for f in forms_ if not f.locked}
            try:
                changed = services.save_village_counts(by=request.user, commune=commune, year=year, rows=payload)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                if isinstance(exc, services.ConflictError) and exc.versions:
                    # Keep what this user typed, on the current versions: saving again is deliberate.
                    data = request.POST.copy()
                    for village_id, version in exc.versions.items():
                        data[f"v{village_id}-version"] = str(version)
                    forms_ = bind(data)
            else:
                messages.success(
                    request, _("Đã lưu số liệu năm {year}: {n} thôn thay đổi.").format(year=year, n=changed)
                )
                return redirect(reverse("commune", args=[commune.pk]) + f"?year={year}")
        else:
            messages.error(request, _("Số liệu chưa hợp lệ: xem các ô được đánh dấu."))
    return render(
        request,
        "households/counts_form.html",
        {"commune": commune, "year": year, "pairs": list(zip(rows, forms_, strict=True)), "total": total},
    )

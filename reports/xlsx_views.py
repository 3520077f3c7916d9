"""Downloads of the Excel exports (reports/xlsx/exports.py): fetch through access (404 outside the
user's area), build the file, answer it as an attachment. GET only; the household lists are never cached.

The village's household list takes the filters the village page stores in the session
(households/village_filters.py): a head's name never travels in the download's URL either.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from households.counts import latest_year
from households.forms import HouseholdFilterForm
from households.models import Commune, District, Village
from households.village_filters import village_filters
from plans.models import Plan
from plans.pages import program_year, rollup_province
from povertyplan import access, years
from povertyplan.downloads import attachment
from reports.xlsx import exports


def _download(export: exports.Export) -> HttpResponse:
    return attachment(export.content, export.filename, export.content_type)


def _year(request, commune_ids) -> int:
    """The year asked for in ?year=, else the latest year with data, else this year (as the pages do)."""
    raw = request.GET.get("year", "")
    if raw.isascii() and raw.isdigit() and years.accepted(int(raw)):
        return int(raw)
    return latest_year(commune_ids) or datetime.date.today().year


@require_GET
@login_required
def plan_village_table(request, pk: int):
    qs = Plan.objects.select_related("commune__district", "commune__province")
    plan = access.get_for_user_or_404(qs, request.user, pk=pk)
    if plan.is_district_plan:  # a district's plan has its communes, not villages
        raise Http404
    return _download(exports.village_table(plan))


@require_GET
@login_required
def province_rollup(request, pk: int, year: int):
    if not program_year(year):
        raise Http404
    province = rollup_province(request.user, pk, year)
    return _download(exports.province_rollup(province, year))


@require_GET
@login_required
def district_rollup(request, pk: int, year: int):
    district = access.get_for_user_or_404(District.objects.select_related("province"), request.user, pk=pk)
    if not program_year(year):
        raise Http404
    return _download(exports.district_rollup(district, year))


@require_GET
@never_cache
@login_required
def village_households(request, pk: int):
    village = access.get_for_user_or_404(
        Village.objects.select_related("commune__district", "commune__province"), request.user, pk=pk
    )
    year = _year(request, [village.commune_id])
    filters, _redirect = village_filters(request, village, year, HouseholdFilterForm)
    return _download(exports.household_list(request.user, year, village=village, filters=filters))


@require_GET
@never_cache
@login_required
def commune_households(request, pk: int):
    commune = access.get_for_user_or_404(Commune.objects.select_related("district", "province"), request.user, pk=pk)
    year = _year(request, [commune.pk])
    return _download(exports.household_list(request.user, year, commune=commune))

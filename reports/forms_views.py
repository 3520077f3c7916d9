"""The review-result pack's pages and downloads: a commune's (rows: villages) and an area's (a district
for years under districts, or a province; rows: communes).

Access through povertyplan/access: the commune as the user may see it (404 outside); an area only when
the user may see the unit and every commune in it (404 otherwise: an official's province, a district
reviewer's neighbour). A download whose form fails a hard check answers the pack's page with the
refusal (409), naming form, row and column.

One view per job, for every level: the commune's routes give no `level`, the area's give "huyen" or
"tinh" (households.converters); the routes of a form's file give its `kind`, "xlsx" or "pdf"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from households.areas import communes_of_area
from households.models import Commune
from households.units import AREA_LEVELS, area_level_in_year
from povertyplan import access, years
from povertyplan.downloads import attachment
from reports.forms.build import area_pack, commune_pack
from reports.forms.definitions import definitions
from reports.forms.files import Refused, export


def _year(year: int) -> int:
    if not years.accepted(year):
        raise Http404
    return year


def _form(form: int | None) -> int | None:
    if form is not None and form not in definitions():
        raise Http404
    return form


def _unit(request, level: str | None, pk: int, year: int):
    """The commune (no level) or the area the pack is of, as the user may see it; 404 otherwise."""
    _year(year)
    if level is None:
        return access.get_for_user_or_404(Commune.objects.select_related("district", "province"), request.user, pk=pk)
    if not area_level_in_year(level, year):
        raise Http404
    unit = access.get_for_user_or_404(AREA_LEVELS[level], request.user, pk=pk)
    if not access.sees_all(request.user, communes_of_area(unit, year), year):
        raise Http404  # the user may see the unit but not all of its communes
    return unit


def _pack(unit, year: int):
    return commune_pack(unit, year) if isinstance(unit, Commune) else area_pack(unit, year)


def _links(level: str | None, pk: int, year: int, numbers) -> dict:
    """The pack's download URLs: the whole pack's Excel, and each form's Excel and PDF by its number."""
    prefix, args = ("", [pk, year]) if level is None else ("area_", [level, pk, year])
    forms = {
        n: {kind: reverse(f"{prefix}review_form_{kind}", args=[*args, n]) for kind in ("xlsx", "pdf")} for n in numbers
    }
    return {"xlsx": reverse(f"{prefix}review_forms_xlsx", args=args), "forms": forms}


def _page(request, pack, level: str | None, refusal=None, status: int = 200):
    commune = pack.unit if isinstance(pack.unit, Commune) else None
    links = _links(level, pack.unit.pk, pack.year, [f.number for f in pack.forms])
    context = {
        "pack": pack,
        "forms": [(f, links["forms"][f.number]) for f in pack.forms],
        "links": links,
        "refusal": refusal,
        "unit": pack.unit,
        "year": pack.year,
        "commune": commune,
    }
    return render(request, "reports/forms/pack.html", context, status=status)


def _download(request, unit, year: int, level: str | None, kind: str, form: int | None):
    """The pack's file. The pack is built in Vietnamese whatever the user's language, as its files are
    written: an official form's labels (Hộ / Nhân khẩu, Tổng cộng, its notes) are the form's own text."""
    with translation.override("vi"):
        pack = _pack(unit, year)
    try:
        result = export(pack, kind, form)
    except Refused as refused:
        return _page(request, pack, level, refused.failures, status=409)
    return attachment(result.content, result.filename, result.content_type)


@require_GET
@login_required
def pack_page(request, pk: int, year: int, level: str | None = None):
    """The pack's page: the ten forms, their state and their downloads."""
    unit = _unit(request, level, pk, year)
    return _page(request, _pack(unit, year), level)


@require_GET
@login_required
def pack_xlsx(request, pk: int, year: int, level: str | None = None):
    """The ten forms in one workbook."""
    unit = _unit(request, level, pk, year)
    return _download(request, unit, year, level, "xlsx", None)


@require_GET
@login_required
def form_file(request, pk: int, year: int, form: int, kind: str, level: str | None = None):
    """One form, as `kind` ("xlsx" or "pdf")."""
    unit = _unit(request, level, pk, year)
    return _download(request, unit, year, level, kind, _form(form))

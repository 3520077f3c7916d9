"""The review-result pack's pages and downloads: a commune's (rows: villages) and an area's (a district
for years under districts, or a province; rows: communes).

Access through povertyplan/access: the commune as the user may see it (404 outside); an area only when
the user may see the unit and every commune in it (404 otherwise: an official's province, a district
reviewer's neighbour). A download whose form fails a hard check answers the pack's page with the
refusal (409), naming form, row and column."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from households.areas import communes_of_area
from households.models import LAST_DISTRICT_YEAR, Commune, District
from households.units import AREA_LEVELS
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


def _commune(request, pk: int, year: int) -> Commune:
    _year(year)
    return access.get_for_user_or_404(Commune.objects.select_related("district", "province"), request.user, pk=pk)


def _area(request, level: str, pk: int, year: int):
    _year(year)
    model = AREA_LEVELS.get(level)
    if model is None or (model is District and year > LAST_DISTRICT_YEAR):
        raise Http404
    unit = access.get_for_user_or_404(model, request.user, pk=pk)
    if not access.sees_all(request.user, communes_of_area(unit, year), year):
        raise Http404  # the user may see the unit but not all of its communes
    return unit


def _page(request, pack, links: dict, refusal=None, status: int = 200):
    commune = pack.unit if isinstance(pack.unit, Commune) else None
    context = {
        "pack": pack,
        "links": links,
        "refusal": refusal,
        "unit": pack.unit,
        "year": pack.year,
        "commune": commune,
    }
    return render(request, "reports/forms/pack.html", context, status=status)


def _download(request, build, kind: str, form: int | None, links: dict):
    """The pack's file. The pack is built in Vietnamese whatever the user's language, as its files are
    written: an official form's labels (Hộ / Nhân khẩu, Tổng cộng, its notes) are the form's own text."""
    with translation.override("vi"):
        pack = build()
    try:
        result = export(pack, kind, form)
    except Refused as refused:
        return _page(request, pack, links, refused.failures, status=409)
    return attachment(result.content, result.filename, result.content_type)


def _commune_links(commune: Commune, year: int) -> dict:
    """The URL arguments of the pack's downloads (the template picks the commune's or the area's routes)."""
    return {"args": [commune.pk, year]}


def _area_links(level: str, unit, year: int) -> dict:
    return {"args": [level, unit.pk, year]}


@require_GET
@login_required
def review_forms(request, pk: int, year: int):
    commune = _commune(request, pk, year)
    return _page(request, commune_pack(commune, year), _commune_links(commune, year))


@require_GET
@login_required
def review_forms_xlsx(request, pk: int, year: int):
    commune = _commune(request, pk, year)
    return _download(request, lambda: commune_pack(commune, year), "xlsx", None, _commune_links(commune, year))


@require_GET
@login_required
def review_form_xlsx(request, pk: int, year: int, form: int):
    commune = _commune(request, pk, year)
    return _download(request, lambda: commune_pack(commune, year), "xlsx", _form(form), _commune_links(commune, year))


@require_GET
@login_required
def review_form_pdf(request, pk: int, year: int, form: int):
    commune = _commune(request, pk, year)
    return _download(request, lambda: commune_pack(commune, year), "pdf", _form(form), _commune_links(commune, year))


@require_GET
@login_required
def area_review_forms(request, level: str, pk: int, year: int):
    unit = _area(request, level, pk, year)
    return _page(request, area_pack(unit, year), _area_links(level, unit, year))


@require_GET
@login_required
def area_review_forms_xlsx(request, level: str, pk: int, year: int):
    unit = _area(request, level, pk, year)
    return _download(request, lambda: area_pack(unit, year), "xlsx", None, _area_links(level, unit, year))


@require_GET
@login_required
def area_review_form_xlsx(request, level: str, pk: int, year: int, form: int):
    unit = _area(request, level, pk, year)
    return _download(request, lambda: area_pack(unit, year), "xlsx", _form(form), _area_links(level, unit, year))


@require_GET
@login_required
def area_review_form_pdf(request, level: str, pk: int, year: int, form: int):
    unit = _area(request, level, pk, year)
    return _download(request, lambda: area_pack(unit, year), "pdf", _form(form), _area_links(level, unit, year))

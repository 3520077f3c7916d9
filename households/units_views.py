"""Pages of a province administrator: the province's units, a commune's villages, a commune's merge.

Each fetches through access (outside the user's province: 404; a user who may not correct units: 403),
binds a form, calls one service of `households.units` and redirects; a refusal is shown beside the form,
with what was typed kept.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from households import units
from households.models import Commune, Province
from households.units_forms import MergeForm, VersionForm, VillageFormSet
from povertyplan import access


def _admin_commune(request, pk: int) -> Commune:
    return access.get_for_user_or_404(
        Commune.objects.select_related("province", "former_district", "merged_into"), request.user, access.ADMIN, pk=pk
    )


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@login_required
def province_units(request, pk: int):
    """The province's communes in effect (code, kind, former district, villages) and those kept as history."""
    province = access.get_for_user_or_404(Province, request.user, pk=pk)
    communes = Commune.objects.for_user(request.user, access.ADMIN).filter(province=province)
    if not access.admin_may(request.user, Commune, "change"):
        raise PermissionDenied
    rows = list(
        communes.select_related("former_district", "district", "merged_into")
        .annotate(village_count=Count("villages"))
        .order_by("name", "pk")
    )
    context = {
        "province": province,
        "current": [c for c in rows if c.valid_until is None],
        "history": [c for c in rows if c.valid_until is not None],
    }
    return render(request, "households/units/province.html", context)


@login_required
def commune_villages(request, pk: int):
    """The commune's villages as one formset: rename, reorder, add (extra rows left empty add nothing)."""
    commune = _admin_commune(request, pk)
    villages = list(commune.villages.order_by("order", "pk"))
    initial = [{"village_id": v.pk, "name": v.name, "kind": v.kind, "order": v.order} for v in villages]
    refused: list[str] = []
    if request.method == "POST":
        formset = VillageFormSet(request.POST, initial=initial, prefix="villages")
        version = VersionForm(request.POST)
        if formset.is_valid() and version.is_valid():
            by_pk = {v.pk: v for v in villages}
            rows = []
            for form in formset.forms:
                if form.is_blank:
                    continue
                data = form.cleaned_data
                village = by_pk.get(data["village_id"]) if data.get("village_id") else None
                if data.get("village_id") and village is None:
                    raise PermissionDenied  # a village of another commune typed into the form
                order = data["order"] if data.get("order") is not None else (village.order if village else 0)
                rows.append(units.VillageRow(village, data["name"], data["kind"], order))
            try:
                units.save_villages(
                    by=request.user, commune=commune, version=version.cleaned_data["version"], rows=rows
                )
            except ValidationError as exc:
                refused = _messages(exc)
            else:
                messages.success(request, _("Đã lưu danh sách thôn của {commune}.").format(commune=commune))
                return redirect("commune_villages", pk=commune.pk)
    else:
        formset = VillageFormSet(initial=initial, prefix="villages")
        version = VersionForm(initial={"version": commune.version})
    context = {"commune": commune, "formset": formset, "version": version, "refused": refused}
    return render(request, "households/units/villages.html", context)


@login_required
def commune_merge(request, pk: int):
    """Record that the commune was merged into another of its province: the form, a confirmation showing
    what becomes history, then the service."""
    commune = _admin_commune(request, pk)
    if commune.merged_into_id is not None:
        messages.error(
            request, _("{commune} đã sáp nhập vào {into}.").format(commune=commune, into=commune.merged_into)
        )
        return redirect("province_units", pk=commune.province_id)
    form = MergeForm(request.POST or None, user=request.user, commune=commune, initial={"version": commune.version})
    refused: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        error = commune.merge_error(data["into"])
        if error:
            form.add_error("into", error)
        elif request.POST.get("confirm") == "1":
            try:
                units.merge_commune(
                    by=request.user, commune=commune, version=data["version"], into=data["into"], on=data["on"]
                )
            except ValidationError as exc:
                refused = _messages(exc)
            else:
                messages.success(
                    request, _("Đã ghi: {commune} sáp nhập vào {into}.").format(commune=commune, into=data["into"])
                )
                return redirect("province_units", pk=commune.province_id)
        else:
            last_day = data["on"] - datetime.timedelta(days=1)
            context = {"commune": commune, "form": form, "data": data, "last_day": last_day}
            return render(request, "households/units/merge_confirm.html", context)
    return render(request, "households/units/merge.html", {"commune": commune, "form": form, "refused": refused})

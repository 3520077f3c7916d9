"""Pages of the review year: the commune's review (open, progress, close), confirming households as they
are, a household's event, a household that arrived or was split off, the chairman's decision as PDF.

Each fetches through access (404 outside the user's area, 403 for a reviewer's action), calls one service
of households/review.py and answers; a refusal is shown in Vietnamese and nothing is lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from households import review as services
from households.forms import show_refusal
from households.lookups import standard_for_or_none
from households.models import Commune, Household, Review, Village
from households.review_forms import ARRIVING, ArrivalForm, CloseForm, EventForm
from households.review_pages import close_page, review_page
from povertyplan import access, years
from povertyplan.downloads import PDF, attachment
from povertyplan.numbers import format_number
from reports.names import ascii_name
from reports.pdf.decision import decision_lists, render_decision


def _year(year: int) -> int:
    if not years.accepted(year):
        raise Http404
    return year


def _review_url(commune_id: int, year: int) -> str:
    return reverse("review", args=[commune_id, year])


def _village_url(village_id: int, year: int, pending: bool = False) -> str:
    return reverse("village", args=[village_id]) + f"?year={year}" + ("&chua-ra-soat=1" if pending else "")


def _show(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def review(request, pk: int, year: int):
    commune = access.get_for_user_or_404(Commune.objects.select_related("district", "province"), request.user, pk=pk)
    context = review_page(request.user, commune, _year(year))
    return render(request, "households/review/review.html", context)


@login_required
@require_POST
def review_open(request, pk: int, year: int):
    commune = access.get_for_user_or_404(Commune, request.user, access.CHANGE, pk=pk)
    try:
        services.open_review(request.user, commune, _year(year))
    except ValidationError as exc:
        _show(request, exc)
    else:
        _rows, total = services.progress(commune, year)
        messages.success(
            request,
            _("Đã mở đợt rà soát năm {year}: {n} hộ chuyển từ danh sách năm {previous}, chờ rà soát lại.").format(
                year=year, n=format_number(total.pending), previous=year - 1
            ),
        )
    return redirect(_review_url(commune.pk, year))


def _versions(post) -> dict[int, int | None]:
    """The chosen assessments (one button's, or the ticked ones) with the version each row showed."""
    chosen = [post["one"]] if post.get("one") else post.getlist("pick")
    versions = {}
    for key in chosen:
        if key.isascii() and key.isdigit():
            raw = post.get(f"v{key}", "")
            versions[int(key)] = int(raw) if raw.isascii() and raw.isdigit() else None
    return versions


@login_required
@require_POST
def review_confirm(request, pk: int, year: int):
    """Confirm households of the village as they are (one, or the ticked ones)."""
    village = access.get_for_user_or_404(Village.objects.select_related("commune"), request.user, access.CHANGE, pk=pk)
    try:
        n = services.confirm_as_is(request.user, village=village, year=_year(year), versions=_versions(request.POST))
    except ValidationError as exc:
        _show(request, exc)
    else:
        messages.success(
            request, _("Đã xác nhận giữ nguyên kết quả của {n} hộ (năm {year}).").format(n=format_number(n), year=year)
        )
    return redirect(_village_url(village.pk, year, pending=request.POST.get("pending") == "1"))


@login_required
def review_event(request, pk: int, year: int):
    """A household leaving the registry of the year: moved out, died, merged into another."""
    household = access.get_for_user_or_404(
        Household.objects.select_related("village__commune"), request.user, access.CHANGE, pk=pk
    )
    year = _year(year)
    initial = {"household_version": household.version}
    form = EventForm(request.POST or None, user=request.user, household=household, year=year, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.record_event(request.user, household, {**form.cleaned_data, "year": year})
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi biến động của hộ {name}: {kind}.").format(
                    name=household.head_name, kind=event.get_kind_display()
                ),
            )
            return redirect(_village_url(household.village_id, year))
    context = {"form": form, "household": household, "village": household.village, "year": year}
    context["commune"] = household.village.commune
    return render(request, "households/review/event.html", context)


@login_required
def review_add(request, pk: int, year: int, kind: str):
    """A household that moved in, or was split from another of the commune, with its assessment of the year."""
    village = access.get_for_user_or_404(Village.objects.select_related("commune"), request.user, access.CHANGE, pk=pk)
    year = _year(year)
    event_kind = ARRIVING.get(kind)
    if event_kind is None:
        raise Http404
    if standard_for_or_none(year) is None:
        messages.error(request, _("Chưa có chuẩn nghèo áp dụng cho năm {year}.").format(year=year))
        return redirect(_village_url(village.pk, year))
    form = ArrivalForm(
        request.POST or None,
        user=request.user,
        year=year,
        kind=event_kind,
        commune_id=village.commune_id,
        initial={"village": village.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = {"date": data["date"], "other": data.get("other"), "note": data.get("note", "")}
        try:
            created = services.add_household_with_event(
                request.user, kind=event_kind, event=event, data=data, year=year, assessment=data
            )
        except ValidationError as exc:
            form.show_refusal(exc)
        else:
            messages.success(
                request,
                _("Đã thêm hộ {name} ({kind}).").format(
                    name=created.household.head_name, kind=created.get_kind_display()
                ),
            )
            return redirect(_village_url(created.household.village_id, year))
    context = {"form": form, "village": village, "commune": village.commune, "year": year, "kind": event_kind}
    return render(request, "households/review/arrival.html", context)


@login_required
def review_close(request, pk: int, year: int):
    """The close: the decision's number, date and signer, then a confirmation of what becomes final."""
    commune = access.get_for_user_or_404(Commune, request.user, access.CHANGE, pk=pk)
    review = get_object_or_404(Review, commune=commune, year=_year(year))
    if review.is_closed:
        messages.info(request, _("Đợt rà soát năm {year} đã kết thúc.").format(year=year))
        return redirect(_review_url(commune.pk, year))
    form = CloseForm(request.POST or None, initial={"version": review.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") == "1":
            try:
                services.close_review(request.user, review, data.get("version"), data)
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã kết thúc đợt rà soát năm {year}: kết quả rà soát của xã là chính thức.").format(year=year),
                )
                return redirect(_review_url(commune.pk, year))
        else:
            context = close_page(commune, review, form, lists=decision_lists(commune, year))
            return render(request, "households/review/close_confirm.html", context)
    return render(request, "households/review/close.html", close_page(commune, review, form))


@login_required
def review_decision_pdf(request, pk: int, year: int):
    """The chairman's decision with its lists (a draft until the review is closed)."""
    commune = access.get_for_user_or_404(Commune.objects.select_related("district", "province"), request.user, pk=pk)
    review = get_object_or_404(Review.objects.select_related("commune__province"), commune=commune, year=_year(year))
    name = ascii_name("Quyet dinh cong nhan ho ngheo", year, commune)
    return attachment(render_decision(review), f"{name}.pdf", PDF)

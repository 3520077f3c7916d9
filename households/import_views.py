"""Pages of the Excel import: the upload (with its template), the preview with its progress, save, cancel.

Only those who may change the commune import (its officials, superusers): reviewers 403, other
communes 404. The upload stores the file on an ImportJob and answers at once; the parse runs after
the response (households.imports.jobs) and the preview page polls the job's progress.
"""

from __future__ import annotations

import datetime
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from households.imports import guard, jobs, templates
from households.imports.models import ImportJob, ImportKind, ImportStatus
from households.lookups import standard_for_or_none
from households.models import Commune, Indicator
from povertyplan import access, years

KINDS = {"so-lieu": ImportKind.COUNTS, "ho": ImportKind.HOUSEHOLDS}
SHOWN_ROWS = 200  # rows of each preview table shown on the page (the counts are always complete)


class UploadForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Năm"), coerce=int)
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"))

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        this = datetime.date.today().year
        self.fields["year"].choices = [(y, y) for y in range(this - 5, this + 2) if years.accepted(y)]
        self.fields["year"].initial = year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        data = upload.read()
        try:
            guard.check(data)
        except guard.UnreadableFile as exc:
            raise ValidationError(str(exc)) from exc
        return upload.name, data


def _kind(slug: str) -> str:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isascii() and raw.isdigit() and years.accepted(int(raw)) else datetime.date.today().year


@login_required
def upload(request, pk: int, kind: str):
    commune = access.get_for_user_or_404(Commune, request.user, access.CHANGE, pk=pk)
    kind = _kind(kind)
    form = UploadForm(request.POST or None, request.FILES or None, year=_year(request))
    if request.method == "POST" and form.is_valid():
        name, data = form.cleaned_data["file"]
        job = jobs.create(
            by=request.user, commune=commune, year=form.cleaned_data["year"], kind=kind, name=name, data=data
        )
        jobs.start(job)
        return redirect("import_job", pk=job.pk)
    context = {"commune": commune, "kind": kind, "slug": request.resolver_match.kwargs["kind"], "form": form}
    return render(request, "households/imports/upload.html", context)


@login_required
def template(request, pk: int, kind: str):
    commune = access.get_for_user_or_404(Commune, request.user, access.CHANGE, pk=pk)
    kind, year = _kind(kind), _year(request)
    if kind == ImportKind.COUNTS:
        data, name = templates.counts_template(commune, year), f"mau-so-lieu-thon-{year}.xlsx"
    else:
        standard = standard_for_or_none(year)
        if standard is None:
            messages.error(request, _("Chưa có chuẩn nghèo áp dụng cho năm {year}.").format(year=year))
            return redirect(reverse("import_upload", args=[commune.pk, "ho"]) + f"?year={year}")
        indicators = list(Indicator.objects.filter(standard=standard).order_by("number"))
        data, name = templates.households_template(commune, year, indicators), f"mau-danh-sach-ho-{year}.xlsx"
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _job(request, pk: int) -> ImportJob:
    job = access.get_for_user_or_404(ImportJob.objects.select_related("commune"), request.user, access.CHANGE, pk=pk)
    return jobs.expire_if_stuck(job)


@login_required
def job(request, pk: int):
    job = _job(request, pk)
    preview = job.preview or {}
    context = {
        "job": job,
        "commune": job.commune,
        "parsing": job.status == ImportStatus.PARSING,
        "created": preview.get("created", [])[:SHOWN_ROWS],
        "changed": preview.get("changed", [])[:SHOWN_ROWS],
        "unchanged": preview.get("unchanged", [])[:SHOWN_ROWS],
        "replaced": preview.get("replaced", []),
        "errors": job.errors[: SHOWN_ROWS * 5],
        "shown_rows": SHOWN_ROWS,
        "can_save": job.status == ImportStatus.READY and not job.errors and job.preview.get("plan"),
    }
    return render(request, "households/imports/job.html", context)


@login_required
def progress(request, pk: int):
    job = _job(request, pk)
    return JsonResponse({"status": job.status, "done": job.rows_done, "total": job.rows_total, "percent": job.percent})


def _version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


@login_required
@require_POST
def save(request, pk: int):
    job = _job(request, pk)
    try:
        saved = jobs.save(
            by=request.user,
            job=job,
            version=_version(request),
            replace_counts=request.POST.get("replace_counts") == "1",
        )
    except jobs.AlreadySaved:
        messages.info(request, _("Tệp này đã được lưu rồi: không lưu lại lần nữa."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("import_job", pk=job.pk)
    else:
        messages.success(request, _("Đã lưu {n} dòng từ tệp {name}.").format(n=saved, name=job.file_name))
    return redirect(reverse("commune", args=[job.commune_id]) + f"?year={job.year}")


@login_required
@require_POST
def cancel(request, pk: int):
    job = _job(request, pk)
    try:
        jobs.cancel(job=job, version=_version(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("import_job", pk=job.pk)
    messages.info(request, _("Đã huỷ: không lưu gì từ tệp {name}.").format(name=job.file_name))
    return redirect(reverse("commune", args=[job.commune_id]) + f"?year={job.year}")

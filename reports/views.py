"""Downloads of the plan and its tables as PDF. Each fetches through povertyplan.access (404 outside the
user's area) and answers the file; rendering is in reports/pdf/."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from households.models import District
from plans.models import Plan
from plans.pages import program_year, rollup_province
from povertyplan import access
from povertyplan.downloads import PDF, attachment
from reports.models import IssuedCopy
from reports.names import ascii_name
from reports.pdf import render_plan, render_rollup, render_village_table
from reports.pdf.names import plan_file_name


def _plan(request, pk: int) -> Plan:
    qs = Plan.objects.select_related("commune__district", "commune__province", "district__province", "program")
    return access.get_for_user_or_404(qs, request.user, access.VIEW, pk=pk)


def _pdf(data: bytes, name: str) -> HttpResponse:
    return attachment(data, name, PDF)


@login_required
def plan_pdf(request, pk: int):
    """The plan as PDF: once issued, the stored original exactly (with its verification code), else a render."""
    plan = _plan(request, pk)
    stored = IssuedCopy.objects.filter(plan=plan).values_list("pdf", flat=True).first()
    if stored is not None:
        return _pdf(bytes(stored), plan_file_name(plan))
    return _pdf(render_plan(plan), plan_file_name(plan))


@login_required
def plan_village_table_pdf(request, pk: int):
    plan = _plan(request, pk)
    return _pdf(render_village_table(plan), plan_file_name(plan, "-bang-thon"))


@login_required
def rollup_pdf(request, pk: int, year: int):
    district = District.objects.for_user(request.user).filter(pk=pk).first()
    if district is None or not program_year(year):
        raise Http404
    return _pdf(render_rollup(district, year), f"Tong-hop-{year}-huyen-{ascii_name(district.name)}.pdf")


@login_required
def province_rollup_pdf(request, pk: int, year: int):
    if not program_year(year):
        raise Http404
    province = rollup_province(request.user, pk, year)
    return _pdf(render_rollup(province, year), f"Tong-hop-{year}-tinh-{ascii_name(province.name)}.pdf")

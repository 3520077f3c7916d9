"""Pages of the results reports: a plan's reports (and starting the due ones), a report's page with its
editors, its PDF and Excel, and an area's communes against their targets. Each fetches through
povertyplan.access and writes through plans/results.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from households.units import AREA_LEVELS
from plans import result_pages, results
from plans.models import Plan, PlanStatus
from plans.pages import program_year
from plans.result_forms import (
    ReportFieldsForm,
    ResultRowFormSet,
    StartReportForm,
    fields_initial,
    row_initial,
    typed_rows,
)
from plans.result_models import Period, ReportState, ResultReport, RowSource
from povertyplan import access
from povertyplan.downloads import PDF, attachment


def _version(request, name: str = "version") -> int | None:
    raw = request.POST.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


@login_required
def plan_results(request, pk: int):
    """The plan's 6-month and annual reports, with their due dates; its officials start the due ones."""
    qs = Plan.objects.select_related("commune__district", "commune__province")
    plan = access.get_for_user_or_404(qs, request.user, pk=pk)
    if plan.is_district_plan:
        raise Http404
    may_change = access.can(request.user, access.CHANGE, plan)
    errors = []
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = StartReportForm(request.POST)
        if form.is_valid():
            try:
                report = results.start_report(
                    by=request.user, plan=plan, period=form.cleaned_data["period"], version=_version(request)
                )
            except results.AlreadyStarted as exc:
                messages.info(request, exc.messages[0])
                return redirect("result_report", pk=exc.report.pk)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Đã lập báo cáo."))
                return redirect("result_report", pk=report.pk)
        else:
            errors = [_("Kỳ báo cáo không hợp lệ.")]
    context = {
        "plan": plan,
        "slots": result_pages.plan_slots(plan),
        "may_start": may_change and plan.status == PlanStatus.ISSUED,
        "errors": errors,
    }
    return render(request, "plans/results/plan_results.html", context, status=400 if errors else 200)


def _report(request, pk: int, action: str = access.VIEW) -> ResultReport:
    return access.get_for_user_or_404(result_pages.report_of(ResultReport.objects.all()), request.user, action, pk=pk)


ACTIONS = ("rows", "fields", "refresh", "send")


@login_required
def result_report(request, pk: int):
    """A report: the table and charts, the other indicators, the assessment; its officials edit and send it."""
    report = _report(request, pk)
    may_change = report.state == ReportState.DRAFT and access.can(request.user, access.CHANGE, report)
    rows = list(report.rows.all())
    indicators = list(report.indicators.all())
    typed = [r for r in rows if r.source != RowSource.REGISTRY]
    rows_form = ResultRowFormSet(initial=row_initial(typed), prefix="rows")
    fields_form = ReportFieldsForm(initial=fields_initial(report), indicators=indicators)
    errors, status = [], 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404
        if not may_change:
            raise PermissionDenied
        try:
            if action == "rows":
                rows_form = ResultRowFormSet(request.POST, initial=row_initial(typed), prefix="rows")
                if rows_form.is_valid():
                    results.save_rows(
                        by=request.user, report=report, version=_version(request), rows=typed_rows(rows_form)
                    )
                    messages.success(request, _("Đã lưu kết quả theo thôn."))
                    return redirect("result_report", pk=report.pk)
            elif action == "fields":
                fields_form = ReportFieldsForm(request.POST, indicators=indicators)
                if fields_form.is_valid():
                    results.save_report_fields(
                        by=request.user,
                        report=report,
                        version=_version(request),
                        data=fields_form.report_data(),
                        indicators=fields_form.indicator_data(),
                    )
                    messages.success(request, _("Đã lưu nội dung báo cáo."))
                    return redirect("result_report", pk=report.pk)
            elif action == "refresh":
                results.refresh_report(by=request.user, report=report, version=_version(request))
                messages.success(request, _("Đã cập nhật từ sổ hộ."))
                return redirect("result_report", pk=report.pk)
            else:
                results.send_report(by=request.user, report=report, version=_version(request))
                messages.success(request, _("Đã gửi báo cáo."))
                return redirect("result_report", pk=report.pk)
        except ValidationError as exc:
            errors = exc.messages
        status = 400
    table = result_pages.loaded_table(report)
    labels = {str(r.pk): r.village_name for r in typed}
    context = {
        "report": report,
        "plan": report.plan,
        "title": result_pages.title(report),
        "table": table,
        "columns": result_pages.COLUMNS,
        "charts": result_pages.report_charts(report, table),
        "indicators": indicators,
        "may_change": may_change,
        "rows_form": rows_form,
        "row_pairs": [(labels.get(str(f["row"].value())), f) for f in rows_form.forms],
        "fields_form": fields_form,
        "errors": errors,
        "due": result_pages.due_date(report.plan.year, report.period),
    }
    return render(request, "plans/results/report.html", context, status=status)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    return attachment(content, filename, content_type)


@require_GET
@login_required
def result_report_pdf(request, pk: int):
    from reports.pdf.results import render_report, report_filename

    report = _report(request, pk)
    return _download(render_report(report), report_filename(report, "pdf"), PDF)


@require_GET
@login_required
def result_report_xlsx(request, pk: int):
    from reports.xlsx.results import report_workbook

    export = report_workbook(_report(request, pk))
    return _download(export.content, export.filename, export.content_type)


@require_GET
@login_required
def area_results(request, level: str, pk: int, year: int):
    """Every commune of a district (years up to 2025) or a province: its report against its targets."""
    model = AREA_LEVELS.get(level)
    if model is None or not program_year(year):
        raise Http404
    unit = access.get_for_user_or_404(model.objects.all(), request.user, pk=pk)
    if access.menu(request.user).own_commune:
        raise Http404  # a commune's official has its own commune's pages, not the area's
    period = request.GET.get("ky", Period.ANNUAL)
    if period not in Period.values:
        period = Period.ANNUAL
    lines, total = result_pages.area_lines(request.user, unit, year, period)
    context = {
        "unit": unit,
        "level": level,
        "year": year,
        "period": period,
        "periods": Period.choices,
        "lines": lines,
        "total": total,
        "columns": result_pages.COLUMNS,
        "chart": result_pages.area_chart(unit, year, period, lines),
        "due": result_pages.due_date(year, period),
    }
    return render(request, "plans/results/area.html", context)

"""A results report as a Decree-30 BÁO CÁO in PDF: the plan's header (the same issuing body, "Số: 03/BC-UBND",
place and date), the title, the sections (the exits against the targets with the charts, the other
indicators, the assessment), Nơi nhận, the signature, and the per-village table as a landscape annex.
"DỰ THẢO" on every page until the report is sent. The charts are the page's SVG strings
(plans/result_pages.report_charts), inlined as they are.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from plans import result_pages
from plans.document import recipient_line, signature
from plans.models import Recipient, reference
from plans.result_models import Period, ReportState, ResultReport
from plans.result_table import COLUMNS, ROW_NUMBER_LABEL, report_table, value
from povertyplan.numbers import document_date, format_number
from reports.names import ascii_name
from reports.pdf.context import issuing_lines, listed, unit_short
from reports.pdf.render import document_html, pdf_bytes
from reports.pdf.tables import PrintedCell, PrintedTable


def report_filename(report: ResultReport, extension: str) -> str:
    """'Bao-cao-ket-qua-ca-nam-2024-xa-Diem-He.pdf'."""
    when = "6-thang" if report.period == Period.HALF_YEAR else "ca-nam"
    return f"{ascii_name('Bao cao ket qua', when, report.plan.year, report.plan.commune)}.{extension}"


def printed_result_table(table) -> PrintedTable:
    def cells(line):
        out = []
        for c in COLUMNS:
            v = value(line, c.key)
            out.append(PrintedCell("—" if v is None else format_number(v, c.places), True))
        return tuple(out)

    return PrintedTable(
        unit_label=_("Thôn"),
        columns=tuple(str(c.label) for c in COLUMNS),
        numeric=tuple(True for _c in COLUMNS),
        rows=tuple((line.label, cells(line)) for line in table.lines),
        total_label=str(table.total.label),
        total=cells(table.total),
    )


def _recipients(plan) -> list[str]:
    """The plan's recipients it reports to (b/c), then "Lưu: VT"."""
    lines = [
        recipient_line(r) for r in plan.recipients.filter(purpose=Recipient.Purpose.REPORT).order_by("order", "id")
    ]
    return listed((*lines, _("Lưu: VT")), prefix="- ")


def report_context(report: ResultReport) -> dict:
    plan = report.plan
    table = report_table(report)
    charts = result_pages.report_charts(report, table)
    date = document_date(report.report_date) if report.report_date else f"ngày ... tháng ... năm {plan.year}"
    plan_date = document_date(plan.issue_date) if plan.issue_date else ""
    sign = signature(plan)
    sign_lines = [line for line in (report.signing_authority, report.signer_title) if line]
    return {
        "report": report,
        "plan": plan,
        "table": table,
        "printed": printed_result_table(table),
        "row_number_label": ROW_NUMBER_LABEL,
        "charts": charts,
        "indicators": [(i.target_text.rstrip(" .;:"), i.result_text.strip()) for i in report.indicators.all()],
        "parent_body": plan.parent_body,
        "issuing_lines": issuing_lines(plan.issuing_body),
        "reference": reference(report.number, report.symbol),
        "place_date": f"{plan.place}, {date}",
        "summary": result_pages.title(report),
        "intro": _(
            "Thực hiện Kế hoạch số %(ref)s %(date)s của %(body)s về thực hiện Chương trình mục tiêu quốc gia "
            "giảm nghèo bền vững năm %(year)s, %(body)s báo cáo kết quả thực hiện %(when)s như sau:"
        )
        % {
            "ref": plan.reference,
            "date": plan_date,
            "body": unit_short(plan),
            "year": plan.year,
            "when": _("6 tháng đầu năm") if report.period == Period.HALF_YEAR else _("năm %(y)s") % {"y": plan.year},
        },
        "assessment": [line.strip() for line in report.assessment.splitlines() if line.strip()],
        "recipients": _recipients(plan),
        "sign_lines": sign_lines or list(sign.lines),
        "signer": report.signer_name,
        "draft": report.state != ReportState.SENT,
        "title": result_pages.title(report),
        "author": plan.issuing_body,
        "attached": _("(Kèm theo Báo cáo số %(ref)s %(date)s của %(body)s)")
        % {"ref": reference(report.number, report.symbol), "date": date, "body": unit_short(plan)},
    }


def report_html(report: ResultReport) -> str:
    with translation.override("vi"):
        return document_html("reports/pdf/result_report.html", report_context(report))


def render_report(report: ResultReport) -> bytes:
    return pdf_bytes(report_html(report))

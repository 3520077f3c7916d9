"""HTML to PDF: the templates under templates/reports/pdf/, the bundled font, WeasyPrint.

Always under the Vietnamese locale, whatever the user's language. The PDF is ready for electronic issue
(FORMS.md §4): WeasyPrint writes it unencrypted, without JavaScript, with its fonts embedded (subsets of
the bundled Liberation Serif only); its title is the summary and its author the issuing body.
"""

from __future__ import annotations

import base64
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from households.models import LAST_DISTRICT_YEAR, District, Province
from plans.document import MOTTO, NATIONAL_NAME
from plans.models import Plan
from reports.pdf.context import plan_context
from reports.pdf.tables import plan_printed_table, rollup_printed_table

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "Liberation Serif"
FACES = (
    ("Regular", "normal", "normal"),
    ("Bold", "bold", "normal"),
    ("Italic", "normal", "italic"),
    ("BoldItalic", "bold", "italic"),
)


def font_faces() -> list[dict]:
    """The four faces of the bundled font, as file URLs (no fontconfig lookup: the PDF is the same on every
    machine)."""
    return [
        {"url": (FONTS / f"LiberationSerif-{name}.ttf").as_uri(), "weight": weight, "style": style}
        for name, weight, style in FACES
    ]


# The tables alone: every page landscape.
LANDSCAPE = "@page { size: A4 landscape; margin: 20mm 15mm 20mm 20mm; }"


def document_html(template: str, context: dict, extra_css: str = "") -> str:
    """The document's HTML with its style in the head (kept out of the templates: no template of ours
    carries an inline style)."""
    with translation.override("vi"):
        context = {
            **context,
            "font_faces": font_faces(),
            "font_family": FAMILY,
            "national_name": NATIONAL_NAME,
            "motto": MOTTO,
        }
        html = render_to_string(template, context)
        css = render_to_string("reports/pdf/_style.css", context) + extra_css
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def _layout(html: str):
    from weasyprint import HTML  # heavy import, only where a PDF is made

    return HTML(string=html, base_url=str(FONTS)).render()


def pdf_bytes(html: str) -> bytes:
    return _layout(html).write_pdf()


def plan_html(plan: Plan, *, verification=None, place: str = "cell") -> str:
    """The HTML of the plan's PDF. place: where the verification code goes without an annex, "cell" under
    Nơi nhận (beside the signer's room) or "after" the signature block (templates/reports/pdf/plan.html)."""
    with translation.override("vi"):
        context = plan_context(plan, verification)
        if verification is not None:
            context["qr_data_uri"] = "data:image/svg+xml;base64," + base64.b64encode(
                verification.qr_svg.encode()
            ).decode("ascii")
            context["verification_place"] = place
        return document_html("reports/pdf/plan.html", context)


def render_plan(plan: Plan, *, verification=None) -> bytes:
    """The plan as a Decree-30 PDF (a "DỰ THẢO" mark on every page until it is issued).

    With a verification (on issue), the code goes on the last real page and adds no page when there is
    room: under Nơi nhận; if that pushes the signature block onto a page of its own, after the signature
    block instead (on the next page, numbered, only when the last page is truly full)."""
    if verification is None:
        return pdf_bytes(plan_html(plan))
    laid_out = _layout(plan_html(plan, verification=verification))
    if len(laid_out.pages) > len(_layout(plan_html(plan)).pages):
        laid_out = _layout(plan_html(plan, verification=verification, place="after"))
    return laid_out.write_pdf()


def render_village_table(plan: Plan) -> bytes:
    """The plan's per-village table alone, on landscape pages."""
    with translation.override("vi"):
        context = plan_context(plan)
        context["table"] = plan_printed_table(plan, context["parts"].grid)
        return pdf_bytes(document_html("reports/pdf/village_table.html", context, LANDSCAPE))


def render_rollup(unit: District | Province, year: int) -> bytes:
    """The district's table of its communes (or the province's of its districts) for a year, landscape."""
    with translation.override("vi"):
        context = {
            "unit": unit,
            "year": year,
            "table": rollup_printed_table(unit, year),
            "per_district": isinstance(unit, Province) and year <= LAST_DISTRICT_YEAR,
            "title": f"Tổng hợp {unit} năm {year}",
        }
        return pdf_bytes(document_html("reports/pdf/rollup.html", context, LANDSCAPE))

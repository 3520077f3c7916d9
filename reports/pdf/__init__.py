"""TEMPORARY STAND-IN, written by task E (issuing) until the merge: task D owns reports/pdf/ and the
integrator replaces this whole file with D's `render_plan` and `Verification`. Only the two names below
are used by reports/issuing.py; nothing else belongs here."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Verification:
    """TEMPORARY (task D's replaces it): what the last page prints for checking an issued copy."""

    code: str  # grouped as printed, e.g. 7K3Q-M9TX-2B
    url: str  # the absolute URL of the public verification page
    qr_svg: str  # an inline <svg> of the QR code leading to `url`


def render_plan(plan, *, verification: Verification | None = None) -> bytes:
    """TEMPORARY (task D's replaces it): a tiny PDF with the plan's summary and the verification block."""
    from weasyprint import HTML

    number = f"{plan.number:02d}" if plan.number else "..."
    date = plan.issue_date.strftime("%d/%m/%Y") if plan.issue_date else ""
    block = ""
    if verification is not None:
        block = (
            f'<div class="v">{verification.qr_svg}<p>Mã xác thực: {escape(verification.code)}</p>'
            f"<p>{escape(verification.url)}</p></div>"
        )
    html = (
        "<html lang='vi'><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 20mm 15mm 20mm 30mm }"
        "html { font-family: 'Liberation Serif', serif; font-size: 13pt }"
        "</style></head><body>"
        f"<p>{escape(plan.parent_body)}</p><p><b>{escape(plan.issuing_body)}</b></p>"
        f"<p>Số: {number}/{escape(plan.symbol)} – ngày {date}</p>"
        f"<h1>KẾ HOẠCH</h1><p>{escape(plan.summary)}</p>"
        f"<p>{escape(plan.signer_name)}</p>{block}</body></html>"
    )
    return HTML(string=html).write_pdf()

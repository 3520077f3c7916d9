"""A file sent for download: one response shape for every PDF and Excel file the app serves."""

from __future__ import annotations

from django.http import HttpResponse

PDF = "application/pdf"


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """`content` as an attachment named `filename` (an ASCII name: reports/names.ascii_name)."""
    response = HttpResponse(bytes(content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

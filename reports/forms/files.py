"""The pack's downloads: one form or all ten, Excel or PDF, refused when a check fails.

`export(pack, kind, number=None)` returns an `Export` (file name, content type, bytes) or raises
`Refused`, whose message names each failing form, row and column in Vietnamese."""

from __future__ import annotations

from django.utils import translation

from povertyplan.downloads import PDF
from reports.forms import checks
from reports.forms.build import Pack
from reports.names import ascii_name
from reports.xlsx.exports import CONTENT_TYPE, Export, workbook_bytes


class Refused(Exception):
    """An export refused by the hard checks (reports/forms/checks.py)."""

    def __init__(self, failures):
        self.failures = failures
        super().__init__(checks.refusal(failures))


def file_name(pack: Pack, extension: str, number: int | None = None) -> str:
    """'Bieu-1-ra-soat-2024-xa-Diem-He.xlsx'; the whole pack 'Bieu-ra-soat-2024-xa-Diem-He.xlsx'."""
    first = f"Bieu {number}" if number else "Bieu"
    return f"{ascii_name(first, 'ra soat', pack.year, pack.unit)}.{extension}"


def export(pack: Pack, kind: str, number: int | None = None) -> Export:
    """The form `number` (all ten when None) as "xlsx" or "pdf"; Refused when a check fails."""
    forms = [f for f in pack.forms if number is None or f.number == number]
    if not forms:
        raise ValueError(number)
    failures = [failure for f in forms for failure in f.failures]
    if failures:
        raise Refused(failures)
    numbers = None if number is None else [number]
    with translation.override("vi"):
        if kind == "xlsx":
            from reports.xlsx.forms import pack_workbook

            return Export(file_name(pack, "xlsx", number), workbook_bytes(pack_workbook(pack, numbers)), CONTENT_TYPE)
        from reports.pdf.forms import render_forms

        return Export(file_name(pack, "pdf", number), render_forms(pack, numbers), PDF)

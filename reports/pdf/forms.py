"""The review-result forms in PDF (landscape A4), from the same filled pack and definitions as the Excel
file: the forms' header (the committee left, the national motto right, no number and symbol), the title,
the header tree with its merged cells, the column-number row, the rows, the notes and the footer."""

from __future__ import annotations

from django.utils import translation

from povertyplan.numbers import format_number
from reports.forms.build import FilledForm, Pack
from reports.pdf.render import LANDSCAPE, document_html, pdf_bytes


def _cells(filled: FilledForm, row) -> list[dict]:
    out = []
    for c in filled.expanded.columns:
        value = row.values.get(c.key)
        text = format_number(value, 2) if c.is_rate and value is not None else format_number(value)
        out.append({"text": text})
    return out


def _header_rows(filled: FilledForm) -> list[list]:
    expanded = filled.expanded
    rows: list[list] = [[] for _ in range(expanded.depth)]
    for h in expanded.header:
        rows[h.row].append(h)
    return rows


def form_context(pack: Pack, filled: FilledForm) -> dict:
    rows = []
    for row in filled.rows:
        rows.append({"row": row, "cells": [] if row.missing or row.kind == "group" else _cells(filled, row)})
    return {
        "pack": pack,
        "form": filled,
        "subtitle": pack.subtitle,
        "header_rows": _header_rows(filled),
        "rows": rows,
        "stub": [
            {**s, "label": pack.unit_label if s["label"] == "Đơn vị" else s["label"]} for s in filled.definition.stub
        ],
        "width": len(filled.definition.stub) + len(filled.expanded.columns),
        "value_width": len(filled.expanded.columns),
        "narrow": len(filled.expanded.columns) > 12,
        "title": filled.definition.title,
        "author": pack.body,
    }


def render_forms(pack: Pack, numbers: list[int] | None = None) -> bytes:
    """The forms asked for (all ten by default), each starting on a new landscape page."""
    with translation.override("vi"):
        forms = [form_context(pack, f) for f in pack.forms if numbers is None or f.number in numbers]
        context = {"forms": forms, "title": forms[0]["title"] if len(forms) == 1 else pack.body, "author": pack.body}
        return pdf_bytes(document_html("reports/pdf/form.html", context, LANDSCAPE + FORM_CSS))


FORM_CSS = """
.form { break-before: page; }
.form:first-child { break-before: auto; }
.form table.data { font-size: 10pt; }
.form.narrow table.data { font-size: 8pt; }
.form table.data th { font-weight: bold; text-align: center; }
.form table.data tr.numbers th { font-weight: normal; font-style: italic; }
.form table.data tr.group td { font-weight: bold; }
.form table.data tr.sum td { font-weight: bold; }
.form table.data td.missing { font-style: italic; text-align: left; }
.form .form-number { text-align: center; font-weight: bold; margin: 10pt 0 0; font-size: 13pt; }
.form .form-title { text-align: center; font-weight: bold; margin: 0; font-size: 13pt; }
.form .form-sub { text-align: center; font-style: italic; margin: 0 0 6pt; font-size: 12pt; }
.form .note { font-size: 10pt; font-style: italic; margin: 0; }
.form .reason { font-weight: bold; margin: 12pt 0; }
.form .footer { width: 100%; border-collapse: collapse; margin-top: 10pt; font-size: 12pt; break-inside: avoid; }
.form .footer td { width: 50%; text-align: center; vertical-align: top; padding: 0; }
.form .footer p { margin: 0; }
.form .header { font-size: 12pt; }
"""

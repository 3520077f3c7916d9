"""The premise of the tests' layout memo (tests/support/pdf_memo.py): the same HTML gives the same PDF bytes,
whether laid out again or written twice from one layout."""

from __future__ import annotations

from reports.pdf import render


def test_the_same_html_laid_out_twice_writes_the_same_bytes(world):
    html = render.document_html(
        "reports/pdf/rollup.html",
        {"unit": world.districts.van_quan, "year": 2024, "table": None, "per_district": False, "title": "Tổng hợp"},
        render.LANDSCAPE,
    )
    real = render._layout.real_layout
    first = real(html)
    assert first.write_pdf() == real(html).write_pdf() == first.write_pdf()
    assert render._layout(html).write_pdf() == first.write_pdf()

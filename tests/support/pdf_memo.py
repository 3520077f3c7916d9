"""WeasyPrint's layout of a document's HTML made once per test run (registered by tests/conftest.py).

Many tests print the same plan from the same data: the same HTML, laid out again each time. WeasyPrint lays
identical HTML out into identical pages and writes identical bytes (tests/test_pdf_memo.py holds it to
that), so the layout (`reports.pdf.render._layout`) is kept by the HTML it was made from and handed out
again: every test still gets the bytes its own HTML renders to, and a different HTML (another plan, a code,
a language) is laid out afresh. The real function stays reachable as `real_layout` for that check.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import pytest

KEEP = 48  # layouts kept (the most recently used)


@pytest.fixture(autouse=True, scope="session")
def _pdf_layouts_once():
    from reports.pdf import render

    real = render._layout
    kept: OrderedDict[str, object] = OrderedDict()

    def layout(html: str):
        key = hashlib.sha256(html.encode()).hexdigest()
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
        document = kept[key] = real(html)
        if len(kept) > KEEP:
            kept.popitem(last=False)
        return document

    layout.real_layout = real
    render._layout = layout
    yield
    render._layout = real

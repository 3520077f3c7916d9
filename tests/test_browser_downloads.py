"""Real-browser download of the plan's PDF from its page (Playwright's expect_download), on the demo data:
Hà Trung's 2024 plan as published (seed 002). The file is read back: a PDF with the plan's summary."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.pdf_read import ReadPdf
from tests.test_browser_plans import (  # noqa: F401  (fixtures)
    YEAR,
    browser,  # noqa: F401  (module-scoped chromium fixture)
    demo,
    log_in,
    new_page,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_official_downloads_the_plan_pdf_from_the_plan_page(demo, new_page, tmp_path):  # noqa: F811
    from plans.document import document
    from plans.models import Plan

    plan = Plan.objects.get(commune=demo["ha_trung"], year=YEAR)
    page = new_page()
    log_in(page, "xa.hatrung")
    page.goto(f"/ke-hoach/{plan.pk}/")
    actions = page.get_by_test_id("plan-actions")
    expect(actions.get_by_role("link", name="Tải PDF")).to_be_visible()
    with page.expect_download() as info:
        actions.get_by_role("link", name="Tải PDF").click()
    download = info.value
    assert download.suggested_filename == f"KH-{YEAR}-thi-tran-Ha-Trung-ban-{plan.revision}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    flat = ReadPdf(path).flat()
    assert " ".join(document(plan).header.summary.split()) in flat
    assert re.search(r"DỰ THẢO", flat)

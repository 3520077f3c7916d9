"""Real-browser walk to the review-result pack on the demo data: from Điềm He's commune page to the pack's
page, the ten forms with their state, and the download of form 1 in Excel, read back (1.182 households,
31 poor, 61 near-poor)."""

from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import expect

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


def test_official_opens_the_pack_from_the_commune_page_and_downloads_form_1(demo, new_page, tmp_path):  # noqa: F811
    from households.models import Commune

    commune = Commune.objects.get(name="Điềm He")
    page = new_page()
    log_in(page, "xa.diemhe")
    page.goto(f"/xa/{commune.pk}/?year={YEAR}")
    page.get_by_test_id("review-forms-link").click()
    expect(page.get_by_role("heading", name=f"Biểu kết quả rà soát năm {YEAR}")).to_be_visible()
    forms = page.get_by_test_id("forms")
    expect(forms.locator("tr[data-form]")).to_have_count(10)
    expect(forms.locator('tr[data-form="2"]')).to_contain_text("Không có số liệu")
    expect(forms.locator('tr[data-form="1"]')).to_contain_text("Đạt")
    with page.expect_download() as info:
        forms.locator('tr[data-form="1"]').get_by_role("link", name="Excel").click()
    download = info.value
    assert download.suggested_filename == f"Bieu-1-ra-soat-{YEAR}-xa-Diem-He.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    ws = openpyxl.load_workbook(path)["Biểu 1"]
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Tổng cộng")
    from tests.support import xlsx_eval

    assert [xlsx_eval.value(ws, ws.cell(row=total, column=c).coordinate) for c in (3, 5, 7)] == [1182, 31, 61]

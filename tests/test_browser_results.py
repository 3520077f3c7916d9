"""Real-browser flow of a results report: the commune's official opens the annual report of its issued plan,
sees its charts, types the assessment and the report's date, saves, and downloads the PDF, which carries
the typed assessment and the charts' titles."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.pdf_read import ReadPdf
from tests.test_browser_plans import (  # noqa: F401  (fixtures)
    browser,  # noqa: F401  (module-scoped chromium fixture)
    log_in,
    new_page,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ASSESSMENT = "Năm 2024 xã cơ bản hoàn thành chỉ tiêu giảm nghèo; thôn Nà Súng chưa đạt chỉ tiêu thoát cận nghèo."


@pytest.fixture
def annual(plans, world):
    from households.demo import DEMO_PASSWORD
    from plans import results
    from plans.result_models import Period
    from tests.support.results import issued_with_targets, reassess
    from tests.support.world import fresh

    official = world.users.official_diem_he
    official.set_password(DEMO_PASSWORD)
    official.save()
    plan = issued_with_targets(plans, world, {world.villages.na_sung: (1, 1), world.villages.thong_nhat: (2, 3)})
    reassess(official, fresh(world.households.diem_he_poor), 2025, income=1_700_000)
    reassess(official, fresh(world.households.diem_he_near), 2025, income=1_450_000, deprivations=1)
    return results.start_report(by=official, plan=plan, period=Period.ANNUAL, version=plan.version)


def test_official_types_the_assessment_and_downloads_the_report_pdf(annual, new_page, tmp_path):  # noqa: F811
    page = new_page()
    log_in(page, "xa.diemhe")
    page.goto(f"/ke-hoach/{annual.plan_id}/")
    page.get_by_test_id("plan-results-link").get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{annual.plan_id}/ket-qua/$"))
    page.get_by_test_id("open-annual").click()
    expect(page).to_have_url(re.compile(rf"/bao-cao-ket-qua/{annual.pk}/$"))
    expect(page.get_by_test_id("chart-poor").locator("svg rect.bar")).to_have_count(3)  # Thống Nhất: unknown
    expect(page.get_by_test_id("result-table").locator("tr[data-behind]")).to_have_count(1)

    form = page.get_by_test_id("fields-form")
    form.locator("#id_assessment").fill(ASSESSMENT)
    form.locator("#id_report_date").fill("05/12/2024")
    form.locator("#id_number").fill("12")
    form.get_by_test_id("save-fields").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu nội dung báo cáo.")
    expect(page.locator("#id_assessment")).to_have_value(ASSESSMENT)
    page.screenshot(path=str(tmp_path / "result-report.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_test_id("result-pdf").click()
    download = info.value
    assert download.suggested_filename == "Bao-cao-ket-qua-ca-nam-2024-xa-Diem-He.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    flat = ReadPdf(path).flat()
    assert "Số: 12/BC-UBND" in flat and "Điềm He, ngày 05 tháng 12 năm 2024" in flat
    assert "Năm 2024 xã cơ bản hoàn thành chỉ tiêu giảm nghèo" in flat
    assert "Thoát nghèo theo thôn: chỉ tiêu và kết quả" in flat

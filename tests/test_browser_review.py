"""In a real browser: Điềm He's official opens the 2025 review from the commune page, confirms a household
as it is, records the other moving out, closes the review with the chairman's decision and downloads it.
The small world's registry (tests/support/world.py); fixtures and workarounds in tests/test_browser.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.issued import artifact
from tests.support.pdf_read import ReadPdf
from tests.test_browser import browser, log_in, page  # noqa: F401  (module-scoped chromium and its page)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_official_opens_completes_and_closes_the_review_and_gets_the_decision(page, world):  # noqa: F811
    from households.models import HouseholdEvent, Review

    log_in(page, "xa.diemhe")
    page.goto(f"/xa/{world.communes.diem_he.pk}/?year=2024")
    page.get_by_test_id("review-link").get_by_role("link").click()
    expect(page.get_by_test_id("review-not-opened")).to_be_visible()
    page.get_by_test_id("review-open").click()
    expect(page.get_by_test_id("total-pending")).to_have_text("2")
    expect(page.get_by_test_id("review-state")).to_have_text("Đang rà soát")

    page.locator("tr[data-village='Nà Súng']").get_by_test_id("village-pending-link").click()
    expect(page.get_by_test_id("pending-badge")).to_have_count(2)
    page.locator("tr[data-household='Nông Thị Hoa'] input[name=pick]").check()
    page.get_by_test_id("confirm-selected").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xác nhận giữ nguyên kết quả của 1 hộ")
    expect(page.get_by_test_id("pending-badge")).to_have_count(1)

    page.locator("tr[data-household='Hoàng Văn Bình']").get_by_test_id("event-link").click()
    form = page.get_by_test_id("event-form")
    form.get_by_label("Chuyển đi").check()
    form.locator("input[name=date]").fill("02/10/2024")
    form.locator("input[name=note]").fill("Chuyển vào thành phố")
    form.get_by_role("button", name="Ghi biến động").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi biến động của hộ Hoàng Văn Bình: Chuyển đi.")
    assert HouseholdEvent.objects.get().kind == "moved_out"

    page.goto(f"/xa/{world.communes.diem_he.pk}/ra-soat/2025/")
    expect(page.get_by_test_id("total-pending")).to_have_text("0")
    page.get_by_test_id("review-close").click()
    close = page.get_by_test_id("close-form")
    close.locator("input[name=decision_number]").fill("12")
    close.locator("input[name=decision_date]").fill("20/12/2024")
    close.locator("input[name=signer_name]").fill("Hoàng Văn Hùng")
    page.get_by_test_id("close-next").click()
    expect(page.get_by_test_id("close-summary")).to_contain_text("Hộ cận nghèo: 1")
    page.get_by_test_id("close-confirm").click()
    expect(page.get_by_test_id("review-closed")).to_contain_text("Quyết định số 12/QĐ-UBND ngày 20/12/2024")
    assert Review.objects.get().is_closed
    page.screenshot(path=str(artifact("browser-review-closed.png")), full_page=True)

    with page.expect_download() as download:
        page.get_by_test_id("decision-pdf").click()
    saved = artifact("browser-review-decision.pdf")
    download.value.save_as(saved)
    text = ReadPdf(saved).flat()
    assert "Số: 12/QĐ-UBND" in text and "- Hộ cận nghèo: 1 hộ, chiếm 100,00% tổng số hộ (Phụ lục II);" in text
    assert "Nông Thị Hoa" in text and "Hoàng Văn Bình" not in text  # he moved out: on no list of 2025

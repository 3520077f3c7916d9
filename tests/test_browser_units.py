"""The units pages in a real browser: tinh.langson adds a village to Điềm He and records a merge."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.test_browser import browser, log_in, page  # noqa: F401  (module-scoped chromium, en-US page)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_province_admin_adds_a_village_and_records_a_merge(page, world):  # noqa: F811
    from households.models import Commune, Village

    log_in(page, "tinh.langson")
    page.get_by_test_id("nav-units").click()
    expect(page.locator("h1")).to_have_text("Đơn vị hành chính tỉnh Lạng Sơn")
    row = page.locator('tr[data-commune="Điềm He"]')
    row.get_by_role("link", name="Thôn").click()
    expect(page).to_have_url(re.compile(rf"/xa/{world.communes.diem_he.pk}/thon/$"))
    page.locator("input[name=villages-2-name]").fill("Khun Pàu")
    page.locator("select[name=villages-2-kind]").select_option(label="Bản")
    page.locator("input[name=villages-2-order]").fill("3")
    page.get_by_test_id("villages-save").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu danh sách thôn của xã Điềm He.")
    expect(page.locator("input[name=villages-2-name]")).to_have_value("Khun Pàu")
    village = Village.objects.get(commune=world.communes.diem_he, name="Khun Pàu")
    assert (village.kind, village.order) == ("ban", 3)

    page.get_by_role("link", name=re.compile("Đơn vị hành chính")).first.click()
    page.locator('tr[data-commune="Tri Lễ"]').get_by_role("link", name="Sáp nhập…").click()
    page.get_by_label("Sáp nhập vào").select_option(label="xã Điềm He")
    page.get_by_label("Ngày sáp nhập có hiệu lực").fill("01/07/2025")
    page.get_by_test_id("merge-next").click()
    expect(page.get_by_test_id("merge-summary")).to_contain_text("có hiệu lực đến ngày 30/06/2025")
    page.get_by_test_id("merge-confirm").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi: xã Tri Lễ sáp nhập vào xã Điềm He.")
    expect(page.get_by_test_id("province-history")).to_contain_text("xã Điềm He")
    page.screenshot(path="/tmp/h5/units.png", full_page=True)
    tri_le = Commune.objects.get(pk=world.communes.tri_le.pk)
    assert (tri_le.valid_until, tri_le.merged_into_id) == (datetime.date(2025, 6, 30), world.communes.diem_he.pk)

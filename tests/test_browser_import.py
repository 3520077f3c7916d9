"""The Excel import in a real browser: from the commune page, upload a file, watch it read, see the preview, save."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.xlsx import COUNT_HEADER, xlsx
from tests.test_browser import browser, log_in, page  # noqa: F401  (module-scoped chromium, en-US page)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_counts_uploaded_previewed_and_saved(page, world, tmp_path, settings):  # noqa: F811
    from households.models import VillageCount

    settings.IMPORTS_IN_BACKGROUND = True  # the parse runs after the upload; the page polls its progress
    path = tmp_path / "so-lieu-2024.xlsx"
    path.write_bytes(
        xlsx([COUNT_HEADER, ["Nà Súng", None, None, None, None], ["Thống Nhất", "1.090", 15, 20, "Rà soát"]])
    )
    log_in(page)
    page.goto(f"/xa/{world.communes.diem_he.pk}/?year=2024")
    page.get_by_test_id("import-link").click()
    with page.expect_download() as download:
        page.get_by_test_id("download-template").click()
    assert download.value.suggested_filename == "mau-so-lieu-thon-2024.xlsx"
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_test_id("upload").click()
    expect(page).to_have_url(re.compile(r"/nhap-excel/\d+/$"))
    expect(page.get_by_test_id("summary")).to_contain_text("Thay đổi: 1")
    expect(page.get_by_test_id("changed")).to_contain_text("82 / 4 / 12 → 1.090 / 15 / 20")
    page.get_by_test_id("save").dblclick()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu 1 dòng từ tệp so-lieu-2024.xlsx.")
    count = VillageCount.objects.get(village=world.villages.thong_nhat, year=2024)
    assert (count.total_households, count.poor, count.near_poor, count.source, count.version) == (
        1090,
        15,
        20,
        "Nhập từ Excel (so-lieu-2024.xlsx): Rà soát",  # the file it came from (households.imports.origin)
        2,
    )
    expect(page.get_by_test_id("total-households")).to_have_text("1.092")  # Nà Súng from its 2 households + 1.090

"""In a real browser, under the Content-Security-Policy: the pages run without a single violation, the
selects that submit on change still do (static/js/app.js), and the village search leaves no name in the URL.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser import browser, log_in, page  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _collect_violations(page):  # noqa: F811
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return violations


def test_the_year_picker_submits_on_change_without_any_csp_violation(page, world):  # noqa: F811
    violations = _collect_violations(page)
    log_in(page)
    village = world.villages.na_sung
    page.goto(f"/thon/{village.pk}/?year=2024")
    page.locator("#year-picker").select_option("2023")
    expect(page).to_have_url(re.compile(rf"/thon/{village.pk}/\?year=2023$"))
    assert violations == []


def test_the_village_search_by_name_keeps_the_name_out_of_the_address_bar(page, world):  # noqa: F811
    violations = _collect_violations(page)
    log_in(page)
    village = world.villages.na_sung
    page.goto(f"/thon/{village.pk}/?year=2024")
    filters = page.get_by_test_id("filters")
    filters.locator("input[name=q]").fill("Hoàng")
    filters.get_by_role("button", name="Lọc", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/thon/{village.pk}/\?year=2024$"))
    expect(page.get_by_role("link", name="Hoàng Văn Bình")).to_be_visible()
    expect(page.get_by_role("link", name="Nông Thị Hoa")).to_have_count(0)
    assert violations == []

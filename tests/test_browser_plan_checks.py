"""Real-browser tests of what the plan pages show on the demo data: Hà Trung's transcribed plan flags its
printed year-end total, Điềm He's table typed as published flags only Nà Súng's near-poor rate, units
cannot reach each other's plans, empty text sections show a dash. Fixtures and helpers: tests/test_browser_plans.py."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from povertyplan.numbers import format_rate
from tests.test_browser import browser  # noqa: F401  (module-scoped chromium fixture)
from tests.test_browser_plans import (  # noqa: F401  (the fixtures demo, new_page, shots)
    SIGNER,
    YEAR,
    assert_no_template_leaks,
    demo,
    expect_status,
    grid_row,
    log_in,
    new_page,
    shots,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_ha_trung_transcribed_plan_flags_its_printed_year_end_total(demo, new_page):  # noqa: F811
    from plans.models import Plan

    ha_trung = demo["ha_trung"]
    plan = Plan.objects.get(commune=ha_trung, year=YEAR)
    page = new_page()
    log_in(page, "xa.hatrung")
    page.goto(f"/xa/{ha_trung.pk}/ke-hoach/")
    page.get_by_test_id("plan-list").get_by_role("link", name=f"Kế hoạch năm {YEAR}").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/$"))
    expect_status(page, "Dự thảo")
    expect(page.get_by_text("nhập lại từ văn bản đã in")).to_be_visible()
    errors = page.get_by_test_id("findings").locator("li[data-severity=error]")
    expect(errors).to_have_count(1)
    expect(errors).to_have_attribute("data-code", "total_not_sum")
    expect(errors).to_contain_text("31")
    expect(errors).to_contain_text("22")
    expect(page.get_by_test_id("error-count")).to_have_text("1 lỗi")
    link = errors.get_by_role("link")
    expect(link).to_have_attribute("href", "#village-table-total-poor_end")
    cell = page.locator("#village-table-total-poor_end")
    expect(cell).to_have_class(re.compile(r"\bcell-flagged\b"))
    expect(cell).to_contain_text("22")  # the sum of the rows
    expect(cell.locator(".printed")).to_have_text("in: 31")  # and what the document printed
    expect(page.locator("#village-table .cell-flagged")).to_have_count(1)  # only that cell
    link.click()
    expect(page).to_have_url(re.compile(r"#village-table-total-poor_end$"))
    expect(cell).to_be_in_viewport()
    expect(page.get_by_test_id("do-submit")).to_be_disabled()
    assert_no_template_leaks(page)


def test_units_cannot_reach_each_others_plans_or_pages(demo, new_page):  # noqa: F811
    from plans.creation import create_plan

    plan = create_plan(by=demo["users"]["xa.diemhe"], commune=demo["diem_he"], year=YEAR)
    url = f"/ke-hoach/{plan.pk}/"

    # The reviewer of Điềm He's district reads it (the URL is right)...
    own = new_page()
    log_in(own, "huyen.vanquan")
    assert own.goto(url).status == 200
    expect(own.get_by_role("heading", level=1)).to_contain_text("Điềm He")

    # ...the reviewer of another district, and another commune's official, do not even learn it exists.
    for username in ("huyen.hatrung", "xa.hatrung"):
        other = new_page()
        log_in(other, username)
        for path in (url, f"{url}thay-doi/", f"{url}bang-thon/"):
            response = other.goto(path)
            assert response.status == 404, (username, path, response.status)
            expect(other.locator("body")).not_to_contain_text("Điềm He")

    # A commune's official has no review queue.
    official = new_page()
    log_in(official, "xa.diemhe")
    assert official.goto(url).status == 200
    expect(official.get_by_test_id("nav-review")).to_have_count(0)
    assert official.goto("/tham-dinh/").status == 403


def test_empty_text_sections_show_a_dash(demo, new_page):  # noqa: F811
    """A new plan has no purpose, general goal or tasks yet: the page says so with "—", not a blank card."""
    from plans.creation import create_plan

    plan = create_plan(by=demo["users"]["xa.diemhe"], commune=demo["diem_he"], year=YEAR)
    assert set(plan.outline.filter(key__in=["purpose", "goals", "tasks"]).values_list("text", flat=True)) == {""}
    page = new_page()
    log_in(page, "xa.diemhe")
    page.goto(f"/ke-hoach/{plan.pk}/")
    expect(page.get_by_test_id("plan-status")).to_have_text("Dự thảo")  # the page is there
    expect(page.locator("#text-purpose")).to_have_text("—", timeout=1_000)
    for section in ("#purpose", "#tasks"):
        body = page.locator(f"{section} .card-body")
        expect(body.locator("h2")).to_be_visible()
        expect(body).to_contain_text("—", timeout=1_000)


def test_diem_he_table_typed_as_published_flags_only_na_sungs_near_poor_rate(demo, new_page, shots):  # noqa: F811
    """Seed 000 typed into the grid of a transcribed plan, cell by cell as printed: exactly one error."""
    from plans.data.seed_tables import _DIEM_HE_ROWS, diem_he_2024
    from plans.models import Plan

    diem_he = demo["diem_he"]
    page = new_page()
    log_in(page, "xa.diemhe")
    page.goto(f"/xa/{diem_he.pk}/ke-hoach/")
    create = page.get_by_test_id("create-plan")
    create.locator("select[name=year]").select_option(str(YEAR))
    create.get_by_role("button", name="Lập kế hoạch").click()
    expect(page).to_have_url(re.compile(r"/ke-hoach/\d+/$"))
    plan_id = int(re.search(r"/ke-hoach/(\d+)/", page.url)[1])

    # Mark it as a plan typed from paper: the grid gains the columns "as printed".
    page.get_by_test_id("edit-header").click()
    page.locator("#id_transcribed").check()
    page.locator("#id_signer_name").fill(SIGNER)
    page.locator("main form").get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("nhập lại từ văn bản đã in")).to_be_visible()

    page.goto(f"/ke-hoach/{plan_id}/bang-thon/")
    for key, _label, _households, _poor, poor_rate, exits_poor, _near, near_rate, exits_near in _DIEM_HE_ROWS:
        row = grid_row(page, key)
        row.locator("input[name$='-printed_poor_rate']").fill(poor_rate.replace(".", ","))
        row.locator("input[name$='-exits_poor']").fill(str(exits_poor))
        row.locator("input[name$='-printed_near_poor_rate']").fill(near_rate.replace(".", ","))
        row.locator("input[name$='-exits_near_poor']").fill(str(exits_near))
    totals = diem_he_2024().totals
    printed = page.get_by_test_id("printed-totals")
    for name in ("households", "poor_start", "exits_poor", "near_poor_start", "exits_near_poor"):
        printed.locator(f"input[name='totals-{name}']").fill(str(getattr(totals, name)))
    for name in ("printed_poor_rate", "printed_near_poor_rate"):
        printed.locator(f"input[name='totals-{name}']").fill(format_rate(getattr(totals, name)).rstrip("%"))
    page.get_by_test_id("save-grid").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan_id}/#village-table$"))

    errors = page.get_by_test_id("findings").locator("li[data-severity=error]")
    expect(errors).to_have_count(1)
    expect(errors).to_have_attribute("data-code", "rate_mismatch")
    expect(errors).to_contain_text("Nà Súng")
    expect(errors).to_contain_text("0,93")
    expect(errors).to_contain_text("6,63")
    expect(page.get_by_test_id("do-submit")).to_be_disabled()
    page.screenshot(path=str(shots / "browser-plans-diem-he-as-published.png"), full_page=True)
    # The link of the finding leads to the cell it concerns.
    target = errors.locator("a").get_attribute("href")
    assert target and target.startswith("#"), target
    expect(page.locator(target)).to_have_count(1)
    assert Plan.objects.get(pk=plan_id).error_count == 1

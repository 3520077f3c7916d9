"""A real browser edits a plan's outline: adds a sub-section, moves it, edits its text; the plan page shows
it numbered as the PDF prints it: by its place among the printed nodes, "không in" while it is empty
(tests/test_browser.py for the fixtures)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser import browser  # noqa: F401  (module-scoped chromium fixture)
from tests.test_browser_plans import (  # noqa: F401  (the fixtures demo, new_page, shots)
    YEAR,
    assert_no_template_leaks,
    demo,
    log_in,
    new_page,
    shots,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_official_adds_a_subsection_moves_it_and_edits_its_text(demo, new_page, shots):  # noqa: F811
    from plans.creation import create_plan

    plan = create_plan(by=demo["users"]["xa.diemhe"], commune=demo["diem_he"], year=YEAR)
    page = new_page()
    log_in(page, "xa.diemhe")
    page.goto(f"/ke-hoach/{plan.pk}/")
    page.get_by_test_id("edit-outline").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/dan-y/$"))

    # 1. Two points under "Nhiệm vụ và giải pháp".
    for heading in ("Tuyên truyền, vận động", "Hỗ trợ sinh kế"):
        page.goto(f"/ke-hoach/{plan.pk}/dan-y/")
        page.locator("[data-testid=outline-row][data-key=tasks]").get_by_test_id("add-child").click()
        form = page.get_by_test_id("outline-add-form")
        expect(form.locator("select[name=style]")).to_have_value("arabic")
        form.locator("select[name=style]").select_option("letter")
        form.locator("input[name=heading]").fill(heading)
        form.get_by_test_id("save-node").click()
        expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/#muc-\d+$"))
    tasks = page.locator("section#tasks")
    points = tasks.locator("[data-level='2'] [data-testid=node-title]")
    # Empty, the two points will not print: no number, a "không in" badge each.
    expect(points).to_have_text(["Tuyên truyền, vận động", "Hỗ trợ sinh kế"])
    expect(tasks.locator("[data-level='2'] [data-testid=not-printed]")).to_have_count(2)

    # 2. Move the second one up.
    page.get_by_test_id("edit-outline").click()
    second = page.locator("[data-testid=outline-row]", has_text="Hỗ trợ sinh kế")
    second.get_by_test_id("move-up").click()
    expect(page).to_have_url(re.compile(r"/dan-y/#outline-muc-\d+$"))
    headings = page.get_by_test_id("outline-heading")
    expect(headings.filter(has_text="Hỗ trợ sinh kế")).to_have_count(1)
    page.get_by_test_id("back-to-plan").click()
    expect(points).to_have_text(["Hỗ trợ sinh kế", "Tuyên truyền, vận động"])

    # 3. Its own "Sửa" opens its editor; the text typed shows under its heading, which now prints as a).
    point = tasks.locator("[data-level='2']", has_text="Hỗ trợ sinh kế")
    key = point.get_attribute("data-key")
    point.get_by_test_id(f"edit-{key}").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/dan-y/{key}/$"))
    page.locator("textarea[name=text]").fill("Hỗ trợ bò giống cho 5 hộ nghèo.\nTập huấn kỹ thuật chăn nuôi.")
    page.get_by_test_id("save-node").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/#{key}$"))
    expect(page.locator(f"#text-{key} p")).to_have_text(
        ["Hỗ trợ bò giống cho 5 hộ nghèo.", "Tập huấn kỹ thuật chăn nuôi."]
    )
    expect(points).to_have_text(["a) Hỗ trợ sinh kế", "Tuyên truyền, vận động"])
    expect(tasks.locator("[data-level='2'] [data-testid=not-printed]")).to_have_count(1)
    # "Nhiệm vụ và giải pháp" now prints, numbered among the printed sections.
    expect(tasks.locator("h2[data-testid=node-title]")).to_have_text("III. NHIỆM VỤ VÀ GIẢI PHÁP")
    assert_no_template_leaks(page)
    page.screenshot(path=str(shots / "outline-tasks.png"), full_page=True)

    # The outline editor shows the printed number beside the stored style.
    page.get_by_test_id("edit-outline").click()
    row = page.locator("[data-testid=outline-row]", has_text="Hỗ trợ sinh kế")
    expect(row.get_by_test_id("outline-number")).to_have_text("a)")
    other = page.locator("[data-testid=outline-row]", has_text="Tuyên truyền, vận động")
    expect(other.get_by_test_id("not-printed")).to_have_count(1)
    page.screenshot(path=str(shots / "outline-editor-numbers.png"), full_page=True)

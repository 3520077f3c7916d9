"""In an English (en-US) browser, numbers are typed "1.509" and dates "05/04/2026", and read back so.

A browser's own number and date inputs follow its locale: `type=number` refused "1.509" and read
"3.000" as 3; `type=date` showed mm/dd/yyyy. The app's inputs are text inputs read by its own parser.
"""

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


def test_counts_typed_with_a_thousands_dot_are_saved_and_shown_back(page, world):  # noqa: F811
    from households.models import VillageCount

    village = world.villages.thong_nhat
    log_in(page)
    assert page.evaluate("navigator.language") == "en-US"
    page.goto(f"/xa/{world.communes.diem_he.pk}/so-lieu/2024/")
    total = page.locator(f"input[name='v{village.pk}-total_households']")
    expect(total).to_have_attribute("type", "text")
    expect(total).to_have_attribute("inputmode", "numeric")
    total.fill("")
    total.press_sequentially("1.509")  # keystrokes, as a person types
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page).to_have_url(re.compile(rf"/xa/{world.communes.diem_he.pk}/\?year=2024$"))

    assert VillageCount.objects.get(village=village, year=2024).total_households == 1509
    page.goto(f"/xa/{world.communes.diem_he.pk}/so-lieu/2024/")
    expect(page.locator(f"input[name='v{village.pk}-total_households']")).to_have_value("1.509")


def test_a_reporting_due_date_is_typed_day_first_and_shown_back(page, world):  # noqa: F811
    from plans.creation import create_plan
    from plans.models import ReportingItem

    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2024)
    log_in(page)
    page.goto(f"/ke-hoach/{plan.pk}/phan/bao-cao/")
    form = page.get_by_test_id("part-form")
    new = int(form.locator("input[name$='-INITIAL_FORMS']").input_value())
    row = f"reporting-{new}"  # the blank row at the end
    form.locator(f"[name='{row}-order']").fill("9")
    form.locator(f"[name='{row}-what']").fill("Báo cáo nhập thử ngày")
    due = form.locator(f"[name='{row}-due_date']")
    expect(due).to_have_attribute("type", "text")
    expect(due).to_have_attribute("placeholder", "dd/mm/yyyy")
    due.press_sequentially("05/04/2026")
    page.get_by_test_id("save-part").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/#"))

    item = ReportingItem.objects.get(plan=plan, what="Báo cáo nhập thử ngày")
    assert item.due_date == datetime.date(2026, 4, 5)  # 5 April, not 4 May
    page.goto(f"/ke-hoach/{plan.pk}/phan/bao-cao/")
    form = page.get_by_test_id("part-form")
    saved = form.locator(f"input[name$='-id'][value='{item.pk}']").get_attribute("name").removesuffix("-id")
    expect(form.locator(f"[name='{saved}-due_date']")).to_have_value("05/04/2026")

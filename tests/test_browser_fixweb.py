"""In a real browser, "Thêm dòng" on a list part adds a row built from the formset's empty form (the
script is a static file: the security policy forbids inline scripts), numbered after the last row; it saves."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser import browser, log_in, page  # noqa: F401  (module-scoped chromium, en-US page)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_add_row_adds_a_numbered_row_that_saves_after_the_others(page, world):  # noqa: F811
    from plans.creation import create_plan
    from plans.models import Recipient

    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2024)
    before = list(Recipient.objects.filter(plan=plan).values_list("name", "order"))
    highest = max(order for _name, order in before)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page)
    page.goto(f"/ke-hoach/{plan.pk}/phan/noi-nhan/")
    form = page.get_by_test_id("part-form")
    total = form.locator("input[name='recipients-TOTAL_FORMS']")
    offered = int(total.input_value())
    assert offered == len(before) + 2  # two blank rows without script
    form.get_by_test_id("add-row").click()
    expect(total).to_have_value(str(offered + 1))
    new = form.locator(f"[name='recipients-{offered}-order']")
    expect(new).to_have_value(str(highest + 3))  # after the two blank rows' highest + 1, highest + 2
    form.locator(f"[name='recipients-{offered}-name']").fill("Hội Cựu chiến binh xã")
    form.get_by_test_id("add-row").click()  # a second added row, left blank: not saved
    expect(total).to_have_value(str(offered + 2))
    page.get_by_test_id("save-part").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/#recipients$"))

    after = list(Recipient.objects.filter(plan=plan).values_list("name", "order"))
    assert after == [*before, ("Hội Cựu chiến binh xã", highest + 3)]
    assert errors == []

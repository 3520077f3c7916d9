"""Real-browser acceptance tests: headless Debian chromium driven through Playwright's sync API.

Chromium starts once per module; each test gets a fresh context (cookies, language) and page. The
server is pytest-django's `live_server`, which runs in another thread, so these tests use
`transactional_db`; `serialized_rollback` restores the reference data (standards, ethnicities,
causes) that migration 0003 loads and that the flush after each transactional test would remove.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from povertyplan.numbers import format_number, format_rate, rate
from tests.support.world import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = "/usr/bin/chromium"
# Without these flags Chromium floods the closed network (and refuses to run as root without --no-sandbox).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker) -> Browser:
    """One chromium for the module.

    Between two sync calls Playwright marks its event loop as running in this thread. Django's
    `connections` then keep their connection objects in a context variable instead of the thread-local
    storage (asgiref's thread-critical Local), so the tests get a fresh connection object that lacks the
    `_test_serialized_contents` that `django_db_setup` stored on the thread-local one: serialized rollback
    would silently be skipped and the reference data of migration 0003 lost after the first test. Carry it
    over, and close those connections before the loop goes (PostgreSQL refuses to drop a test database
    that still has a client).
    """
    from django.db import connections

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        try:
            yield browser
        finally:
            browser.close()
            with django_db_blocker.unblock():
                connections.close_all()


@pytest.fixture
def page(browser, live_server) -> Page:
    # An English browser, as on many office computers: the app must still answer in Vietnamese.
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def vn_int(text: str) -> int:
    """'1.182' -> 1182 (Vietnamese thousands separator)."""
    return int(text.strip().replace(".", ""))


def log_in(page: Page, username: str = "xa.diemhe") -> None:
    page.goto("/dang-nhap/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/dang-nhap/"))  # logged in and redirected


def read_commune_summary(page: Page) -> tuple[int, int]:
    """'5 hộ nghèo / 84 hộ · 5,95%' -> (5, 84)."""
    text = page.get_by_test_id("commune-summary").inner_text()
    match = re.search(r"([\d.]+) hộ nghèo / ([\d.]+) hộ\b", text)
    assert match, text
    return vn_int(match[1]), vn_int(match[2])


def read_village_figures(page: Page) -> tuple[int, int, str]:
    total = vn_int(page.get_by_test_id("village-total").inner_text())
    poor = vn_int(page.get_by_test_id("village-poor").inner_text())
    rate_text = page.get_by_test_id("village-poor-rate").inner_text().strip()
    return total, poor, rate_text


def test_official_adds_a_poor_household_and_the_counts_follow(page, world, live_server, tmp_path):
    from households.models import Household

    commune = world.communes.diem_he
    village = world.villages.na_sung

    log_in(page)
    expect(page.get_by_test_id("needs")).to_be_visible()  # the home page: what needs the official first
    page.get_by_test_id("home-commune-link").click()
    expect(page).to_have_url(re.compile(rf"/xa/{commune.pk}/\?year=\d{{4}}$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_test_id("whoami")).to_be_visible()
    commune_url = page.url
    old_commune_poor, old_commune_total = read_commune_summary(page)

    # Open the village from the village table.
    page.get_by_test_id("village-table").get_by_role("link", name=re.compile(r"\bNà Súng$")).click()
    expect(page).to_have_url(re.compile(rf"/thon/{village.pk}/\?year=\d{{4}}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nà Súng")
    village_url = page.url
    old_total, old_poor, old_rate = read_village_figures(page)
    assert old_rate == format_rate(rate(old_poor, old_total))  # the page agrees with itself before we start

    # Add a household: income under the rural line and three deprivations make it poor.
    page.get_by_role("link", name="Thêm hộ").click()
    expect(page).to_have_url(re.compile(rf"/thon/{village.pk}/them-ho/"))
    form = page.locator("main form[method=post]")
    form.get_by_label("Họ tên chủ hộ").fill("Lường Văn Tâm")
    form.get_by_label("Số nhân khẩu").fill("5")
    form.get_by_label("Dân tộc").select_option(label="Tày")
    # Digits only: typed with thousands dots it is stored as 1 đ (see the xfail test at the end).
    form.get_by_label("Thu nhập bình quân").fill("1000000")
    deprivations = form.locator("#div_id_deprivations input[type=checkbox]")
    assert deprivations.count() >= 3
    for i in range(3):
        deprivations.nth(i).check()
    form.get_by_role("button", name="Lưu").click()

    # Back on the village page, with the figures moved by one.
    expect(page).to_have_url(village_url)
    expect(page.get_by_role("alert")).to_contain_text("Lường Văn Tâm")
    new_total, new_poor, new_rate = read_village_figures(page)
    assert (new_total, new_poor) == (old_total + 1, old_poor + 1)
    assert new_rate == format_rate(rate(new_poor, new_total))
    assert new_rate != old_rate
    assert re.fullmatch(r"\d{1,3},\d\d%", new_rate), new_rate  # Vietnamese decimal comma
    row = page.locator("table tbody tr", has=page.get_by_role("link", name="Lường Văn Tâm", exact=True))
    expect(row).to_have_count(1)
    expect(row.locator(".badge")).to_have_text(["Hộ nghèo"])
    expect(row).to_contain_text("1.000.000")
    expect(row).to_contain_text("Tày")
    assert Household.objects.filter(village=village, head_name="Lường Văn Tâm").count() == 1
    page.screenshot(path=str(tmp_path / "village-after-add.png"), full_page=True)

    # The commune summary counts the new household too.
    page.goto(commune_url)
    commune_poor, commune_total = old_commune_poor + 1, old_commune_total + 1
    summary = page.get_by_test_id("commune-summary")
    expect(summary).to_contain_text(f"{format_number(commune_poor)} hộ nghèo / {format_number(commune_total)} hộ")
    expect(summary).to_contain_text(format_rate(rate(commune_poor, commune_total)))
    expect(page.get_by_test_id("total-households")).to_have_text(format_number(commune_total))
    expect(page.get_by_test_id("total-poor")).to_have_text(format_number(commune_poor))
    na_sung_row = page.locator("tr[data-village='Nà Súng']")
    expect(na_sung_row.locator("td").nth(2)).to_have_text(format_number(new_total))
    expect(na_sung_row.locator("td").nth(3)).to_have_text(format_number(new_poor))
    expect(na_sung_row.locator("td").nth(4)).to_have_text(new_rate)

    page.screenshot(path=str(tmp_path / "commune-after-add.png"), full_page=True)


def test_household_form_errors_are_shown_in_vietnamese_and_nothing_is_saved(page, world, live_server):
    from households.models import Assessment, Household

    village = world.villages.na_sung
    households_before, assessments_before = Household.objects.count(), Assessment.objects.count()

    log_in(page)
    page.goto(f"/thon/{village.pk}/?year=2024")
    page.get_by_role("link", name="Thêm hộ").click()
    form = page.locator("main form[method=post]")
    form.get_by_label("Họ tên chủ hộ").fill("")
    form.get_by_label("Số nhân khẩu").fill("4")
    form.get_by_label("Dân tộc").select_option(label="Tày")
    # type=number fields would refuse letters; the form is `novalidate`, so the server must judge.
    income = form.get_by_label("Thu nhập bình quân")
    if income.get_attribute("type") == "number":
        income.evaluate("el => { el.type = 'text'; }")
    income.fill("abc")
    form.get_by_role("button", name="Lưu").click()

    expect(page).to_have_url(re.compile(rf"/thon/{village.pk}/them-ho/"))
    name_error = page.locator("#div_id_head_name .invalid-feedback")
    income_error = page.locator("#div_id_income_per_capita .invalid-feedback")
    expect(name_error).to_be_visible()
    expect(name_error).to_contain_text("bắt buộc")
    expect(income_error).to_be_visible()
    expect(income_error).to_contain_text("số nguyên")
    expect(page.locator("#id_head_name")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_income_per_capita")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_members")).to_have_value("4")  # what was typed is kept
    assert (Household.objects.count(), Assessment.objects.count()) == (households_before, assessments_before)


def test_language_switch_sets_the_html_lang(page, world, live_server):
    log_in(page)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "vi")  # Vietnamese by default, though the browser asks for English
    here = page.url
    switch = page.locator("nav select[name=language]")

    # By value: the option's label is "Tiếng Anh" on a Vietnamese page (see the xfail test below).
    switch.select_option(value="en")  # onchange submits the form
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(here)  # set_language sends us back where we were
    expect(switch).to_have_value("en")

    page.reload()  # the choice is remembered (cookie), not only for one response
    expect(html).to_have_attribute("lang", "en")

    switch.select_option(value="vi")
    expect(html).to_have_attribute("lang", "vi")
    expect(page).to_have_url(here)
    expect(switch).to_have_value("vi")


def test_language_switch_names_each_language_in_itself(page, world, live_server):
    log_in(page)
    switch = page.locator("nav select[name=language]")
    expect(switch.locator("option")).to_have_text(["Tiếng Việt", "English"], timeout=1_000)
    switch.select_option(label="English", timeout=1_000)
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=1_000)
    expect(switch.locator("option")).to_have_text(["Tiếng Việt", "English"], timeout=1_000)


def test_income_typed_with_thousands_dots_is_read_as_a_million(page, world, live_server):
    from households.models import Assessment

    village = world.villages.na_sung
    log_in(page)
    page.goto(f"/thon/{village.pk}/them-ho/?year=2024")
    form = page.locator("main form[method=post]")
    form.get_by_label("Họ tên chủ hộ").fill("Hà Văn Dấu Chấm")
    form.get_by_label("Số nhân khẩu").fill("4")
    form.get_by_label("Dân tộc").select_option(label="Tày")
    form.get_by_label("Thu nhập bình quân").press_sequentially("1.000.000")  # keystrokes, as a person types
    deprivations = form.locator("#div_id_deprivations input[type=checkbox]")
    for i in range(3):
        deprivations.nth(i).check()
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("main .alert-success")).to_contain_text("Đã lưu hộ Hà Văn Dấu Chấm")

    stored = list(
        Assessment.objects.filter(household__head_name="Hà Văn Dấu Chấm").values_list("income_per_capita", flat=True)
    )
    assert stored == [1_000_000]  # a text input read by the Vietnamese parser: never 1 đ, never refused

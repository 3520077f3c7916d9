"""Real-browser acceptance tests of the plans: a commune's plan from creation to issue, the Hà Trung finding,
isolation between units. Headless Debian chromium through Playwright's sync API against `live_server`, on the
demo data (households.demo, plans.demo); see tests/test_browser.py for the fixtures and their workarounds.

Screenshots go to $BROWSER_SHOTS when set (else the test's tmp_path).
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from povertyplan.numbers import format_number, format_rate, rate
from tests.test_browser import TIMEOUT_MS, browser  # noqa: F401  (module-scoped chromium fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = 2024
SIGNER = "Hoàng Văn Tùng"
OFFICER = "Nông Thị Lan"
COMMENT = "Thôn Nà Súng còn 7 hộ nghèo: đề nghị xem lại chỉ tiêu thoát nghèo."
RETURN_REASON = "Đề nghị tăng chỉ tiêu thoát nghèo của thôn Nà Súng."


@pytest.fixture
def demo():
    """The demo world: units, Điềm He's registry, the demo users, Hà Trung's transcribed 2024 plan."""
    from households.demo import load_demo
    from households.models import Commune
    from plans.demo import load_plan_demo
    from povertyplan.models import User

    load_demo()
    load_plan_demo()
    return {
        "diem_he": Commune.objects.get(name="Điềm He"),
        "ha_trung": Commune.objects.get(name="Hà Trung", kind="thi_tran"),
        "users": {u.username: u for u in User.objects.all()},
    }


@pytest.fixture
def new_page(browser, live_server):  # noqa: F811
    """Open a page in a fresh browser context (its own cookies: one per person), English browser locale."""
    contexts = []

    def _new_page() -> Page:
        context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    try:
        yield _new_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    path = Path(os.environ.get("BROWSER_SHOTS") or tmp_path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_in(page: Page, username: str) -> None:
    from households.demo import DEMO_PASSWORD

    page.goto("/dang-nhap/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.get_by_test_id("whoami")).to_be_visible()


def assert_no_template_leaks(page: Page) -> None:
    html = page.content()
    assert not re.search(r"\bNone\b", html), re.search(r".{0,80}\bNone\b.{0,80}", html)[0]
    assert "{{" not in html and "{%" not in html


def expect_status(page: Page, label: str) -> None:
    expect(page.get_by_test_id("plan-status")).to_have_text(label)


def village_row(page: Page, name: str):
    return page.get_by_test_id("plan-village-table").locator(f"tr[data-village='{name}']")


def grid_row(page: Page, name: str):
    return page.get_by_test_id("grid-form").locator(f"tr[data-village='{name}']")


def registry_counts(commune) -> tuple[int, int]:
    """(poor, households) of the commune's registry for YEAR, straight from the assessments."""
    from households.models import Assessment, Status

    assessments = Assessment.objects.filter(village__commune=commune, year=YEAR)
    return assessments.filter(status=Status.POOR).count(), assessments.count()


def test_plan_round_trip_from_draft_to_issue_between_commune_and_district(demo, new_page, shots):
    from households.models import Village
    from plans import workflow
    from plans.models import Plan

    diem_he = demo["diem_he"]
    poor, households = registry_counts(diem_he)
    assert (poor, households) == (31, 1182)  # the demo registry reproduces the published counts
    villages = Village.objects.filter(commune=diem_he).count()

    # 1. The official creates the 2024 plan from the navbar.
    official = new_page()
    log_in(official, "xa.diemhe")
    official.get_by_test_id("nav-plans").click()
    expect(official).to_have_url(re.compile(rf"/xa/{diem_he.pk}/ke-hoach/$"))
    create = official.get_by_test_id("create-plan")
    create.locator("select[name=year]").select_option(str(YEAR))
    create.get_by_role("button", name="Lập kế hoạch").click()
    expect(official).to_have_url(re.compile(r"/ke-hoach/\d+/$"))
    plan_url = official.url
    plan_id = int(re.search(r"/ke-hoach/(\d+)/$", plan_url)[1])
    assert Plan.objects.get(pk=plan_id).commune_id == diem_he.pk
    expect(official.get_by_role("alert")).to_contain_text(f"Đã lập dự thảo kế hoạch năm {YEAR}")
    expect(official.get_by_role("heading", level=1)).to_have_text(f"Kế hoạch năm {YEAR} – {diem_he}")
    expect_status(official, "Dự thảo")
    expect(official.get_by_test_id("situation-figures")).to_contain_text(
        f"{format_number(poor)} hộ nghèo/{format_number(households)} hộ, chiếm {format_rate(rate(poor, households))}"
    )
    expect(official.get_by_test_id("situation-figures")).to_contain_text("31 hộ nghèo/1.182 hộ, chiếm 2,62%")
    findings = official.get_by_test_id("findings")
    expect(findings.locator("li[data-severity=error]")).to_have_count(1)
    expect(findings.locator("li[data-code=missing_signer]")).to_have_text("Chưa có họ tên người ký.")
    expect(official.get_by_test_id("error-count")).to_have_text("1 lỗi")
    expect(official.get_by_test_id("do-submit")).to_be_disabled()
    assert_no_template_leaks(official)

    # 2. The village targets, in the grid.
    official.get_by_test_id("edit-village-table").click()
    expect(official).to_have_url(re.compile(rf"/ke-hoach/{plan_id}/bang-thon/$"))
    expect(official.get_by_test_id("grid-form").locator("tbody tr[data-village]")).to_have_count(villages)
    # Exits not typed are unknown, not 0: the commune's target is known once every village has its figure.
    exits = official.get_by_test_id("grid-form").locator("input[name$='-exits_poor'], input[name$='-exits_near_poor']")
    expect(exits).to_have_count(2 * villages)
    for i in range(2 * villages):
        exits.nth(i).fill("0")
    na_sung = grid_row(official, "Nà Súng")
    na_sung.locator("input[name$='-exits_poor']").fill("2")
    na_sung.locator("input[name$='-exits_near_poor']").fill("2")
    na_sung.locator("select[name$='-officer']").select_option(label=OFFICER)
    thong_nhat = grid_row(official, "Thống Nhất")
    thong_nhat.locator("input[name$='-exits_poor']").fill("2")
    thong_nhat.locator("input[name$='-exits_near_poor']").fill("2")
    official.screenshot(path=str(shots / "browser-plans-grid.png"), full_page=True)
    official.get_by_test_id("save-grid").click()

    expect(official).to_have_url(re.compile(rf"/ke-hoach/{plan_id}/#village-table$"))
    expect(official.get_by_role("alert")).to_contain_text("Đã lưu bảng chỉ tiêu các thôn.")
    targets = official.get_by_test_id("commune-targets")
    expect(targets.locator("#targets-exits_poor")).to_contain_text(f"Giảm 4 hộ nghèo ({format_rate(rate(4, 1182))})")
    expect(targets.locator("#targets-exits_poor")).to_contain_text("Giảm 4 hộ nghèo (0,34%)")
    expect(targets.locator("#targets-exits_poor")).to_contain_text(
        f"từ {format_rate(rate(31, 1182))} xuống còn {format_rate(rate(27, 1182))} (27 hộ)"
    )
    expect(targets.locator("#targets-exits_near_poor")).to_contain_text(
        f"Giảm 4 hộ cận nghèo ({format_rate(rate(4, 1182))})"
    )
    row = village_row(official, "Nà Súng")
    expect(row.locator("td[id$='-exits_poor']")).to_have_text("2")
    expect(row.locator("td[id$='-poor_end']")).to_have_text("5")  # 7 poor at the start, 2 leave
    expect(row).to_contain_text(OFFICER)
    expect(village_row(official, "Thống Nhất").locator("td[id$='-poor_end']")).to_have_text("2")  # 4 - 2
    expect(official.locator("#village-table-total-exits_poor")).to_have_text("4")
    expect(official.locator("#village-table-total-poor_end")).to_have_text("27")
    expect(official.get_by_test_id("do-submit")).to_be_disabled()  # the signer is still missing

    # 3. The signer, then submission.
    official.get_by_test_id("edit-signature").click()
    expect(official).to_have_url(re.compile(rf"/ke-hoach/{plan_id}/sua/$"))
    official.locator("#id_signer_name").fill(SIGNER)
    official.locator("main form").get_by_role("button", name="Lưu", exact=True).click()
    expect(official).to_have_url(plan_url)
    expect(official.get_by_test_id("signer")).to_have_text(SIGNER)
    expect(official.get_by_test_id("error-count")).to_have_text("0 lỗi")
    expect(official.get_by_test_id("findings").locator("li[data-severity=error]")).to_have_count(0)
    official.screenshot(path=str(shots / "browser-plans-draft.png"), full_page=True)
    submit = official.get_by_test_id("do-submit")
    expect(submit).to_be_enabled()
    expect(submit).to_have_text("Trình duyệt")
    submit.click()
    expect_status(official, "Đã trình")
    expect(official.get_by_role("alert")).to_contain_text("Đã trình")
    expect(official.get_by_test_id("edit-village-table")).to_have_count(0)
    expect(official.locator("[data-testid^='edit-']")).to_have_count(0)
    expect(official.get_by_test_id("do-submit")).to_have_count(0)

    # 4. The district reviewer finds it in the queue, comments and returns it.
    reviewer = new_page()
    log_in(reviewer, "huyen.vanquan")
    reviewer.get_by_test_id("nav-review").click()
    expect(reviewer).to_have_url(re.compile(r"/tham-dinh/$"))
    queued = reviewer.get_by_test_id("review-queue").locator("tr[data-unit='Điềm He']")
    expect(queued).to_have_count(1)
    expect(queued.get_by_test_id("plan-status")).to_have_text("Đã trình")
    expect(queued.locator("td").nth(1)).to_have_text(str(YEAR))
    warnings = Plan.objects.get(pk=plan_id).warning_count
    expect(queued.get_by_test_id("warnings")).to_have_text(str(warnings))
    queued.get_by_role("link").click()
    expect(reviewer).to_have_url(plan_url)
    expect_status(reviewer, "Đã trình")
    # The queue's count is the plan page's count.
    expect(reviewer.get_by_test_id("warning-count")).to_have_text(f"{warnings} cảnh báo")
    expect(reviewer.locator("[data-testid^='edit-']")).to_have_count(0)  # reviewers read, they do not edit
    comment_form = reviewer.get_by_test_id("comment-form")
    comment_form.locator("select[name=section]").select_option(label="Bảng chỉ tiêu theo thôn")
    comment_form.locator("textarea[name=text]").fill(COMMENT)
    comment_form.get_by_test_id("add-comment").click()
    expect(reviewer.get_by_role("alert")).to_contain_text("Đã ghi ý kiến.")
    expect(reviewer.locator("#village-table").get_by_test_id("comment")).to_contain_text(COMMENT)
    assert_no_template_leaks(reviewer)
    reviewer.get_by_test_id("open-return").click()
    reason = reviewer.locator("#reason-return")
    expect(reason).to_be_visible()
    reason.fill(RETURN_REASON)
    reviewer.get_by_test_id("do-return").click()
    expect_status(reviewer, "Trả lại để sửa")
    expect(reviewer.get_by_test_id("events")).to_contain_text(RETURN_REASON)

    # 5. The official sees the comment, raises Nà Súng's target and submits again.
    official.reload()
    expect_status(official, "Trả lại để sửa")
    expect(official.locator("#village-table").get_by_test_id("comment")).to_contain_text(COMMENT)
    expect(official.get_by_test_id("events")).to_contain_text(RETURN_REASON)
    official.get_by_test_id("edit-village-table").click()
    exits = grid_row(official, "Nà Súng").locator("input[name$='-exits_poor']")
    expect(exits).to_have_value("2")  # what was saved comes back
    exits.fill("3")
    official.get_by_test_id("save-grid").click()
    expect(official).to_have_url(re.compile(rf"/ke-hoach/{plan_id}/#village-table$"))
    expect(village_row(official, "Nà Súng").locator("td[id$='-poor_end']")).to_have_text("4")
    expect(official.get_by_test_id("commune-targets")).to_contain_text(
        f"Giảm 5 hộ nghèo ({format_rate(rate(5, 1182))})"
    )
    official.get_by_test_id("do-submit").click()
    expect_status(official, "Đã trình")

    # 6. The reviewer sees what changed, approves and issues.
    reviewer.reload()
    expect_status(reviewer, "Đã trình")
    reviewer.get_by_test_id("changes-link").click()
    expect(reviewer).to_have_url(re.compile(rf"/ke-hoach/{plan_id}/thay-doi/$"))
    changes = reviewer.get_by_test_id("changes").locator("tbody tr")
    expect(changes).to_have_count(1)
    expect(changes.locator("td")).to_have_text(
        ["Bảng chỉ tiêu theo thôn", "Thôn Nà Súng – Dự kiến thoát nghèo", "2", "3"]
    )
    expect(reviewer.locator("main")).to_contain_text(RETURN_REASON)
    reviewer.get_by_role("link", name="Về kế hoạch").click()
    expect(reviewer).to_have_url(plan_url)
    reviewer.get_by_test_id("do-approve").click()
    expect_status(reviewer, "Đã thông qua")
    issue = reviewer.get_by_test_id("issue-form")
    expect(issue.locator("#id_number")).to_have_value("1")  # the commune's first plan issued that year
    expect(issue.locator("#id_signer_name")).to_have_value(SIGNER)
    # The offered date is one the issue accepts: today during the plan's year (or the year before), else
    # the last day of the plan's year. The reviewer types the date the chairman actually signed.
    expect(issue.locator("#id_issue_date")).to_have_value(
        workflow.default_issue_date(Plan.objects.get(pk=plan_id)).strftime("%d/%m/%Y")
    )
    issue_date = datetime.date(YEAR, 1, 15)
    issue.locator("#id_issue_date").fill(issue_date.strftime("%d/%m/%Y"))  # typed day first
    issue.get_by_test_id("do-issue").click()
    # The confirmation step shows what becomes final before anything is issued.
    expect(reviewer.get_by_test_id("confirm-reference")).to_have_text("01/KH-UBND")
    expect(reviewer.get_by_test_id("confirm-date")).to_have_text("15/01/2024")
    reviewer.get_by_test_id("confirm-issue").click()
    expect_status(reviewer, "Đã ban hành")
    expect(reviewer.locator("#header")).to_contain_text("Số: 01/KH-UBND")
    expect(reviewer.get_by_role("heading", level=1).locator("xpath=..")).to_contain_text("Số: 01/KH-UBND")
    expect(reviewer.get_by_role("heading", level=1).locator("xpath=..")).to_contain_text("15/01/2024")
    expect(reviewer.locator("#header")).to_contain_text("ngày 15 tháng 01 năm 2024")
    expect(reviewer.get_by_test_id("issue-form")).to_have_count(0)
    reviewer.screenshot(path=str(shots / "browser-plans-issued.png"), full_page=True)

    # 7. Issued: the official can no longer change it, only start a revision.
    official.reload()
    expect_status(official, "Đã ban hành")
    expect(official.locator("[data-testid^='edit-']")).to_have_count(0)
    expect(official.get_by_test_id("do-submit")).to_have_count(0)
    expect(official.get_by_test_id("new-revision")).to_be_visible()
    expect(official.get_by_test_id("new-revision")).to_have_text("Lập bản sửa đổi")
    assert_no_template_leaks(official)
    official.goto(f"/ke-hoach/{plan_id}/bang-thon/")
    expect(official).to_have_url(plan_url)
    expect(official.locator(".alert-danger")).to_contain_text("“Đã ban hành”: không sửa được")
    expect(official.get_by_test_id("grid-form")).to_have_count(0)


def test_issue_form_prefills_a_date_the_server_accepts(demo, new_page):
    """The issue form offers a date; for a plan of a past year (the demo's 2024) it must still issue as offered."""
    from plans import services, workflow
    from plans.creation import create_plan

    users = demo["users"]
    official, reviewer = users["xa.diemhe"], users["huyen.vanquan"]
    plan = create_plan(by=official, commune=demo["diem_he"], year=YEAR)
    plan = services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"signer_name": SIGNER})
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=reviewer, plan=plan, name="approve", version=plan.version)

    page = new_page()
    log_in(page, "huyen.vanquan")
    page.goto(f"/ke-hoach/{plan.pk}/")
    expect_status(page, "Đã thông qua")
    issue = page.get_by_test_id("issue-form")
    expect(issue.locator("#id_number")).to_have_value("1")
    expect(issue.locator("#id_signer_name")).to_have_value(SIGNER)
    expect(issue.locator("#id_issue_date")).not_to_have_value("")
    prefilled = issue.locator("#id_issue_date").input_value()
    with page.expect_navigation():
        issue.get_by_test_id("do-issue").click()  # as offered, nothing changed
    with page.expect_navigation():
        page.get_by_test_id("confirm-issue").click()
    expect(page.locator("main .alert").first).to_be_visible()  # the answer: a success or an error message
    errors = page.locator(".alert-danger").all_inner_texts()
    assert not errors, f"issuing with the prefilled date {prefilled} was refused: {errors}"
    expect_status(page, "Đã ban hành")


def test_ha_trung_transcribed_plan_flags_its_printed_year_end_total(demo, new_page):
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


def test_units_cannot_reach_each_others_plans_or_pages(demo, new_page):
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


def test_empty_text_sections_show_a_dash(demo, new_page):
    """A new plan has no purpose, general goal or tasks yet: the page says so with "—", not a blank card."""
    from plans.creation import create_plan

    plan = create_plan(by=demo["users"]["xa.diemhe"], commune=demo["diem_he"], year=YEAR)
    assert (plan.purpose, plan.general_goal, plan.tasks_solutions) == ("", "", "")
    page = new_page()
    log_in(page, "xa.diemhe")
    page.goto(f"/ke-hoach/{plan.pk}/")
    expect(page.get_by_test_id("plan-status")).to_have_text("Dự thảo")  # the page is there
    expect(page.locator("#text-general_goal")).to_have_text("—", timeout=1_000)
    for section in ("#purpose", "#tasks"):
        body = page.locator(f"{section} .card-body")
        expect(body.locator("h2")).to_be_visible()
        expect(body).to_contain_text("—", timeout=1_000)


def test_diem_he_table_typed_as_published_flags_only_na_sungs_near_poor_rate(demo, new_page, shots):
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

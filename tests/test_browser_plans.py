"""Real-browser acceptance tests of the plans: a commune's plan from creation to issue, the issue form's date.
Headless Debian chromium through Playwright's sync API against `live_server`, on the demo data
(households.demo, plans.demo); see tests/test_browser.py for the fixtures and their workarounds. What the
plan pages show on the demo data is in tests/test_browser_plan_checks.py, with these fixtures.

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
    """The demo world: units, Điềm He's registry, the demo users, the seed plans but Điềm He's (these tests
    create Điềm He's 2024 plan themselves, from its registry)."""
    from households.demo import load_demo
    from households.models import Commune
    from plans.demo import load_plan_demo
    from povertyplan.models import User

    load_demo()
    load_plan_demo(without=("000_diem_he_2024",))
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
    official.get_by_test_id("edit-rows-village-table").click()
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
    expect(official).to_have_url(re.compile(rf"/ke-hoach/{plan_id}/sua/\?phan=signature#signature$"))
    official.locator("#id_signer_name").fill(SIGNER)
    official.locator("main form").get_by_role("button", name="Lưu", exact=True).click()
    expect(official).to_have_url(f"{plan_url}#signature")  # back at the section edited
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
    expect(official.get_by_test_id("edit-rows-village-table")).to_have_count(0)
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
    queued.locator("td").first.get_by_role("link").click()
    expect(reviewer).to_have_url(plan_url)
    expect_status(reviewer, "Đã trình")
    # The queue's count is the plan page's count.
    expect(reviewer.get_by_test_id("warning-count")).to_have_text(f"{warnings} cảnh báo")
    expect(reviewer.locator("[data-testid^='edit-']")).to_have_count(0)  # reviewers read, they do not edit
    comment_form = reviewer.get_by_test_id("comment-form")
    # A sub-section is listed under its section, marked by a dash.
    comment_form.locator("select[name=section]").select_option(label="— Bảng chỉ tiêu theo thôn")
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
    official.get_by_test_id("edit-rows-village-table").click()
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

    # 6. The reviewer sees what changed and approves; the commune issues (the reviewer is not offered it).
    reviewer.reload()
    expect_status(reviewer, "Đã trình")
    reviewer.get_by_test_id("changes-link").click()
    expect(reviewer).to_have_url(re.compile(rf"/ke-hoach/{plan_id}/thay-doi/$"))
    changes = reviewer.get_by_test_id("changes").locator("tbody tr")
    expect(changes).to_have_count(1)
    expect(changes.locator("td")).to_have_text(  # grouped by the outline's node, as it is numbered
        ["1. Bảng chỉ tiêu theo thôn", "Thôn Nà Súng – Dự kiến thoát nghèo", "2", "3"]
    )
    expect(reviewer.locator("main")).to_contain_text(RETURN_REASON)
    reviewer.get_by_role("link", name="Về kế hoạch").click()
    expect(reviewer).to_have_url(plan_url)
    reviewer.get_by_test_id("do-approve").click()
    expect_status(reviewer, "Đã thông qua")
    expect(reviewer.get_by_test_id("issue-form")).to_have_count(0)
    official.reload()
    issue = official.get_by_test_id("issue-form")
    expect(issue.locator("#id_number")).to_have_value("1")  # the commune's first plan issued that year
    expect(issue.locator("#id_signer_name")).to_have_value(SIGNER)
    # The offered date is today when the issue accepts it (the plan's year or the year before), else empty.
    # The official types the date the chairman actually signed.
    offered = workflow.suggested_issue_date(Plan.objects.get(pk=plan_id))
    expect(issue.locator("#id_issue_date")).to_have_value(offered.strftime("%d/%m/%Y") if offered else "")
    issue_date = datetime.date(YEAR, 1, 15)
    issue.locator("#id_issue_date").fill(issue_date.strftime("%d/%m/%Y"))  # typed day first
    issue.get_by_test_id("do-issue").click()
    # The confirmation step shows what becomes final before anything is issued.
    expect(official.get_by_test_id("confirm-reference")).to_have_text("01/KH-UBND")
    expect(official.get_by_test_id("confirm-date")).to_have_text("15/01/2024")
    official.get_by_test_id("confirm-issue").click()
    expect_status(official, "Đã ban hành")
    expect(official.locator("#header")).to_contain_text("Số: 01/KH-UBND")
    expect(official.get_by_role("heading", level=1).locator("xpath=..")).to_contain_text("Số: 01/KH-UBND")
    expect(official.get_by_role("heading", level=1).locator("xpath=..")).to_contain_text("15/01/2024")
    expect(official.locator("#header")).to_contain_text("ngày 15 tháng 01 năm 2024")
    expect(official.get_by_test_id("issue-form")).to_have_count(0)
    official.screenshot(path=str(shots / "browser-plans-issued.png"), full_page=True)

    # 7. Issued: the official can no longer change it, only start a revision.
    official.reload()
    expect_status(official, "Đã ban hành")
    expect(official.get_by_test_id("issued-code")).to_have_text(re.compile(r"^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2}$"))
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
    """The issue form offers today when the plan may be issued today (else nothing): what it offers, or the
    date typed for a plan of a past year (the demo's 2024), issues."""
    from plans import services, workflow
    from plans.creation import create_plan

    users = demo["users"]
    official, reviewer = users["xa.diemhe"], users["huyen.vanquan"]
    plan = create_plan(by=official, commune=demo["diem_he"], year=YEAR)
    plan = services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"signer_name": SIGNER})
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=reviewer, plan=plan, name="approve", version=plan.version)

    page = new_page()
    log_in(page, "xa.diemhe")
    page.goto(f"/ke-hoach/{plan.pk}/")
    expect_status(page, "Đã thông qua")
    issue = page.get_by_test_id("issue-form")
    expect(issue.locator("#id_number")).to_have_value("1")
    expect(issue.locator("#id_signer_name")).to_have_value(SIGNER)
    offered = workflow.suggested_issue_date(plan)  # today within the issue window, else nothing
    expect(issue.locator("#id_issue_date")).to_have_value(offered.strftime("%d/%m/%Y") if offered else "")
    if offered is None:  # a plan of a past year: the official types the date it was signed
        issue.locator("#id_issue_date").fill(f"20/01/{YEAR}")
    prefilled = issue.locator("#id_issue_date").input_value()
    with page.expect_navigation():
        issue.get_by_test_id("do-issue").click()  # as offered, nothing changed
    with page.expect_navigation():
        page.get_by_test_id("confirm-issue").click()
    expect(page.locator("main .alert").first).to_be_visible()  # the answer: a success or an error message
    errors = page.locator(".alert-danger").all_inner_texts()
    assert not errors, f"issuing with the prefilled date {prefilled} was refused: {errors}"
    expect_status(page, "Đã ban hành")

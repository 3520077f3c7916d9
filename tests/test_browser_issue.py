"""In a real browser (issue 14, point 3): the commune's official issues an approved plan, downloads the
stored original from the plan page, and anyone checks that file on the public verification page. Fixtures
and workarounds: tests/test_browser.py and tests/test_browser_plans.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.issued import artifact, original_of, stored_bytes
from tests.test_browser import browser  # noqa: F401  (module-scoped chromium fixture)
from tests.test_browser_plans import SIGNER, YEAR, demo, expect_status, log_in, new_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_official_issues_downloads_the_original_and_the_public_page_confirms_it(demo, new_page):  # noqa: F811
    from plans import services, workflow
    from plans.creation import create_plan

    users = demo["users"]
    official, reviewer = users["xa.diemhe"], users["huyen.vanquan"]
    plan = create_plan(by=official, commune=demo["diem_he"], year=YEAR)
    plan = services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"signer_name": SIGNER})
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=reviewer, plan=plan, name="approve", version=plan.version)

    # The reviewer approved: the issue is not theirs.
    district = new_page()
    log_in(district, "huyen.vanquan")
    district.goto(f"/ke-hoach/{plan.pk}/")
    expect_status(district, "Đã thông qua")
    expect(district.get_by_test_id("issue-form")).to_have_count(0)

    commune = new_page()
    log_in(commune, "xa.diemhe")
    commune.goto(f"/ke-hoach/{plan.pk}/")
    issue = commune.get_by_test_id("issue-form")
    issue.locator("#id_issue_date").fill(f"20/01/{YEAR}")
    issue.get_by_test_id("do-issue").click()
    expect(commune.get_by_test_id("confirm-original")).to_be_visible()
    commune.get_by_test_id("confirm-issue").click()
    expect_status(commune, "Đã ban hành")
    copy = original_of(plan)
    expect(commune.get_by_test_id("issued-code")).to_have_text(copy.grouped_code)
    with commune.expect_download() as download:
        commune.get_by_test_id("download-original").click()
    saved = artifact("browser-issued-original.pdf")
    download.value.save_as(saved)
    assert saved.read_bytes() == stored_bytes(plan)

    public = new_page()  # nobody logged in
    public.goto("/xac-thuc/")
    public.get_by_test_id("verify-form").locator("input[name=code]").fill(copy.grouped_code.lower())
    public.get_by_role("button", name="Tra cứu").click()
    expect(public.get_by_test_id("verify-reference")).to_have_text(f"Số 01/KH-UBND ngày 20/01/{YEAR}")
    public.get_by_test_id("check-form").locator("input[type=file]").set_input_files(str(saved))
    public.get_by_test_id("check-submit").click()
    expect(public.get_by_test_id("verify-result")).to_have_text("Trùng khớp với bản gốc đã ban hành.")
    public.screenshot(path=str(artifact("browser-verify.png")), full_page=True)

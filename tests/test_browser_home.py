"""In a real browser: the home pages say what needs the user, one click from each line to the place to act.
The commune's official finds its returned plan with the reason and clicks through to the plan and to the
reviewer's comment; the district's reviewer finds the plan waiting and clicks through to approve it.
Fixtures and workarounds: tests/test_browser.py. Screenshots go to $BROWSER_SHOTS when set."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from povertyplan import needs
from tests.support.plans import go
from tests.test_browser import browser, log_in, page  # noqa: F401  (module-scoped chromium, a fresh page)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REASON = "Đề nghị tăng chỉ tiêu thoát nghèo của thôn Nà Súng."


@pytest.fixture
def shots(tmp_path) -> Path:
    path = Path(os.environ.get("BROWSER_SHOTS") or tmp_path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def backdate(plan, status: str, day: datetime.date) -> None:
    """Move the plan's last transition to `status` to noon of `day` (the page judges by 1 March 2024)."""
    from django.utils import timezone

    from plans.models import PlanEvent

    event = PlanEvent.objects.filter(plan=plan, to_status=status).latest("at", "id")
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    PlanEvent.objects.filter(pk=event.pk).update(at=at)


@pytest.fixture(autouse=True)
def in_march_2024(monkeypatch):
    """The home pages judge by 1 March 2024: the 2024 plan is the planning year's, past its due date."""
    monkeypatch.setattr(needs, "local_today", lambda: datetime.date(2024, 3, 1))


def test_the_official_sees_the_return_with_its_reason_and_clicks_to_the_plan(page, submitted, users, shots):  # noqa: F811
    plan = go(submitted, users.reviewer_van_quan, "return", reason=REASON)
    backdate(plan, "returned", datetime.date(2024, 2, 26))
    log_in(page, "xa.diemhe")
    expect(page).to_have_url(re.compile(r"/$"))
    line = page.get_by_test_id("need").filter(has_text="bị trả lại")
    expect(line).to_contain_text("Kế hoạch năm 2024 bị trả lại: sửa và trình lại")
    expect(line.get_by_test_id("need-detail")).to_have_text(f"Trả lại ngày 26/02/2024: {REASON}")
    expect(line.get_by_test_id("need-due")).to_have_text("hạn 31/01/2024")
    expect(page.get_by_test_id("need").first).to_have_attribute("data-urgency", "late")
    page.screenshot(path=str(shots / "home-official.png"), full_page=True)

    line.get_by_test_id("need-link").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/$"))
    expect(page.get_by_test_id("plan-status")).to_have_text("Trả lại để sửa")

    page.go_back()
    comments = page.get_by_test_id("need").filter(has_text="ý kiến thẩm định chưa xử lý")
    comments.get_by_test_id("need-link").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/#y-kien-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"#{anchor}")).to_contain_text("Xem lại chỉ tiêu thôn Nà Súng.")
    expect(page.locator(f"#{anchor}")).to_be_in_viewport()


def test_the_reviewer_sees_the_waiting_plan_and_clicks_to_it(page, submitted, shots):  # noqa: F811
    backdate(submitted, "submitted", datetime.date(2024, 2, 20))
    log_in(page, "huyen.vanquan")
    line = page.get_by_test_id("need").filter(has_text="Thẩm định kế hoạch năm 2024 của xã Điềm He")
    expect(line).to_have_count(1)
    expect(line.get_by_test_id("need-detail")).to_have_text("Đã trình ngày 20/02/2024, chờ 10 ngày.")
    expect(line.get_by_test_id("need-due")).to_have_text("hạn 06/03/2024")
    expect(page.get_by_test_id("need").filter(has_text="Xã Tri Lễ chưa lập kế hoạch năm 2024")).to_have_count(1)
    page.screenshot(path=str(shots / "home-reviewer.png"), full_page=True)

    line.get_by_test_id("need-link").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/{submitted.pk}/$"))
    expect(page.get_by_test_id("do-approve")).to_be_visible()

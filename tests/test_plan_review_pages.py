"""The review through the pages: transitions posted by each role (403 in area, 404 outside), bad and
stale posts refused with a message, the issue form, the reviewer's comments and their refusals."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from plans import services, workflow
from plans.models import PlanStatus, ReviewComment
from povertyplan.access import Role
from povertyplan.models import User
from tests.support.pages import flash, form_fields, page
from tests.support.plans import SIGNER
from tests.support.world import fresh


@pytest.fixture
def reviewer_ha_trung(world):
    """The reviewer of another district (Hà Trung, Thanh Hóa)."""
    return User.objects.create_user(
        username="huyen.hatrung",
        password="x",
        role=Role.REVIEWER,
        district=world.districts.ha_trung,
        province=world.provinces.thanh_hoa,
    )


def _transition(client, plan, name, **extra):
    body = {"version": str(plan.version), "reason": "", **extra}
    return client.post(reverse("plan_transition", args=[plan.pk, name]), body)


def test_official_submits_and_reviewer_returns_approves_issues_through_the_pages(signed, world, client):
    client.force_login(world.users.official_diem_he)
    response = _transition(client, signed, "submit")
    assert response.status_code == 302 and response.url == reverse("plan", args=[signed.pk])
    plan = fresh(signed)
    assert plan.status == PlanStatus.SUBMITTED

    client.force_login(world.users.reviewer_van_quan)
    detail = page(client.get(reverse("plan", args=[plan.pk])))
    assert 'data-testid="do-approve"' in detail and 'data-testid="open-return"' in detail
    assert _transition(client, plan, "return", reason="Xem lại chỉ tiêu.").status_code == 302
    assert fresh(plan).status == PlanStatus.RETURNED

    client.force_login(world.users.official_diem_he)
    _transition(client, fresh(plan), "submit")
    client.force_login(world.users.reviewer_van_quan)
    _transition(client, fresh(plan), "approve")
    assert fresh(plan).status == PlanStatus.APPROVED
    # The reviewer approved; issuing is the commune's: not offered to the reviewer, refused if posted.
    assert 'data-testid="issue-form"' not in page(client.get(reverse("plan", args=[plan.pk])))
    refused = _transition(client, fresh(plan), "issue", number="1", issue_date="2024-01-20", signer_name=SIGNER)
    assert refused.status_code == 403 and fresh(plan).status == PlanStatus.APPROVED
    client.force_login(world.users.official_diem_he)
    detail = client.get(reverse("plan", args=[plan.pk]))
    issue = form_fields(detail, "issue-form")
    assert issue["number"] == "1" and issue["signer_name"] == SIGNER
    issue["issue_date"] = "2024-01-20"
    response = client.post(reverse("plan_transition", args=[plan.pk, "issue"]), issue)
    assert fresh(plan).status == PlanStatus.APPROVED  # a confirmation page first
    confirm = form_fields(response, "issue-confirm-form") | {"step": "confirm"}
    response = client.post(reverse("plan_transition", args=[plan.pk, "issue"]), confirm)
    assert response.status_code == 302
    plan = fresh(plan)
    assert (plan.status, plan.number, plan.issue_date) == (PlanStatus.ISSUED, 1, datetime.date(2024, 1, 20))


@pytest.mark.parametrize(
    ("user", "state", "name"),
    [
        ("official_diem_he", "submitted", "approve"),
        ("official_diem_he", "submitted", "return"),
        ("reviewer_van_quan", "signed", "submit"),
        ("admin_lang_son", "submitted", "approve"),
        ("admin_lang_son", "signed", "submit"),
    ],
)
def test_transition_by_the_wrong_role_is_403(request, world, client, user, state, name):
    plan = request.getfixturevalue(state)
    client.force_login(getattr(world.users, user))
    assert _transition(client, plan, name, reason="x").status_code == 403
    assert fresh(plan).status == plan.status


@pytest.mark.parametrize("name", ["submit", "approve", "return", "issue", "recall"])
def test_transition_by_a_reviewer_of_another_area_is_404(submitted, reviewer_ha_trung, world, client, name):
    for user in (reviewer_ha_trung, world.users.reviewer_thanh_hoa, world.users.official_ha_trung):
        client.force_login(user)
        response = _transition(client, submitted, name, reason="x", number="1", issue_date="2024-01-20")
        assert response.status_code == 404
    assert fresh(submitted).status == PlanStatus.SUBMITTED


def test_transition_from_a_stale_version_shows_the_conflict(submitted, world, client):
    client.force_login(world.users.reviewer_van_quan)
    response = _transition(client, submitted, "approve", version=str(submitted.version - 1))
    assert response.status_code == 302
    assert any("vừa được người khác cập nhật" in m for m in flash(response))
    assert fresh(submitted).status == PlanStatus.SUBMITTED


STALE_PAGE = "Trang đã cũ. Hãy tải lại trang rồi thao tác lại."


@pytest.mark.parametrize(
    ("name", "body", "messages"),
    [
        ("approve", {"version": ""}, [STALE_PAGE]),
        ("approve", {"version": "abc"}, [STALE_PAGE]),
        ("approve", {}, [STALE_PAGE]),
        ("xoa-bo", {"version": "3"}, ["Thao tác không hợp lệ."]),
        (
            "issue",
            {"version": "3", "number": "abc", "issue_date": "2024-02-30", "signer_name": ""},
            [
                "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn).",
                "Ngày không tồn tại: 2024-02-30 (hãy kiểm tra ngày và tháng).",
                "Trường này là bắt buộc.",
            ],
        ),
        (
            "issue",
            {"version": "3", "number": "99999", "issue_date": "2024-01-20", "signer_name": "A"},
            ["Số quá lớn: tối đa 9999."],
        ),
        # An empty return reason redisplays the page with the form: tests/test_issue_flow.py.
    ],
)
def test_bad_transition_posts_are_refused_with_a_message_never_500(submitted, world, client, name, body, messages):
    assert submitted.version == 3  # the version the bodies carry
    client.force_login(world.users.reviewer_van_quan)
    response = client.post(reverse("plan_transition", args=[submitted.pk, name]), body)
    assert response.status_code == 302
    assert flash(response) == messages
    after = fresh(submitted)
    assert (after.status, after.version, after.number) == (PlanStatus.SUBMITTED, submitted.version, None)


def test_the_issue_form_offers_a_date_the_issue_accepts(submitted, world, official):
    plan = workflow.perform(by=world.users.reviewer_van_quan, plan=submitted, name="approve", version=submitted.version)
    issue = form_fields(official.get(reverse("plan", args=[plan.pk])), "issue-form")
    # Today when the plan may be issued today, else empty (the official types the signing date).
    offered = workflow.suggested_issue_date(plan)
    assert issue["issue_date"] == (offered.strftime("%d/%m/%Y") if offered else "")
    issue["issue_date"] = issue["issue_date"] or "20/01/2024"
    response = official.post(reverse("plan_transition", args=[plan.pk, "issue"]), issue)
    confirm = form_fields(response, "issue-confirm-form") | {"step": "confirm"}
    response = official.post(reverse("plan_transition", args=[plan.pk, "issue"]), confirm)
    assert response.status_code == 302
    assert fresh(plan).status == PlanStatus.ISSUED


def test_error_pages_speak_vietnamese(submitted, world, client):
    client.force_login(world.users.official_ha_trung)
    response = client.get(reverse("plan", args=[submitted.pk]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page(response)
    client.force_login(world.users.official_diem_he)
    response = client.post(
        reverse("plan_transition", args=[submitted.pk, "approve"]), {"version": submitted.version, "reason": ""}
    )
    assert response.status_code == 403
    assert "Bạn không có quyền làm việc này" in page(response)


def test_plan_page_of_a_returned_plan_links_the_changes(submitted, targets, world, client):
    client.force_login(world.users.reviewer_van_quan)
    _transition(client, submitted, "return", reason="Tăng chỉ tiêu.")
    plan = fresh(submitted)
    services.save_grid(
        by=world.users.official_diem_he, plan=plan, version=plan.version, rows={targets[1].pk: {"exits_poor": 2}}
    )
    detail = page(client.get(reverse("plan", args=[plan.pk])))
    assert 'data-testid="changes-link"' in detail
    changes = page(client.get(reverse("plan_changes", args=[plan.pk])))
    assert "Thôn Thống Nhất – Dự kiến thoát nghèo" in changes


def test_reviewer_comments_on_a_submitted_plan(submitted, world, reviewer):
    url = reverse("plan_comment", args=[submitted.pk])
    response = reviewer.post(url, {"section": "goals", "text": "Bổ sung chỉ tiêu BHYT."})
    assert response.status_code == 302
    assert response.url == reverse("plan", args=[submitted.pk]) + "#goals"
    comment = ReviewComment.objects.get(plan=submitted, section="goals")
    assert (comment.text, comment.by) == ("Bổ sung chỉ tiêu BHYT.", world.users.reviewer_van_quan)


def test_no_comment_on_a_draft(plan, reviewer):
    before = ReviewComment.objects.count()
    response = reviewer.post(reverse("plan_comment", args=[plan.pk]), {"section": "goals", "text": "Ý kiến."})
    assert response.status_code == 302
    assert "Chỉ góp ý khi kế hoạch đang chờ thẩm định." in flash(response)
    assert ReviewComment.objects.count() == before


@pytest.mark.parametrize(
    ("body", "field"), [({"section": "khong-co", "text": "x"}, "section"), ({"section": "goals", "text": ""}, "text")]
)
def test_a_bad_comment_is_refused_beside_its_field(submitted, reviewer, body, field):
    # The plan page again with the form as posted (before: a redirect and a message, the text lost).
    before = ReviewComment.objects.count()
    response = reviewer.post(reverse("plan_comment", args=[submitted.pk]), body)
    assert response.status_code == 200
    assert re.search(rf'<div class="invalid-feedback d-block" data-field="{field}">[^<]+</div>', page(response))
    assert ReviewComment.objects.count() == before


def test_only_the_reviewer_comments(submitted, reviewer_ha_trung, world, client):
    url = reverse("plan_comment", args=[submitted.pk])
    before = ReviewComment.objects.count()
    for user, status in [
        (world.users.official_diem_he, 403),
        (world.users.admin_lang_son, 403),
        (reviewer_ha_trung, 404),
        (world.users.reviewer_thanh_hoa, 404),
    ]:
        client.force_login(user)
        assert client.post(url, {"section": "goals", "text": "x"}).status_code == status
    assert ReviewComment.objects.count() == before


def test_no_comment_is_reopened_once_the_plan_is_issued(submitted, world, reviewer):
    reviewer.post(reverse("plan_comment", args=[submitted.pk]), {"section": "goals", "text": "Bổ sung BHYT."})
    comment = ReviewComment.objects.get(plan=submitted, text="Bổ sung BHYT.")
    plan = workflow.perform(
        by=world.users.reviewer_van_quan, plan=fresh(submitted), name="approve", version=fresh(submitted).version
    )
    plan = workflow.perform(
        by=world.users.official_diem_he,
        plan=plan,
        name="issue",
        version=plan.version,
        number=1,
        issue_date=datetime.date(2024, 1, 20),
    )
    detail = page(reviewer.get(reverse("plan", args=[plan.pk])))
    assert reverse("comment_resolve", args=[comment.pk]) not in detail
    response = reviewer.post(reverse("comment_resolve", args=[comment.pk]))
    assert response.status_code == 302
    assert any("đã ban hành" in m for m in flash(response))
    comment.refresh_from_db()
    assert comment.resolved is False


def test_a_too_long_comment_is_refused_with_its_reason_and_the_textarea_stops_there(submitted, reviewer):
    detail = page(reviewer.get(reverse("plan", args=[submitted.pk])))
    assert 'maxlength="4000"' in detail
    before = ReviewComment.objects.count()
    response = reviewer.post(reverse("plan_comment", args=[submitted.pk]), {"section": "goals", "text": "x" * 4001})
    assert ReviewComment.objects.count() == before
    # Redisplayed with the typed text and the error beside it (before: a redirect, the text lost).
    assert response.status_code == 200
    fields = form_fields(response, "comment-form")
    assert (fields["section"], fields["text"]) == ("goals", "x" * 4001)
    [message] = re.findall(r'data-field="text">([^<]+)<', page(response))
    assert "4000" in message.replace(".", "")

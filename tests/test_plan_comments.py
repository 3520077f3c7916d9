"""The reviewer's comments as services (plans/comments.py) and through their pages: who may add or resolve
one (outside the area 404, in the area without the right 403), in which state, and what a double click
does (one comment; a resolved comment stays resolved)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plans import comments, services, workflow
from plans.models import Plan, PlanStatus, ReviewComment, Section
from povertyplan.concurrency import ConflictError

TEXT = "Xem lại chỉ tiêu thôn Thống Nhất."


@pytest.fixture
def submitted(plans, world):
    """Điềm He's 2024 plan, signed and submitted to Văn Quan."""
    official = world.users.official_diem_he
    plan = services.save_plan_fields(
        by=official, plan=plans.diem_he, version=plans.diem_he.version, data={"signer_name": "Hoàng Thị Hiếu"}
    )
    return workflow.submit(by=official, plan=plan, version=plan.version)


def _post_comment(client, user, plan: Plan, text: str = TEXT):
    client.force_login(user)
    return client.post(reverse("plan_comment", args=[plan.pk]), {"section": Section.VILLAGE_TABLE, "text": text})


def _comments(plan: Plan) -> list[tuple]:
    return list(ReviewComment.objects.filter(plan=plan).values_list("by__username", "section", "text", "resolved"))


# ---------------------------------------------------------------- adding


def test_the_reviewer_adds_a_comment_to_a_submitted_plan(submitted, world):
    reviewer = world.users.reviewer_van_quan
    comment = comments.add_comment(by=reviewer, plan=submitted, section=Section.VILLAGE_TABLE, text=f"  {TEXT} ")
    assert (comment.by, comment.section, comment.text, comment.resolved) == (
        reviewer,
        Section.VILLAGE_TABLE,
        TEXT,
        False,
    )


def test_a_double_click_adds_one_comment(client, submitted, world):
    before = _comments(submitted)
    first = _post_comment(client, world.users.reviewer_van_quan, submitted)
    second = _post_comment(client, world.users.reviewer_van_quan, submitted)
    assert first.status_code == second.status_code == 302
    assert _comments(submitted) == [*before, ("huyen.vanquan", Section.VILLAGE_TABLE, TEXT, False)]


def test_an_official_outside_the_area_gets_404_and_adds_nothing(client, submitted, world):
    before = _comments(submitted)
    assert _post_comment(client, world.users.official_ha_trung, submitted).status_code == 404
    assert _post_comment(client, world.users.reviewer_thanh_hoa, submitted).status_code == 404
    assert _comments(submitted) == before


def test_the_commune_official_and_the_province_admin_get_403_and_add_nothing(client, submitted, world):
    before = _comments(submitted)
    assert _post_comment(client, world.users.official_diem_he, submitted).status_code == 403
    assert _post_comment(client, world.users.admin_lang_son, submitted).status_code == 403
    assert _comments(submitted) == before
    with pytest.raises(PermissionDenied):
        comments.add_comment(by=world.users.official_diem_he, plan=submitted, section=Section.GOALS, text=TEXT)


def test_no_comment_on_a_draft(client, plans, world):
    before = _comments(plans.diem_he)
    with pytest.raises(ValidationError) as refusal:
        comments.add_comment(
            by=world.users.reviewer_van_quan, plan=plans.diem_he, section=Section.VILLAGE_TABLE, text=TEXT
        )
    assert refusal.value.messages == ["Chỉ góp ý khi kế hoạch đang chờ thẩm định."]
    response = _post_comment(client, world.users.reviewer_van_quan, plans.diem_he)
    assert response.status_code == 302
    assert [m.message for m in response.wsgi_request._messages] == ["Chỉ góp ý khi kế hoạch đang chờ thẩm định."]
    assert _comments(plans.diem_he) == before


# ---------------------------------------------------------------- resolving


def _post_resolve(client, user, comment: ReviewComment, resolved: str | None):
    client.force_login(user)
    data = {} if resolved is None else {"resolved": resolved}
    return client.post(reverse("comment_resolve", args=[comment.pk]), data)


def _resolved(comment: ReviewComment) -> bool:
    return ReviewComment.objects.get(pk=comment.pk).resolved


def test_the_official_resolves_a_comment_and_the_reviewer_reopens_it(plans, world):
    comment = plans.comment
    comments.resolve_comment(by=world.users.official_diem_he, comment=comment, resolved=True)
    assert _resolved(comment) is True
    comments.resolve_comment(by=world.users.reviewer_van_quan, comment=comment, resolved=False)
    assert _resolved(comment) is False


def test_resolving_twice_keeps_the_comment_resolved(client, plans, world):
    official = world.users.official_diem_he
    assert _post_resolve(client, official, plans.comment, "1").status_code == 302
    response = _post_resolve(client, official, plans.comment, "1")
    assert response.status_code == 302
    assert [m.message for m in response.wsgi_request._messages] == ["Ý kiến này đã được đánh dấu đã xử lý."]
    assert _resolved(plans.comment) is True
    with pytest.raises(ValidationError) as refusal:
        comments.resolve_comment(by=official, comment=plans.comment, resolved=True)
    assert refusal.value.messages == ["Ý kiến này đã được đánh dấu đã xử lý."]


def test_a_resolve_without_the_state_asked_for_is_a_conflict_not_a_toggle(client, plans, world):
    with pytest.raises(ConflictError):
        comments.resolve_comment(by=world.users.official_diem_he, comment=plans.comment, resolved=None)
    response = _post_resolve(client, world.users.official_diem_he, plans.comment, None)
    assert response.status_code == 302
    assert [m.message for m in response.wsgi_request._messages] == ["Trang đã cũ. Hãy tải lại trang rồi thao tác lại."]
    assert _resolved(plans.comment) is False


def test_resolving_outside_the_area_is_404_and_without_the_right_403(client, plans, world):
    assert _post_resolve(client, world.users.official_ha_trung, plans.comment, "1").status_code == 404
    assert _post_resolve(client, world.users.reviewer_thanh_hoa, plans.comment, "1").status_code == 404
    assert _post_resolve(client, world.users.admin_lang_son, plans.comment, "1").status_code == 403
    assert _resolved(plans.comment) is False
    with pytest.raises(PermissionDenied):
        comments.resolve_comment(by=world.users.admin_lang_son, comment=plans.comment, resolved=True)


def test_no_comment_changes_once_the_plan_is_issued(plans, world):
    Plan.objects.filter(pk=plans.diem_he.pk).update(status=PlanStatus.ISSUED)
    with pytest.raises(ValidationError) as refusal:
        comments.resolve_comment(by=world.users.official_diem_he, comment=plans.comment, resolved=True)
    assert refusal.value.messages == ["Kế hoạch đã ban hành: không thay đổi ý kiến thẩm định được nữa."]
    assert _resolved(plans.comment) is False

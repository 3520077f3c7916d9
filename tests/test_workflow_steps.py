"""Each workflow step as its own service (plans/workflow.py): it moves the plan from its allowed state and
records who did it; from a wrong state, a stale version or no version at all it changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services, workflow
from plans.models import Plan, PlanEvent, PlanStatus
from povertyplan.concurrency import ConflictError

SIGNER = "Hoàng Thị Hiếu"
ISSUE_DATE = datetime.date(2024, 1, 20)
STALE = "Kế hoạch vừa được người khác cập nhật hoặc chuyển trạng thái. Hãy tải lại trang rồi thao tác lại."


@pytest.fixture
def draft(plans, world):
    """Điềm He's 2024 draft with a signer: no errors, ready to submit."""
    plan = plans.diem_he
    return services.save_plan_fields(
        by=world.users.official_diem_he, plan=plan, version=plan.version, data={"signer_name": SIGNER}
    )


@pytest.fixture
def submitted(draft, world):
    return workflow.submit(by=world.users.official_diem_he, plan=draft, version=draft.version)


@pytest.fixture
def approved(submitted, world):
    return workflow.approve(by=world.users.reviewer_van_quan, plan=submitted, version=submitted.version)


@pytest.fixture
def issued(approved, world):
    return workflow.issue(
        by=world.users.official_diem_he, plan=approved, version=approved.version, number=5, issue_date=ISSUE_DATE
    )


# name: (step, the state it starts from, a state it refuses, who acts, the step's own arguments, to)
STEPS = {
    "submit": (workflow.submit, "draft", "approved", "official_diem_he", {}, PlanStatus.SUBMITTED),
    "recall": (workflow.recall, "submitted", "draft", "official_diem_he", {}, PlanStatus.DRAFT),
    "return_for_changes": (
        workflow.return_for_changes,
        "submitted",
        "draft",
        "reviewer_van_quan",
        {"reason": "Xem lại chỉ tiêu thôn Nà Súng."},
        PlanStatus.RETURNED,
    ),
    "approve": (workflow.approve, "submitted", "draft", "reviewer_van_quan", {}, PlanStatus.APPROVED),
    "issue": (
        workflow.issue,
        "approved",
        "submitted",
        "official_diem_he",
        {"number": 5, "issue_date": ISSUE_DATE, "signer_name": SIGNER},
        PlanStatus.ISSUED,
    ),
    "new_revision": (workflow.new_revision, "issued", "approved", "official_diem_he", {}, PlanStatus.DRAFT),
}

WRONG_STATE = {
    "submit": "Kế hoạch đang ở trạng thái “Đã thông qua”: không thể “Trình duyệt”.",
    "recall": "Kế hoạch đang ở trạng thái “Dự thảo”: không thể “Rút lại để sửa”.",
    "return_for_changes": "Kế hoạch đang ở trạng thái “Dự thảo”: không thể “Trả lại để sửa”.",
    "approve": "Kế hoạch đang ở trạng thái “Dự thảo”: không thể “Thông qua”.",
    "issue": "Kế hoạch đang ở trạng thái “Đã trình”: không thể “Ban hành”.",
    "new_revision": "Chỉ lập bản sửa đổi từ kế hoạch đã ban hành.",
}


def _state(plan: Plan) -> tuple:
    fresh = Plan.objects.get(pk=plan.pk)
    return fresh.status, fresh.version, PlanEvent.objects.count(), Plan.objects.count()


@pytest.mark.parametrize("name", list(STEPS))
def test_each_step_moves_the_plan_and_records_who_did_it(name, request, world):
    step, start, _wrong, actor, details, target = STEPS[name]
    plan = request.getfixturevalue(start)
    by = getattr(world.users, actor)
    before_version, before_status = plan.version, plan.status
    result = step(by=by, plan=plan, version=plan.version, **details)
    event = PlanEvent.objects.filter(plan=result).latest("id")
    assert (event.by, event.to_status) == (by, target)
    assert result.status == target
    if name == "new_revision":
        assert result.pk != plan.pk and result.revision == plan.revision + 1
        assert event.from_status == ""
        assert event.reason == "Sửa đổi kế hoạch đã ban hành số 05/KH-UBND."
        assert _state(plan)[:2] == (PlanStatus.ISSUED, before_version)  # the issued plan stays as it was
    else:
        assert event.from_status == before_status
        assert event.reason == details.get("reason", "")
        assert Plan.objects.get(pk=plan.pk).version == before_version + 1


@pytest.mark.parametrize("name", list(STEPS))
def test_each_step_refuses_a_plan_in_a_state_it_does_not_start_from(name, request, world):
    step, _start, wrong, actor, details, _target = STEPS[name]
    plan = request.getfixturevalue(wrong)
    before = _state(plan)
    with pytest.raises(ValidationError) as refusal:
        step(by=getattr(world.users, actor), plan=plan, version=plan.version, **details)
    assert refusal.value.messages == [WRONG_STATE[name]]
    assert _state(plan) == before


@pytest.mark.parametrize("name", list(STEPS))
def test_each_step_refuses_a_stale_version_as_a_conflict(name, request, world):
    step, start, _wrong, actor, details, _target = STEPS[name]
    plan = request.getfixturevalue(start)
    before = _state(plan)
    with pytest.raises(ConflictError) as refusal:
        step(by=getattr(world.users, actor), plan=plan, version=plan.version - 1, **details)
    assert refusal.value.messages == [STALE]
    assert _state(plan) == before


@pytest.mark.parametrize("name", list(STEPS))
def test_each_step_refuses_a_missing_version_as_a_conflict(name, request, world):
    step, start, _wrong, actor, details, _target = STEPS[name]
    plan = request.getfixturevalue(start)
    before = _state(plan)
    with pytest.raises(ConflictError) as refusal:
        step(by=getattr(world.users, actor), plan=plan, version=None, **details)
    assert refusal.value.messages == [STALE]
    assert _state(plan) == before


def test_a_double_click_on_new_revision_makes_one_revision(issued, world):
    official = world.users.official_diem_he
    workflow.new_revision(by=official, plan=issued, version=issued.version)
    before = _state(issued)
    with pytest.raises(ValidationError) as refusal:
        workflow.new_revision(by=official, plan=issued, version=issued.version)
    assert refusal.value.messages == ["Đã có bản sửa đổi mới hơn của kế hoạch này."]
    assert _state(issued) == before


def test_perform_maps_a_posted_name_to_its_step_and_refuses_an_unknown_one(draft, world):
    assert workflow.STEPS["return"][0] is workflow.return_for_changes
    before = _state(draft)
    with pytest.raises(ValidationError) as refusal:
        workflow.perform(by=world.users.official_diem_he, plan=draft, name="delete", version=draft.version)
    assert refusal.value.messages == ["Thao tác không hợp lệ."]
    assert _state(draft) == before


def test_the_new_revision_button_posts_the_version_its_page_was_drawn_from(client, issued, world):
    client.force_login(world.users.official_diem_he)
    page = client.get(reverse("plan", args=[issued.pk])).content.decode()
    form = page[page.index(reverse("plan_new_revision", args=[issued.pk])) :]
    assert f'name="version" value="{issued.version}"' in form[: form.index("</form>")]
    response = client.post(reverse("plan_new_revision", args=[issued.pk]), {"version": issued.version})
    revision = Plan.objects.get(previous=issued)
    assert (response.status_code, response.url) == (302, reverse("plan", args=[revision.pk]))


def test_a_new_revision_posted_without_a_version_is_refused_as_a_conflict(client, issued, world):
    client.force_login(world.users.official_diem_he)
    before = _state(issued)
    response = client.post(reverse("plan_new_revision", args=[issued.pk]))
    assert (response.status_code, response.url) == (302, reverse("plan", args=[issued.pk]))
    assert [m.message for m in response.wsgi_request._messages] == [STALE]
    assert _state(issued) == before

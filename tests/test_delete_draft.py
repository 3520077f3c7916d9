"""A draft made by mistake: its commune's officials delete it after a confirmation, the deletion is
recorded; a plan ever submitted cannot be deleted; the year offered for a new plan is bounded."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plans import services, workflow
from plans.forms import plan_years
from plans.models import DeletedPlan, Plan, PlanEvent, PlanStatus
from povertyplan.concurrency import ConflictError
from tests.support.pages import flash, form_fields, page

SIGNER = "Hoàng Thị Hiếu"


@pytest.fixture
def draft(plans):
    return plans.diem_he


def test_an_official_deletes_a_never_submitted_draft_after_a_confirmation(draft, world, client):
    client.force_login(world.users.official_diem_he)
    detail = page(client.get(reverse("plan", args=[draft.pk])))
    assert f'href="{reverse("plan_delete", args=[draft.pk])}"' in detail
    confirm = client.get(reverse("plan_delete", args=[draft.pk]))
    assert "chưa từng trình duyệt sẽ bị xóa" in page(confirm)
    assert Plan.objects.filter(pk=draft.pk).exists()  # the GET deletes nothing
    response = client.post(reverse("plan_delete", args=[draft.pk]), form_fields(confirm, "delete-form"))
    assert response.status_code == 302 and response.url == reverse("commune_plans", args=[world.communes.diem_he.pk])
    assert flash(response) == ["Đã xóa dự thảo kế hoạch năm 2024 (lần 1)."]
    assert not Plan.objects.filter(pk=draft.pk).exists()
    assert not PlanEvent.objects.filter(plan_id=draft.pk).exists()
    [record] = DeletedPlan.objects.all()
    assert (record.commune, record.district, record.year, record.revision, record.plan_pk, record.by) == (
        world.communes.diem_he,
        None,
        2024,
        1,
        draft.pk,
        world.users.official_diem_he,
    )
    assert record.at is not None and record.snapshot["items"]


@pytest.mark.parametrize("body", [{}, {"version": "0"}])
def test_a_stale_or_missing_version_deletes_nothing(draft, world, client, body):
    client.force_login(world.users.official_diem_he)
    response = client.post(reverse("plan_delete", args=[draft.pk]), body)
    assert response.status_code == 302
    assert flash(response) == [
        "Kế hoạch vừa được người khác cập nhật. Hãy tải lại trang để xem nội dung mới rồi quyết định lại."
    ]
    assert Plan.objects.filter(pk=draft.pk).exists() and not DeletedPlan.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"),
    [("reviewer_van_quan", 403), ("admin_lang_son", 403), ("official_ha_trung", 404), ("reviewer_thanh_hoa", 404)],
)
def test_only_the_communes_officials_may_delete(draft, world, client, user, status):
    client.force_login(getattr(world.users, user))
    url = reverse("plan_delete", args=[draft.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"version": str(draft.version)}).status_code == status
    assert Plan.objects.filter(pk=draft.pk).exists() and not DeletedPlan.objects.exists()
    with pytest.raises(PermissionDenied):
        services.delete_draft(by=getattr(world.users, user), plan=draft, version=draft.version)


def test_a_plan_once_submitted_cannot_be_deleted_even_back_in_draft(draft, world, client):
    official = world.users.official_diem_he
    plan = services.save_plan_fields(by=official, plan=draft, version=draft.version, data={"signer_name": SIGNER})
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=official, plan=plan, name="recall", version=plan.version)
    assert plan.status == PlanStatus.DRAFT
    with pytest.raises(ValidationError) as exc:
        services.delete_draft(by=official, plan=plan, version=plan.version)
    assert not isinstance(exc.value, ConflictError)
    assert exc.value.messages == [
        "Chỉ xóa được dự thảo chưa từng trình duyệt; kế hoạch này đang ở trạng thái “Dự thảo” hoặc đã trình."
    ]
    client.force_login(official)
    assert 'data-testid="delete-draft"' not in page(client.get(reverse("plan", args=[plan.pk])))
    response = client.post(reverse("plan_delete", args=[plan.pk]), {"version": str(plan.version)})
    assert flash(response) == ["Chỉ xóa được dự thảo chưa từng trình duyệt."]
    assert Plan.objects.filter(pk=plan.pk).exists() and not DeletedPlan.objects.exists()


def test_the_years_offered_are_the_communes_years_the_next_this_year_and_the_next(world, client):
    # The world's counts are of 2024; the plan written now is next year's, with or without counts.
    this_year = datetime.date.today().year
    offered = sorted({2024, 2025, this_year, this_year + 1})
    assert plan_years(world.communes.diem_he) == offered
    assert plan_years(world.communes.diem_he, today=datetime.date(2026, 12, 2)) == [2024, 2025, 2026, 2027]
    client.force_login(world.users.official_diem_he)
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    content = page(client.get(url))
    [select] = re.findall(r'<select name="year".*?</select>', content, re.S)
    assert [int(y) for y in re.findall(r'<option value="(\d+)"', select)] == offered
    response = client.post(url, {"year": "2031"})
    assert response.status_code == 200
    years = ", ".join(str(y) for y in offered)
    assert f"Chỉ lập được kế hoạch cho năm đã có số liệu của xã, năm kế tiếp, năm nay hoặc năm sau: {years}." in page(
        response
    )
    assert not Plan.objects.filter(year=2031).exists()

"""Issuing a plan: the form keeps what was typed, a confirmation step, the next free number, the date
rules, and the replaced revision pointing to the one in force. Also the bounded return reason."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services, workflow
from plans.creation import create_plan
from plans.models import LegalBasis, Plan, PlanStatus
from tests.support.pages import form_fields, page
from tests.support.world import fresh

YEAR = 2024
SIGNER = "Hoàng Thị Hiếu"


def _approve(plan: Plan, world) -> Plan:
    official, reviewer = world.users.official_diem_he, world.users.reviewer_van_quan
    plan = services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"signer_name": SIGNER})
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    return workflow.perform(by=reviewer, plan=plan, name="approve", version=plan.version)


@pytest.fixture
def approved(plans, world):
    return _approve(plans.diem_he, world)


def _issue(plan: Plan, world, number: int, day: datetime.date) -> Plan:
    return workflow.perform(
        by=world.users.official_diem_he, plan=plan, name="issue", version=plan.version, number=number, issue_date=day
    )


def _field_errors(response, field: str) -> list[str]:
    return re.findall(rf'data-field="{field}">([^<]*)<', html.unescape(response.content.decode()))


def _post_issue(client, plan, **values):
    body = {"version": str(plan.version), "number": "7", "issue_date": "2024-01-20", "signer_name": SIGNER}
    body |= {k: str(v) for k, v in values.items()}
    return client.post(reverse("plan_transition", args=[plan.pk, "issue"]), body)


# ---------------------------------------------------------------- the form and its confirmation


def test_a_refused_issue_redisplays_the_form_as_typed_with_the_error_beside_the_date(approved, official):
    LegalBasis.objects.create(plan=approved, doc_type="Quyết định", doc_number="12/QĐ-UBND", doc_date="2024-03-01")
    response = _post_issue(official, approved, number=7, issue_date="2024-02-10")
    assert response.status_code == 200
    fields = form_fields(response, "issue-form")
    assert (fields["number"], fields["issue_date"], fields["signer_name"]) == ("7", "2024-02-10", SIGNER)
    assert _field_errors(response, "issue_date") == [
        "Ngày ban hành không được trước ngày của căn cứ mới nhất (01/03/2024)."
    ]
    assert fresh(approved).status == PlanStatus.APPROVED


def test_the_issue_asks_for_confirmation_showing_what_becomes_final(approved, official):
    response = _post_issue(official, approved, number=7, issue_date="2024-01-20")
    assert response.status_code == 200
    assert fresh(approved).status == PlanStatus.APPROVED and fresh(approved).number is None
    content = page(response)
    assert re.search(r'data-testid="confirm-reference">07/KH-UBND<', content)
    assert re.search(r'data-testid="confirm-date">20/01/2024<', content)
    assert re.search(rf'data-testid="confirm-signer">{SIGNER}<', content)
    assert "toàn bộ nội dung kế hoạch" in content and "không sửa được nữa" in content
    confirm = form_fields(response, "issue-confirm-form")
    assert confirm == {
        "csrfmiddlewaretoken": confirm["csrfmiddlewaretoken"],
        "version": str(approved.version),
        "number": "7",
        "issue_date": "2024-01-20",
        "signer_name": SIGNER,
    }
    # "Sửa lại" brings the form back with the values typed.
    back = official.post(reverse("plan_transition", args=[approved.pk, "issue"]), confirm | {"step": "back"})
    assert form_fields(back, "issue-form")["number"] == "7"
    assert fresh(approved).status == PlanStatus.APPROVED
    done = official.post(reverse("plan_transition", args=[approved.pk, "issue"]), confirm | {"step": "confirm"})
    assert done.status_code == 302
    plan = fresh(approved)
    assert (plan.status, plan.number, plan.issue_date, plan.issue_year) == (
        PlanStatus.ISSUED,
        7,
        datetime.date(2024, 1, 20),
        2024,
    )


def test_the_form_offers_the_next_free_number_and_a_taken_one_names_it(approved, world, official):
    other = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR + 1)
    Plan.objects.filter(pk=other.pk).update(
        status=PlanStatus.ISSUED, number=1, issue_date="2024-11-02", issue_year=2024
    )
    response = official.get(reverse("plan", args=[approved.pk]))
    assert form_fields(response, "issue-form")["number"] == "2"
    response = _post_issue(official, approved, number=1, issue_date="2024-12-01")
    assert _field_errors(response, "number") == [
        "Số 1 đã dùng cho kế hoạch khác ban hành năm 2024; số còn trống tiếp theo là 2."
    ]
    assert fresh(approved).status == PlanStatus.APPROVED


# ---------------------------------------------------------------- date rules


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(2022, 12, 31), "Ngày ban hành phải thuộc năm 2024 hoặc năm 2023."),
        (datetime.date(2025, 1, 2), "Ngày ban hành phải thuộc năm 2024 hoặc năm 2023."),
    ],
)
def test_an_issue_date_outside_the_plans_years_is_refused(approved, world, day, message):
    with pytest.raises(ValidationError) as exc:
        _issue(approved, world, 1, day)
    assert exc.value.message_dict == {"issue_date": [message]}
    assert fresh(approved).status == PlanStatus.APPROVED


def test_an_issue_date_in_the_future_is_refused(world):
    from plans.models import ProgramVersion

    assert ProgramVersion.objects.filter(first_year__lte=2026, last_year__gte=2026).exists()
    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR)
    plan = _approve(plan, world)
    Plan.objects.filter(pk=plan.pk).update(year=datetime.date.today().year)
    plan = fresh(plan)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _issue(plan, world, 1, tomorrow)
    today = datetime.date.today().strftime("%d/%m/%Y")
    assert f"Ngày ban hành không được sau hôm nay ({today})." in exc.value.message_dict["issue_date"]


def test_an_issue_date_before_the_latest_legal_basis_is_refused(approved, world):
    LegalBasis.objects.create(plan=approved, doc_type="Nghị quyết", doc_date="2023-12-15")
    LegalBasis.objects.create(plan=approved, doc_type="Quyết định", doc_date="2024-02-05")
    with pytest.raises(ValidationError) as exc:
        _issue(approved, world, 1, datetime.date(2024, 2, 4))
    assert exc.value.message_dict == {
        "issue_date": ["Ngày ban hành không được trước ngày của căn cứ mới nhất (05/02/2024)."]
    }
    assert _issue(fresh(approved), world, 1, datetime.date(2024, 2, 5)).status == PlanStatus.ISSUED


def _revision_approved(issued: Plan, world) -> Plan:
    revision = workflow.new_revision(by=world.users.official_diem_he, plan=issued, version=issued.version)
    return _approve(revision, world)


def test_a_revision_dated_before_the_plan_it_amends_or_reusing_its_number_is_refused(approved, world):
    first = _issue(approved, world, 7, datetime.date(2024, 3, 10))
    revision = _revision_approved(first, world)
    with pytest.raises(ValidationError) as exc:
        _issue(revision, world, 8, datetime.date(2023, 3, 10))
    assert exc.value.message_dict == {
        "issue_date": [
            "Ngày ban hành không được trước ngày ban hành của kế hoạch được sửa đổi (số 07/KH-UBND, ngày 10/03/2024)."
        ]
    }
    with pytest.raises(ValidationError) as exc:
        _issue(revision, world, 7, datetime.date(2024, 6, 1))
    assert exc.value.message_dict == {
        "number": ["Số 7 đã dùng cho kế hoạch khác ban hành năm 2024; số còn trống tiếp theo là 8."]
    }
    assert fresh(revision).status == PlanStatus.APPROVED


# ---------------------------------------------------------------- the plan in force


def test_the_replaced_revision_links_to_its_successor_and_lists_mark_the_one_in_force(approved, world, client):
    first = _issue(approved, world, 7, datetime.date(2024, 3, 10))
    second = _issue(_revision_approved(first, world), world, 8, datetime.date(2024, 6, 1))
    client.force_login(world.users.official_diem_he)
    old = page(client.get(reverse("plan", args=[first.pk])))
    link = reverse("plan", args=[second.pk])
    assert re.search(
        rf'data-testid="replaced-by">Đã được thay thế bởi bản sửa đổi lần 2 \(số 08/KH-UBND\), 01/06/2024: '
        rf'<a href="{link}">',
        old,
    )
    new = page(client.get(link))
    assert 'data-testid="replaced-by"' not in new and 'data-testid="in-force"' in new
    listing = page(client.get(reverse("commune_plans", args=[world.communes.diem_he.pk])))
    rows = re.findall(r"<tr><td><a href=\"/ke-hoach/(\d+)/\">.*?</tr>", listing, re.S)
    assert rows == [str(second.pk), str(first.pk)]
    body = listing[listing.index('data-testid="plan-list"') :]
    assert body.count("đang có hiệu lực") == 1 and body.count("đã được thay thế") == 1
    assert body.index("đang có hiệu lực") < body.index(f"/ke-hoach/{first.pk}/")
    client.force_login(world.users.reviewer_van_quan)
    queue = page(client.get(reverse("review_queue")))
    assert queue.count('data-testid="in-force"') == 1


# ---------------------------------------------------------------- return reason


@pytest.fixture
def submitted(plans, world):
    official = world.users.official_diem_he
    plan = services.save_plan_fields(
        by=official, plan=plans.diem_he, version=plans.diem_he.version, data={"signer_name": SIGNER}
    )
    return workflow.perform(by=official, plan=plan, name="submit", version=plan.version)


def test_a_too_long_return_reason_is_refused_and_the_text_kept(submitted, reviewer):
    reason = "Xem lại. " * 700  # 6.300 characters, 6.299 once the trailing space is stripped
    url = reverse("plan_transition", args=[submitted.pk, "return"])
    response = reviewer.post(url, {"version": str(submitted.version), "reason": reason})
    assert response.status_code == 200
    assert form_fields(response, "form-return")["reason"] == reason
    errors = re.findall(r'<div class="invalid-feedback d-block mb-2">([^<]*)<', html.unescape(page(response)))
    assert errors == ["Chỉ được nhập tối đa 5000 ký tự (hiện có 6299)."]
    assert fresh(submitted).status == PlanStatus.SUBMITTED


def test_the_service_bounds_the_reason_too(submitted, world):
    with pytest.raises(ValidationError) as exc:
        workflow.perform(
            by=world.users.reviewer_van_quan,
            plan=submitted,
            name="return",
            version=submitted.version,
            reason="x" * 5001,
        )
    assert exc.value.message_dict == {"reason": ["Lý do dài 5.001 ký tự, quá giới hạn 5.000 ký tự."]}
    assert fresh(submitted).status == PlanStatus.SUBMITTED


def test_an_empty_return_reason_redisplays_the_form_with_the_error(submitted, reviewer):
    url = reverse("plan_transition", args=[submitted.pk, "return"])
    response = reviewer.post(url, {"version": str(submitted.version), "reason": "  "})
    assert response.status_code == 200
    errors = re.findall(r'<div class="invalid-feedback d-block mb-2">([^<]*)<', html.unescape(page(response)))
    assert errors == ["Hãy ghi lý do hoặc nội dung cần sửa."]
    assert fresh(submitted).status == PlanStatus.SUBMITTED


def test_while_an_amendment_is_prepared_the_queue_points_to_the_plan_in_force(approved, world, client):
    first = _issue(approved, world, 7, datetime.date(2024, 3, 10))
    revision = workflow.new_revision(by=world.users.official_diem_he, plan=first, version=first.version)
    client.force_login(world.users.reviewer_van_quan)
    queue = page(client.get(reverse("review_queue")))
    row = re.search(rf'<tr data-unit="Điềm He"><td><a href="/ke-hoach/{revision.pk}/">.*?</tr>', queue, re.S).group(0)
    assert re.search(
        rf'<a class="small" href="/ke-hoach/{first.pk}/" data-testid="in-force">đang có hiệu lực: lần 1, số 07/KH-UBND</a>',
        row,
    )

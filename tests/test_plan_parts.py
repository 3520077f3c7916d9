"""The plan's list sections (legal bases, targets, projects, responsibilities, funding, reporting,
recipients) edited on their part page: rows added, edited, deleted; bad values and stale posts refused."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from plans import services
from plans.forms import PARTS
from plans.models import (
    FundingSource,
    LegalBasis,
    Plan,
    PlanProject,
    ProgramItem,
    Recipient,
    ReportingItem,
    Responsibility,
    Target,
)
from tests.support.pages import form_fields, formset_prefix, page
from tests.support.plans import PLAN_CONFLICT
from tests.support.world import fresh


def _new_row(slug: str, plan: Plan) -> dict[str, str]:
    """Valid values for a new row of each part, and how to find it afterwards."""
    item = ProgramItem.objects.filter(version=plan.program).order_by("order").first()
    return {
        "can-cu": {
            "order": "1",
            "verb": "Căn cứ",
            "doc_type": "Quyết định",
            "doc_number": "90/QĐ-TTg",
            "doc_date": "2022-01-18",
            "issuer": "Thủ tướng Chính phủ",
            "title": "phê duyệt Chương trình",
        },
        "chi-tieu": {"order": "1", "text": "100% hộ nghèo được cấp thẻ BHYT."},
        "du-an": {"order": "1", "item": str(item.pk), "objective": "Hỗ trợ sinh kế.", "lead_body": "UBND xã"},
        "phan-cong": {"order": "1", "unit": "Công chức LĐ-TB&XH", "tasks": "Tham mưu.\nTổng hợp."},
        "kinh-phi": {"order": "1", "source": "Ngân sách trung ương", "amount": "150.000.000", "note": "DA 1"},
        "bao-cao": {"order": "5", "what": "Danh sách hộ thoát nghèo", "to_whom": "UBND xã", "due_date": "2024-04-10"},
        "noi-nhan": {"order": "5", "name": "Mặt trận Tổ quốc xã", "purpose": "p/h"},
    }[slug]


_SAVED = {
    "can-cu": (LegalBasis, {"doc_number": "90/QĐ-TTg", "doc_date": datetime.date(2022, 1, 18)}),
    "chi-tieu": (Target, {"text": "100% hộ nghèo được cấp thẻ BHYT."}),
    "du-an": (PlanProject, {"objective": "Hỗ trợ sinh kế.", "lead_body": "UBND xã"}),
    "phan-cong": (Responsibility, {"unit": "Công chức LĐ-TB&XH", "tasks": "Tham mưu.\nTổng hợp."}),
    "kinh-phi": (FundingSource, {"source": "Ngân sách trung ương", "amount": 150_000_000}),
    "bao-cao": (ReportingItem, {"what": "Danh sách hộ thoát nghèo", "due_date": datetime.date(2024, 4, 10)}),
    "noi-nhan": (Recipient, {"name": "Mặt trận Tổ quốc xã", "purpose": "p/h"}),
}


def test_every_part_slug_is_tested():
    assert set(PARTS) == set(_SAVED)


@pytest.mark.parametrize("slug", list(PARTS))
def test_part_post_adds_a_row(plan, official, slug):
    section, related, _formset = PARTS[slug]
    model, expected = _SAVED[slug]
    before = getattr(plan, related).count()
    url = reverse("plan_part", args=[plan.pk, slug])
    body = form_fields(official.get(url), "part-form")
    prefix = formset_prefix(body)
    new = int(body[f"{prefix}-INITIAL_FORMS"])
    assert body[f"{prefix}-TOTAL_FORMS"] == str(new + 2)  # two blank rows to fill
    body |= {f"{prefix}-{new}-{name}": value for name, value in _new_row(slug, plan).items()}

    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    assert response.url == reverse("plan", args=[plan.pk]) + f"#{section.value}"
    assert getattr(plan, related).count() == before + 1
    assert model.objects.filter(plan=plan, **expected).count() == 1
    assert fresh(plan).version == plan.version + 1


@pytest.mark.parametrize(("slug", "model"), [("noi-nhan", Recipient), ("bao-cao", ReportingItem)])
def test_part_post_deletes_a_row_and_keeps_the_others(plan, official, slug, model):
    rows = list(model.objects.filter(plan=plan))
    assert len(rows) == 4
    url = reverse("plan_part", args=[plan.pk, slug])
    body = form_fields(official.get(url), "part-form")
    prefix = formset_prefix(body)
    index = next(i for i in range(len(rows)) if body[f"{prefix}-{i}-id"] == str(rows[1].pk))
    body[f"{prefix}-{index}-DELETE"] = "on"
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    assert list(model.objects.filter(plan=plan)) == [rows[0], *rows[2:]]


def test_part_post_edits_an_existing_row(plan, official):
    url = reverse("plan_part", args=[plan.pk, "noi-nhan"])
    body = form_fields(official.get(url), "part-form")
    first = Recipient.objects.filter(plan=plan).first()
    assert body["recipients-0-id"] == str(first.pk)
    body["recipients-0-name"] = "UBND huyện Văn Quan (để báo cáo)"
    assert official.post(url, body).status_code == 302
    first.refresh_from_db()
    assert first.name == "UBND huyện Văn Quan (để báo cáo)"


def test_part_post_from_a_stale_version_shows_the_conflict(plan, world, official):
    url = reverse("plan_part", args=[plan.pk, "noi-nhan"])
    body = form_fields(official.get(url), "part-form")
    services.save_plan_fields(by=world.users.official_diem_he, plan=plan, version=plan.version, data={"closing": "."})
    body |= {"recipients-4-order": "5", "recipients-4-name": "Mặt trận Tổ quốc xã"}
    response = official.post(url, body)
    assert response.status_code == 200
    assert PLAN_CONFLICT in page(response)
    assert not Recipient.objects.filter(plan=plan, name="Mặt trận Tổ quốc xã").exists()


@pytest.mark.parametrize(
    ("slug", "field", "value"),
    [
        ("kinh-phi", "amount", "abc"),
        ("kinh-phi", "amount", "99999999999999999999999"),
        ("kinh-phi", "amount", "-5"),
        ("bao-cao", "due_date", "2024-02-30"),
        ("can-cu", "doc_date", "18/01/2022x"),
        ("du-an", "item", "99999999"),
        ("noi-nhan", "purpose", "x/y"),
        ("noi-nhan", "order", "-1"),
        ("noi-nhan", "order", "99999999999999999999"),
        ("chi-tieu", "text", "có ký tự \x00"),
    ],
)
def test_part_refuses_bad_values_without_500_and_saves_nothing(plan, official, slug, field, value):
    _section, related, _formset = PARTS[slug]
    before = list(getattr(plan, related).values_list("pk", flat=True))
    url = reverse("plan_part", args=[plan.pk, slug])
    body = form_fields(official.get(url), "part-form")
    prefix = formset_prefix(body)
    new = int(body[f"{prefix}-INITIAL_FORMS"])
    body |= {f"{prefix}-{new}-{name}": v for name, v in _new_row(slug, plan).items()}
    body[f"{prefix}-{new}-{field}"] = value
    response = official.post(url, body)
    assert response.status_code == 200
    assert list(getattr(plan, related).values_list("pk", flat=True)) == before
    assert fresh(plan).version == plan.version


def test_project_part_offers_the_items_of_the_plans_program(plan, official):
    """The blank row (and every row) of the projects formset must list the program's projects."""
    items = ProgramItem.objects.filter(version=plan.program)
    assert items.count() > 1
    content = official.get(reverse("plan_part", args=[plan.pk, "du-an"])).content.decode()
    select = content[content.index('name="projects-0-item"') :]
    select = select[: select.index("</select>")]
    offered = set(re.findall(r'<option value="(\d+)"', select))
    assert offered == {str(pk) for pk in items.values_list("pk", flat=True)}


def test_part_of_a_project_of_another_program_version_is_refused(plan, official):
    other = ProgramItem.objects.exclude(version=plan.program).first()
    url = reverse("plan_part", args=[plan.pk, "du-an"])
    body = form_fields(official.get(url), "part-form")
    body |= {"projects-0-order": "1", "projects-0-item": str(other.pk)}
    assert official.post(url, body).status_code == 200
    assert not plan.projects.exists()


def test_unknown_part_is_404(plan, official):
    assert official.get(reverse("plan_part", args=[plan.pk, "khong-co"])).status_code == 404
    assert official.post(reverse("plan_part", args=[plan.pk, "khong-co"]), {}).status_code == 404


@pytest.mark.parametrize("user", ["reviewer_van_quan", "admin_lang_son"])
def test_part_post_by_who_may_only_read_is_403(plan, world, client, user):
    client.force_login(getattr(world.users, user))
    url = reverse("plan_part", args=[plan.pk, "noi-nhan"])
    response = client.post(url, {"version": plan.version, "recipients-TOTAL_FORMS": "0"})
    assert response.status_code == 403
    assert Recipient.objects.filter(plan=plan).count() == 4

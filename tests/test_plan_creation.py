"""Creating a plan: on the commune's plans page (who may, the year refused beside its field) and through
plans.creation.create_plan (its rows, its defaults, who may create a commune's or a district's plan)."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from households.counts import commune_counts
from households.models import Village
from plans.creation import create_plan
from plans.forms import PlanCreateForm
from plans.grid import village_grid
from plans.models import Plan, PlanStatus
from tests.support.pages import form_fields, page
from tests.support.plans import YEAR
from tests.support.world import fresh


def vietnamese_error(form_class, data: dict, field: str) -> list[str]:
    """The messages `form_class` gives for `field` in Vietnamese, checked to differ from English."""
    with translation.override("vi"):
        vi = list(form_class(data).errors[field])
    with translation.override("en"):
        en = list(form_class(data).errors[field])
    assert vi != en, f"not translated: {en}"
    return vi


def test_official_creates_a_plan_and_lands_on_it(world, official):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    body = form_fields(official.get(url), "create-plan")
    body["year"] = "2024"
    response = official.post(url, body)
    plan = Plan.objects.get(commune=world.communes.diem_he, year=2024)
    assert response.status_code == 302
    assert response.url == reverse("plan", args=[plan.pk])
    assert plan.created_by == world.users.official_diem_he
    assert official.get(response.url).status_code == 200


def test_a_reviewer_cannot_create_a_communes_plan(world, reviewer):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    assert reviewer.get(url).status_code == 200
    assert b'data-testid="create-plan"' not in reviewer.get(url).content
    assert reviewer.post(url, {"year": "2024"}).status_code == 403
    assert not Plan.objects.exists()


def test_an_official_of_another_commune_gets_404(world, client):
    client.force_login(world.users.official_ha_trung)
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    assert client.post(url, {"year": "2024"}).status_code == 404
    assert not Plan.objects.exists()


@pytest.mark.parametrize("year", ["abc", "1800", "2101", "", "2024.5", "٢٠٢٤x"])
def test_a_bad_year_is_refused_in_vietnamese_next_to_the_field(world, official, year):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    response = official.post(url, {"year": year})
    assert response.status_code == 200
    # The limits are our own Vietnamese messages (no English original to compare with).
    own = {"1800": ["Số quá nhỏ: tối thiểu 2000."], "2101": ["Số quá lớn: tối đa 2100."]}
    expected = own.get(year) or vietnamese_error(PlanCreateForm, {"year": year}, "year")
    shown = re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', response.content.decode())
    assert [html.unescape(m) for m in shown] == expected
    assert not Plan.objects.exists()


def test_a_second_plan_for_the_year_is_refused_next_to_the_field(plans, world, official):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    response = official.post(url, {"year": "2024"})
    assert response.status_code == 200
    assert "Đã có kế hoạch năm 2024." in page(response)
    assert Plan.objects.filter(commune=world.communes.diem_he).count() == 1


def test_a_plan_for_a_year_without_a_program_is_refused(world, official):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    before = Plan.objects.count()
    response = official.post(url, {"year": "2040"})
    assert Plan.objects.count() == before
    # Refused by the form now (years offered: the commune's years and the next), before the program.
    this_year = datetime.date.today().year
    years = ", ".join(str(y) for y in sorted({2024, 2025, this_year, this_year + 1}))
    assert f"Chỉ lập được kế hoạch cho năm đã có số liệu của xã, năm kế tiếp, năm nay hoặc năm sau: {years}." in page(
        response
    )
    with pytest.raises(ValidationError, match="Chưa có danh mục Chương trình cho năm 2040"):
        create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2040)


def test_create_plan_has_a_row_for_every_village_with_the_counts_of_the_year(world):
    diem_he = world.communes.diem_he
    pac_lang = Village.objects.create(commune=diem_he, name="Pác Làng", order=3)
    plan = create_plan(by=world.users.official_diem_he, commune=diem_he, year=YEAR)

    assert (plan.status, plan.revision, plan.version, plan.previous) == (PlanStatus.DRAFT, 1, 1, None)
    grid = village_grid(plan)
    rows, total = commune_counts(diem_he, YEAR)
    assert [r.key for r in grid.rows] == [r.village.pk for r in rows]
    assert [r.key for r in grid.rows] == [world.villages.na_sung.pk, world.villages.thong_nhat.pk, pac_lang.pk]
    assert [(r.households, r.poor_start, r.near_poor_start) for r in grid.rows] == [
        (r.total, r.poor, r.near_poor) for r in rows
    ]
    assert [(r.households, r.poor_start, r.near_poor_start) for r in grid.rows[:2]] == [(2, 1, 1), (82, 4, 12)]
    assert [r.key for r in grid.missing] == [pac_lang.pk]
    # The plan's total is unknown while a village lacks counts; the commune total counts what is known.
    assert grid.total.households is None
    assert (total.total, total.poor, total.near_poor) == (84, 5, 13)
    # Default header and parts for a first plan; the creation is recorded.
    assert plan.issuing_body == "ỦY BAN NHÂN DÂN XÃ ĐIỀM HE"
    assert plan.parent_body == "UBND HUYỆN VĂN QUAN"
    assert plan.recipients.count() == 4 and plan.reporting.count() == 4
    assert all(item.due_date.year == YEAR for item in plan.reporting.all())
    assert plan.events.get().to_status == PlanStatus.DRAFT
    assert (plan.error_count, plan.warning_count) == (2, 0)  # Pác Làng's counts, the signer
    assert (fresh(plan).error_count, fresh(plan).warning_count) == (2, 0)


def test_create_plan_leaves_out_villages_not_valid_in_the_year(world):
    diem_he = world.communes.diem_he
    Village.objects.create(commune=diem_he, name="Nà Pàn", order=3, valid_until=datetime.date(2023, 12, 31))
    Village.objects.create(commune=diem_he, name="Khòn Pàn", order=4, valid_from=datetime.date(2025, 1, 1))
    plan = create_plan(by=world.users.official_diem_he, commune=diem_he, year=YEAR)
    assert set(plan.village_targets.values_list("village", flat=True)) == {
        world.villages.na_sung.pk,
        world.villages.thong_nhat.pk,
    }


def test_a_second_plan_for_the_same_year_is_refused(plans, world):
    with pytest.raises(ValidationError):
        create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR)
    assert Plan.objects.filter(commune=world.communes.diem_he, year=YEAR).count() == 1
    # Another year is a new plan.
    assert create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2025)


@pytest.mark.parametrize("user", ["official_ha_trung", "reviewer_van_quan", "admin_lang_son", "no_role"])
def test_only_the_communes_officials_create_its_plan(world, user):
    with pytest.raises(PermissionDenied):
        create_plan(by=getattr(world.users, user), commune=world.communes.diem_he, year=YEAR)
    assert not Plan.objects.filter(commune=world.communes.diem_he).exists()


def test_only_the_districts_own_staff_create_the_district_plan(world):
    for user in (world.users.official_diem_he, world.users.reviewer_thanh_hoa, world.users.admin_lang_son):
        with pytest.raises(PermissionDenied):
            create_plan(by=user, district=world.districts.van_quan, year=YEAR)
    plan = create_plan(by=world.users.reviewer_van_quan, district=world.districts.van_quan, year=YEAR)
    assert plan.is_district_plan and plan.parent_body == "UBND TỈNH LẠNG SƠN"


@pytest.mark.parametrize(
    ("query", "opens_on"),
    [("", "2025"), ("?year=2024", "2024"), ("?year=2031", "2025"), ("?year=abc", "2025")],
)
def test_the_creation_form_opens_on_the_year_asked_for_else_the_year_being_planned(
    world, official, monkeypatch, query, opens_on
):
    from povertyplan import needs

    monkeypatch.setattr(needs, "local_today", lambda: datetime.date(2024, 12, 2))  # planning 2025
    url = reverse("commune_plans", args=[world.communes.diem_he.pk]) + query
    assert form_fields(official.get(url), "create-plan")["year"] == opens_on

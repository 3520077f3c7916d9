"""A plan's history gathers its year: the counts its start figures are read from, the officers its
villages name, every revision (a deleted draft included); and the entries of one request share its id."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from plans import workflow
from plans.models import Officer, Plan
from povertyplan.audit.models import Action, Entry
from tests.support.factories import VillageFactory
from tests.support.pages import form_fields, formset_prefix, page
from tests.support.plans import YEAR
from tests.support.world import fresh

pytestmark = pytest.mark.django_db


def _history(client, plan) -> list[str]:
    response = client.get(reverse("plan_history", args=[plan.pk]))
    assert response.status_code == 200
    chunks = re.findall(r'data-testid="history-entry"[^>]*>(.*?)</li>', page(response), flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in chunks]


def _save_counts(client, commune, year, village, households: str):
    url = reverse("counts_edit", args=[commune.pk, year])
    body = form_fields(client.get(url), "counts-form")
    body |= {f"v{village.pk}-total_households": households, f"v{village.pk}-poor": "5", f"v{village.pk}-near_poor": "6"}
    assert client.post(url, body).status_code == 302


def test_a_count_of_the_plans_year_shows_in_the_plans_history_and_another_years_does_not(world, plans, client):
    official = world.users.official_diem_he
    client.force_login(official)
    village = world.villages.thong_nhat
    _save_counts(client, world.communes.diem_he, YEAR, village, "90")
    _save_counts(client, world.communes.diem_he, YEAR + 1, village, "91")

    shown = [e for e in _history(client, plans.diem_he) if "Lưu số liệu thôn" in e]
    assert len(shown) == 1
    assert "Số liệu Thôn Thống Nhất năm 2024" in shown[0] and "82 → 90" in re.sub(r"\s+", " ", shown[0])
    # The reviewer of the district sees it too; the other district's reviewer gets 404.
    client.force_login(world.users.reviewer_van_quan)
    assert any("Lưu số liệu thôn" in e for e in _history(client, plans.diem_he))
    client.force_login(world.users.reviewer_thanh_hoa)
    assert client.get(reverse("plan_history", args=[plans.diem_he.pk])).status_code == 404


def test_an_officer_renamed_after_the_plan_was_made_shows_in_the_plans_history(world, plans, client):
    client.force_login(world.users.official_diem_he)
    url = reverse("officers", args=[world.communes.diem_he.pk])
    body = form_fields(client.get(url), "officers-form")
    prefix = formset_prefix(body)
    body |= {f"{prefix}-0-name": "Lý Văn Lan", f"{prefix}-0-position": "Công chức LĐ-TB&XH", f"{prefix}-0-active": "on"}
    assert client.post(url, body).status_code == 302
    assert Officer.objects.filter(name="Lý Văn Lan").exists()

    shown = [e for e in _history(client, plans.diem_he) if "Lý Văn Lan" in e]
    assert len(shown) == 1 and "Thêm cán bộ" in shown[0]


def test_another_communes_counts_and_officers_stay_out_of_the_plans_history(world, plans, client):
    client.force_login(world.users.official_ha_trung)
    ha_trung_village = world.counts.ha_trung_tk2.village
    _save_counts(client, world.communes.ha_trung, YEAR, ha_trung_village, "77")
    assert Entry.objects.filter(action=Action.COUNTS_SAVE, commune=world.communes.ha_trung).count() == 1
    client.force_login(world.users.official_diem_he)
    assert not any("Lưu số liệu thôn" in e for e in _history(client, plans.diem_he))


def test_a_revision_made_then_deleted_stays_in_the_issued_plans_history(world, issued, client):
    official, plan = world.users.official_diem_he, issued
    revision = workflow.new_revision(by=official, plan=plan, version=plan.version)
    client.force_login(official)
    response = client.post(reverse("plan_delete", args=[revision.pk]), {"version": str(fresh(revision).version)})
    assert response.status_code == 302
    assert not Plan.objects.filter(pk=revision.pk).exists()

    shown = _history(client, plan)
    assert sum("Xóa dự thảo" in e and "(lần 2)" in e for e in shown) == 1
    assert sum("Lập bản sửa đổi" in e and "(lần 2)" in e for e in shown) == 1
    assert client.get(reverse("plan_history", args=[revision.pk])).status_code == 404


def test_the_entries_of_one_request_share_its_id_and_the_next_requests_differ(world, client):
    client.force_login(world.users.official_diem_he)
    villages = [world.villages.thong_nhat, VillageFactory(commune=world.communes.diem_he)]
    url = reverse("counts_edit", args=[world.communes.diem_he.pk, YEAR])
    body = form_fields(client.get(url), "counts-form")
    for i, v in enumerate(villages):
        body |= {f"v{v.pk}-total_households": str(100 + i), f"v{v.pk}-poor": "5", f"v{v.pk}-near_poor": "6"}
    assert client.post(url, body).status_code == 302
    first = set(Entry.objects.filter(action=Action.COUNTS_SAVE).values_list("request_id", flat=True))
    _save_counts(client, world.communes.diem_he, YEAR, villages[0], "120")
    ids = list(Entry.objects.filter(action=Action.COUNTS_SAVE).order_by("id").values_list("request_id", flat=True))
    assert len(ids) == 3 and len(first) == 1
    assert ids[0] == ids[1] != ids[2]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)

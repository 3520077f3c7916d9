"""The register of issued copies ("Sổ đăng ký văn bản đã ban hành", issue 14, point 3): a commune's, and a
user's area (a reviewer's district), scoped through access, in one query whatever the number of rows."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import services, workflow
from plans.creation import create_plan
from povertyplan.access import Role
from povertyplan.models import User
from reports.models import IssuedCopy
from tests.support.issued import original_of
from tests.support.pages import page
from tests.support.plans import go


def _codes(response) -> list[str]:
    return re.findall(r'data-testid="register-row" data-code="([A-Z2-7]+)"', page(response))


@pytest.fixture
def ha_trung_issued(world):
    """Hà Trung's 2024 plan issued (another district of another province: out of Văn Quan's area)."""
    official = world.users.official_ha_trung
    plan = create_plan(by=official, commune=world.communes.ha_trung, year=2024)
    plan = services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"signer_name": "Lê Văn A"})
    plan = go(plan, official, "submit")
    district_reviewer = User.objects.create_user(
        username="huyen.hatrung", password="x", role=Role.REVIEWER, district=world.districts.ha_trung,
        province=world.provinces.thanh_hoa,
    )  # fmt: skip
    plan = go(plan, district_reviewer, "approve")
    return go(plan, official, "issue", number=3, issue_date=datetime.date(2024, 2, 1))


def test_each_register_lists_the_copies_in_its_area_only(issued, ha_trung_issued, world, client):
    diem_he, ha_trung = original_of(issued).code, original_of(ha_trung_issued).code
    client.force_login(world.users.reviewer_van_quan)
    assert _codes(client.get(reverse("issued_register"))) == [diem_he]
    assert _codes(client.get(reverse("commune_register", args=[world.communes.diem_he.pk]))) == [diem_he]
    assert client.get(reverse("commune_register", args=[world.communes.ha_trung.pk])).status_code == 404
    client.force_login(world.users.official_ha_trung)
    assert _codes(client.get(reverse("issued_register"))) == [ha_trung]
    client.force_login(world.users.no_role)
    assert _codes(client.get(reverse("issued_register"))) == []


def test_a_row_says_number_date_signer_code_signed_copies_and_whether_replaced(issued, world, client, users):
    revision = workflow.new_revision(by=users.official_diem_he, plan=issued, version=issued.version)
    revision = go(go(revision, users.official_diem_he, "submit"), users.reviewer_van_quan, "approve")
    revision = go(revision, users.official_diem_he, "issue", number=6, issue_date=datetime.date(2024, 3, 1))
    client.force_login(world.users.official_diem_he)
    content = page(client.get(reverse("commune_register", args=[world.communes.diem_he.pk])))
    rows = re.findall(r'<tr data-testid="register-row".*?</tr>', content, re.S)
    texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    old, new = original_of(issued), original_of(revision)
    assert texts[0].startswith(f"06/KH-UBND 01/03/2024 xã Điềm He {new.summary} {new.signer_name} {new.grouped_code}")
    assert "đang có hiệu lực" in texts[0]
    assert texts[1].startswith(f"05/KH-UBND 20/01/2024 xã Điềm He {old.summary} {old.signer_name} {old.grouped_code}")
    assert "đã được thay thế" in texts[1] and f"{old.sha256[:12]} 0 " in texts[1]


def test_the_register_costs_the_same_queries_for_one_copy_or_many(issued, world, client):
    client.force_login(world.users.reviewer_van_quan)
    url = reverse("issued_register")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    # Two more copies in the area (rows of the register, written as the issue writes them).
    for number, year in ((7, 2025), (8, 2026)):
        plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=year)
        IssuedCopy.objects.create(
            plan=plan, pdf=b"%PDF-", sha256=f"{number:064d}", size=5, code=f"CODE{'QR'[number - 7]}AAAAA", number=number,
            symbol="KH-UBND", issue_date=datetime.date(2024, 12, number), issuing_body="x", summary="x", signer_name="x",
        )  # fmt: skip
    with CaptureQueriesContext(connection) as three:
        assert len(_codes(client.get(url))) == 3
    assert len(three) == len(one)

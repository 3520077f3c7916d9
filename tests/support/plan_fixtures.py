"""Fixtures of a plan in each state, shared by the plan test modules (registered by tests/conftest.py).

All start from Điềm He's 2024 draft (conftest's `plans`): `signed` (= `draft`) has its signer and no
errors, then `submitted`, `approved`, `issued` (by the commune's official: number 5 of 20/01/2024); `transcribed` is the draft marked
as typed from a printed plan.
"""

from __future__ import annotations

import pytest

from households.models import VillageCount
from plans import services, workflow
from plans.creation import create_plan
from povertyplan.access import Role
from povertyplan.models import User
from tests.support.plans import ISSUE_DATE, SIGNER, YEAR, go, sign


@pytest.fixture
def users(world):
    return world.users


@pytest.fixture
def plan(plans):
    return plans.diem_he


@pytest.fixture
def targets(plan, world):
    by_village = {t.village_id: t for t in plan.village_targets.all()}
    return by_village[world.villages.na_sung.pk], by_village[world.villages.thong_nhat.pk]


@pytest.fixture
def signed(plan, world):
    return services.save_plan_fields(
        by=world.users.official_diem_he, plan=plan, version=plan.version, data={"signer_name": SIGNER}
    )


@pytest.fixture
def draft(signed):
    """Điềm He's 2024 draft with a signer: no errors, ready to submit."""
    return signed


@pytest.fixture
def submitted(signed, world):
    return workflow.perform(by=world.users.official_diem_he, plan=signed, name="submit", version=signed.version)


@pytest.fixture
def approved(submitted, users):
    return go(submitted, users.reviewer_van_quan, "approve")


@pytest.fixture
def issued(approved, users):
    return go(approved, users.official_diem_he, "issue", number=5, issue_date=ISSUE_DATE)


@pytest.fixture
def transcribed(plan, world):
    return services.save_plan_fields(
        by=world.users.official_diem_he, plan=plan, version=plan.version, data={"transcribed": True}
    )


@pytest.fixture
def hac_thanh_plan(world):
    """Hạc Thành (Thanh Hóa, no district): its official, counts for its one village, a signed draft."""
    official = User.objects.create_user(
        username="xa.hacthanh",
        password="x",
        role=Role.OFFICIAL,
        commune=world.communes.hac_thanh,
        province=world.provinces.thanh_hoa,
    )
    VillageCount.objects.create(village=world.villages.to1, year=YEAR, total_households=240, poor=3, near_poor=5)
    plan = create_plan(by=official, commune=world.communes.hac_thanh, year=YEAR)
    plan = sign(plan, official)
    return plan, official

"""The test world after the two-level government (1 July 2025): Điềm He directly under Lạng Sơn.

Built on the shared world (tests/support/world.py) and its plans: Điềm He keeps Văn Quan as its former
district (its 2024 plan stays with huyen.vanquan), has a 2026 plan (reviewed by Lạng Sơn's department,
`tinh.langson.sld`), and Văn Quan is history (valid until 30/6/2025). Tri Lễ stays under Văn Quan: a
commune that still has a district keeps being reviewed by it in every year.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from households.models import Commune, District
from plans.creation import create_plan
from povertyplan.access import Role
from povertyplan.models import User
from tests.support.world import PASSWORD

REFORM = datetime.date(2025, 7, 1)
LAST_DAY_OF_DISTRICTS = datetime.date(2025, 6, 30)


def build_world_2026(world: SimpleNamespace, plans: SimpleNamespace) -> SimpleNamespace:
    """Move Điềm He under its province, add the province reviewer and a 2026 plan."""
    diem_he = world.communes.diem_he
    Commune.objects.filter(pk=diem_he.pk).update(
        district=None, former_district=world.districts.van_quan, code="06280"
    )  # a commune that carries on keeps its validity (households.national_units): it has a 2024 plan
    District.objects.filter(pk=world.districts.van_quan.pk).update(valid_until=LAST_DAY_OF_DISTRICTS)
    diem_he.refresh_from_db()
    reviewer_lang_son = User.objects.create_user(
        username="tinh.langson.sld", password=PASSWORD, role=Role.REVIEWER, province=world.provinces.lang_son
    )
    plan_2026 = create_plan(by=world.users.official_diem_he, commune=diem_he, year=2026)
    return SimpleNamespace(
        diem_he=diem_he,
        plan_2024=plans.diem_he,
        plan_2026=plan_2026,
        reviewer_lang_son=reviewer_lang_son,
        reviewer_van_quan=world.users.reviewer_van_quan,
        reviewer_thanh_hoa=world.users.reviewer_thanh_hoa,
    )

"""The fixture world shared by the tests: two provinces, their units, households and one user per role.

Outsiders are named: the Điềm He official must see nothing of Hà Trung, the Văn Quan reviewer nothing of
the Thanh Hóa communes.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def stale_catalogues(locale: Path = LOCALE) -> list[str]:
    """The catalogues (.po) whose compiled form (.mo) is missing or older: tests of Vietnamese and English
    text would then fail for no reason of the code's."""
    stale = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(str(po.relative_to(locale.parent)))
    return stale


def pytest_sessionstart(session):
    stale = stale_catalogues()
    if stale:
        pytest.exit(
            "The translation catalogues are not compiled (or older than their .po): "
            + ", ".join(stale)
            + ". Run `make test` (or `make messages`, which needs gettext's msgfmt, then pytest).",
            returncode=4,
        )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PASSWORD = "test-password-1"


def make_household(user, village, year, *, income, deprivations=0, name="Nguyễn Văn An", **flags):
    """A household with its assessment for `year`, made through the service as an official would."""
    from households import lookups, services
    from households.models import Ethnicity

    indicators = list(lookups.indicators_for(year)[:deprivations])
    assert len(indicators) == deprivations
    return services.save_household(
        by=user,
        household=None,
        data={
            "village": village,
            "head_name": name,
            "members": 4,
            "ethnicity": Ethnicity.objects.get(name=flags.pop("ethnicity", "Tày")),
            "address": "",
            "area": flags.pop("area", ""),
        },
        year=year,
        assessment={"income_per_capita": income, "deprivations": indicators, **flags},
    )


@pytest.fixture
def world(db):
    """Units, users and a few households in two provinces."""
    from households.models import Commune, CommuneKind, District, Province, Village, VillageCount, VillageKind
    from povertyplan.access import Role
    from povertyplan.models import User

    lang_son = Province.objects.create(name="Lạng Sơn", code="20")
    thanh_hoa = Province.objects.create(name="Thanh Hóa", code="38")
    van_quan = District.objects.create(province=lang_son, name="Văn Quan")
    ha_trung_d = District.objects.create(province=thanh_hoa, name="Hà Trung")
    diem_he = Commune.objects.create(province=lang_son, district=van_quan, name="Điềm He", kind=CommuneKind.XA)
    tri_le = Commune.objects.create(province=lang_son, district=van_quan, name="Tri Lễ", kind=CommuneKind.XA)
    ha_trung = Commune.objects.create(
        province=thanh_hoa, district=ha_trung_d, name="Hà Trung", kind=CommuneKind.THI_TRAN
    )
    # A commune directly under its province (two-level government since 1 July 2025).
    hac_thanh = Commune.objects.create(province=thanh_hoa, district=None, name="Hạc Thành", kind=CommuneKind.PHUONG)
    na_sung = Village.objects.create(commune=diem_he, name="Nà Súng", order=1)
    thong_nhat = Village.objects.create(commune=diem_he, name="Thống Nhất", order=2)
    tri_le_1 = Village.objects.create(commune=tri_le, name="Bản Chu", kind=VillageKind.BAN, order=1)
    tk1 = Village.objects.create(commune=ha_trung, name="1", kind=VillageKind.TIEU_KHU, order=1)
    tk2 = Village.objects.create(commune=ha_trung, name="2", kind=VillageKind.TIEU_KHU, order=2)
    to1 = Village.objects.create(commune=hac_thanh, name="1", kind=VillageKind.TO_DAN_PHO, order=1)

    def user(username, role="", **unit):
        u = User.objects.create_user(username=username, password=PASSWORD, role=role, **unit)
        return u

    users = SimpleNamespace(
        official_diem_he=user("xa.diemhe", Role.OFFICIAL, commune=diem_he, province=lang_son),
        official_ha_trung=user("xa.hatrung", Role.OFFICIAL, commune=ha_trung, province=thanh_hoa),
        reviewer_van_quan=user("huyen.vanquan", Role.REVIEWER, district=van_quan, province=lang_son),
        reviewer_thanh_hoa=user("tinh.thanhhoa.tdinh", Role.REVIEWER, province=thanh_hoa),
        admin_lang_son=user("tinh.langson", Role.PROVINCE_ADMIN, province=lang_son, is_staff=True),
        no_role=user("khach"),
    )
    households = SimpleNamespace(
        diem_he_poor=make_household(
            users.official_diem_he, na_sung, 2024, income=1_200_000, deprivations=3, name="Hoàng Văn Bình"
        ).household,
        diem_he_near=make_household(
            users.official_diem_he, na_sung, 2024, income=1_400_000, deprivations=1, name="Nông Thị Hoa"
        ).household,
        ha_trung_poor=make_household(
            users.official_ha_trung, tk1, 2024, income=1_900_000, deprivations=4, name="Mai Văn Cường"
        ).household,
    )
    counts = SimpleNamespace(
        ha_trung_tk2=VillageCount.objects.create(village=tk2, year=2024, total_households=182, poor=2),
        thong_nhat=VillageCount.objects.create(
            village=thong_nhat, year=2024, total_households=82, poor=4, near_poor=12
        ),
    )
    return SimpleNamespace(
        provinces=SimpleNamespace(lang_son=lang_son, thanh_hoa=thanh_hoa),
        districts=SimpleNamespace(van_quan=van_quan, ha_trung=ha_trung_d),
        communes=SimpleNamespace(diem_he=diem_he, tri_le=tri_le, ha_trung=ha_trung, hac_thanh=hac_thanh),
        villages=SimpleNamespace(na_sung=na_sung, thong_nhat=thong_nhat, tri_le_1=tri_le_1, tk1=tk1, tk2=tk2, to1=to1),
        users=users,
        households=households,
        counts=counts,
    )


@pytest.fixture
def login(client):
    """Log the test client in as a user of the world."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def plans(world):
    """Điềm He's 2024 plan (a draft made from the counts), a reviewer's comment on it, Văn Quan's own plan."""
    from plans.creation import create_plan
    from plans.models import ReviewComment, Section

    diem_he = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2024)
    van_quan = create_plan(by=world.users.reviewer_van_quan, district=world.districts.van_quan, year=2024)
    comment = ReviewComment.objects.create(
        plan=diem_he,
        section=Section.VILLAGE_TABLE,
        text="Xem lại chỉ tiêu thôn Nà Súng.",
        by=world.users.reviewer_van_quan,
    )
    return SimpleNamespace(diem_he=diem_he, van_quan=van_quan, comment=comment)

"""The fixture world: two provinces, their units, households and one user per role.

Outsiders are named: the Điềm He official must see nothing of Hà Trung, the Văn Quan reviewer nothing of
the Thanh Hóa communes. Built by tests/conftest.py's `world` and `plans` fixtures.
"""

from __future__ import annotations

from types import SimpleNamespace

from households import lookups, services
from households.models import Commune, CommuneKind, District, Ethnicity, Province, Village, VillageCount, VillageKind
from plans.creation import create_plan
from plans.models import ReviewComment, Section
from povertyplan.access import Role
from povertyplan.models import User

PASSWORD = "test-password-1"


def make_household(user, village, year, *, income, deprivations=0, name="Nguyễn Văn An", **flags):
    """A household with its assessment for `year`, made through the service as an official would."""
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


def build_world() -> SimpleNamespace:
    """Units, users and a few households in two provinces."""
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
        return User.objects.create_user(username=username, password=PASSWORD, role=role, **unit)

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


def build_plans(world: SimpleNamespace) -> SimpleNamespace:
    """Điềm He's 2024 plan (a draft made from the counts), a reviewer's comment on it, Văn Quan's own plan."""
    diem_he = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2024)
    van_quan = create_plan(by=world.users.reviewer_van_quan, district=world.districts.van_quan, year=2024)
    comment = ReviewComment.objects.create(
        plan=diem_he,
        section=Section.VILLAGE_TABLE,
        text="Xem lại chỉ tiêu thôn Nà Súng.",
        by=world.users.reviewer_van_quan,
    )
    return SimpleNamespace(diem_he=diem_he, van_quan=van_quan, comment=comment)


def fresh(obj):
    """`obj` read again from the database (a plan's version, a row's values after a refused post)."""
    return type(obj).objects.get(pk=obj.pk)

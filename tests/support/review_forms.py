"""A commune with two years of registry for the review-result pack's tests (reports/forms/).

Xã Tân Lập (huyện Văn Quan, Lạng Sơn): villages A (Nà Pàn) and B (Khòn Khoang) with households assessed
in 2022-2024 through the registry's service, events recorded as the review would, and village C
(Bản Chàng) with typed counts only. `SCENARIO` is the test's own description of every household: its
statuses by year, village by year, members, ethnicity and flags; tests recompute the forms from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from households import lookups, services
from households.models import Commune, Ethnicity, HouseholdEvent, PovertyCause, Village, VillageCount
from povertyplan.access import Role
from povertyplan.models import User

# Rural standard 2022-2025: poor = income <= 1.500.000 and >= 3 deprivations; near-poor < 3.
STATUS_ANSWERS = {
    "poor": (1_200_000, 4),
    "near": (1_300_000, 1),
    "middle": (2_000_000, 1),
    "above": (4_000_000, 0),
}


@dataclass
class Case:
    name: str
    years: dict[int, tuple[str, str]]  # year -> (status, village key)
    members: int = 4
    ethnicity: str = "Tày"
    event: str = ""  # an event of 2024: moved_out, moved_in, died, split, merged
    flags: dict = field(default_factory=dict)
    causes: tuple[str, ...] = ()


SCENARIO = [
    Case("Hoàng Văn Một", {2023: ("poor", "A"), 2024: ("near", "A")}, 3, causes=("thieu-von",)),
    Case("Nông Văn Hai", {2023: ("poor", "A"), 2024: ("above", "A")}, 5),
    Case(
        "Lương Văn Ba",
        {2023: ("poor", "A"), 2024: ("poor", "A")},
        6,
        flags={"no_labour_capacity": True},
        causes=("thieu-von", "thieu-dat"),
    ),  # fmt: skip
    Case("Vi Văn Bốn", {2023: ("poor", "A")}, 2, event="moved_out"),
    Case("Lăng Văn Năm", {2023: ("near", "A"), 2024: ("poor", "A")}, 4, ethnicity="Kinh", causes=("om-dau",)),
    Case(
        "Lộc Văn Sáu",
        {2022: ("poor", "A"), 2023: ("middle", "A"), 2024: ("poor", "A")},
        7,
        ethnicity="Kinh",
        flags={"is_merit": True},
    ),  # fmt: skip
    Case("Hà Văn Bảy", {2023: ("above", "A"), 2024: ("poor", "A")}, 1, ethnicity="Kinh"),
    Case("Mã Văn Tám", {2024: ("poor", "A")}, 3, ethnicity="Nùng", event="moved_in"),
    Case("Triệu Văn Chín", {2023: ("near", "A"), 2024: ("near", "A")}, 2, ethnicity="Dao"),
    Case("Lý Văn Mười", {2023: ("near", "A"), 2024: ("middle", "A")}, 4),
    Case("Đinh Văn Mười Một", {2023: ("middle", "A"), 2024: ("near", "A")}, 5, ethnicity="Kinh"),
    Case("Chu Văn Mười Hai", {2023: ("poor", "A"), 2024: ("poor", "B")}, 3),
    Case(
        "Dương Văn Mười Ba",
        {2023: ("poor", "B"), 2024: ("poor", "B")},
        4,
        ethnicity="Nùng",
        flags={"no_labour_capacity": True, "is_merit": True},
    ),  # fmt: skip
    Case("Nguyễn Văn Mười Bốn", {2023: ("above", "B"), 2024: ("near", "B")}, 2, ethnicity="Kinh"),
    Case("Hoàng Thị Mười Lăm", {2023: ("near", "B")}, 1, event="died"),
    Case("Nông Thị Mười Sáu", {2023: ("above", "B"), 2024: ("above", "B")}, 3),
]
C_COUNTS = {"total_households": 120, "poor": 6, "near_poor": 9}


def assess(user, household, village, year: int, status: str, case: Case):
    income, deprivations = STATUS_ANSWERS[status]
    indicators = list(lookups.indicators_for(year)[:deprivations])
    causes = list(PovertyCause.objects.filter(code__in=case.causes)) if status in ("poor", "near") else []
    return services.save_household(
        by=user,
        household=household,
        household_version=household.version if household else None,
        assessment_version=0 if household else None,
        data={
            "village": village,
            "head_name": case.name,
            "members": case.members,
            "ethnicity": Ethnicity.objects.get(name=case.ethnicity),
            "address": "",
            "area": "",
        },
        year=year,
        assessment={"income_per_capita": income, "deprivations": indicators, "causes": causes, **case.flags},
    )


def build(world) -> SimpleNamespace:
    """Tân Lập with the scenario's registry; returns the commune, villages, official and households."""
    commune = Commune.objects.create(
        province=world.provinces.lang_son, district=world.districts.van_quan, name="Tân Lập"
    )
    villages = {
        "A": Village.objects.create(commune=commune, name="Nà Pàn", order=1),
        "B": Village.objects.create(commune=commune, name="Khòn Khoang", order=2),
        "C": Village.objects.create(commune=commune, name="Bản Chàng", order=3),
    }
    VillageCount.objects.create(village=villages["C"], year=2024, **C_COUNTS)
    official = User.objects.create_user(
        username="xa.tanlap", password="x", role=Role.OFFICIAL, commune=commune, province=commune.province
    )
    households = {}
    for case in SCENARIO:
        household = None
        for year in sorted(case.years):
            status, village = case.years[year]
            household = assess(official, household, villages[village], year, status, case).household
            household.refresh_from_db()
        households[case.name] = household
        if case.event:
            HouseholdEvent.objects.create(
                household=household, kind=case.event, date="2024-03-01", year=2024, recorded_by=official
            )
    return SimpleNamespace(commune=commune, villages=villages, official=official, households=households)


def expected_status(case: Case, year: int, village: str) -> str | None:
    status, where = case.years.get(year, (None, None))
    return status if where == village else None

"""Demo data: the seed documents' units and published counts, a synthetic registry, one user per role.

Điềm He's published counts are reproduced by a synthetic household registry (so the registry drives its
pages); the other communes keep their counts as typed. Hà Trung's plan prints each tiểu khu's poor
households and rate but not its households: those totals were chosen to agree with the printed rates
and to add up to the printed 2.881 households.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from django.db import transaction

from households.assessment import Answers, assess
from households.lookups import standard_for
from households.models import (
    Assessment,
    Commune,
    District,
    Ethnicity,
    Household,
    Indicator,
    PovertyCause,
    Province,
    Status,
    Village,
    VillageCount,
)
from households.units_import import import_units
from povertyplan.access import Role
from povertyplan.models import User

DATA = Path(__file__).resolve().parent / "data"
REGISTRY_COMMUNES = {"Điềm He"}
DEMO_PASSWORD = "povertyplan-demo"

FAMILY = ["Hoàng", "Nông", "Lương", "Vi", "Lăng", "Lộc", "Hà", "Mã", "Nguyễn", "Triệu", "Lý", "Đinh", "Chu", "Dương"]
MIDDLE_M = ["Văn", "Đức", "Quang", "Thanh", "Minh", "Tiến"]
MIDDLE_F = ["Thị", "Thị", "Thu", "Ngọc", "Thanh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Mạnh", "Nam", "Phúc", "Quân", "Sơn", "Tùng"]
GIVEN_F = ["Anh", "Bích", "Châm", "Dung", "Hạnh", "Hiếu", "Hoa", "Lan", "Liên", "Mai", "Nga", "Thảo", "Tuyết", "Yến"]
ETHNIC_MIX = ["Tày"] * 5 + ["Nùng"] * 3 + ["Kinh"] * 2

USERS = [
    # username, role, unit kind, unit name, staff, superuser, full name
    ("xa.diemhe", Role.OFFICIAL, "commune", "Điềm He", False, False, "Nông Thị Lan"),
    ("xa.hatrung", Role.OFFICIAL, "commune", "Hà Trung", False, False, "Mai Thị Bình"),
    ("huyen.vanquan", Role.REVIEWER, "district", "Văn Quan", False, False, "Hoàng Văn Nam"),
    ("huyen.hatrung", Role.REVIEWER, "district", "Hà Trung", False, False, "Lê Thị Hoa"),
    ("tinh.langson", Role.PROVINCE_ADMIN, "province", "Lạng Sơn", True, False, "Vi Văn Sơn"),
    # The province department reviewing commune plans from 2026 (no district since 1 July 2025).
    ("tinh.langson.sld", Role.REVIEWER, "province", "Lạng Sơn", False, False, "Lăng Thị Hạnh"),
    ("tinh.thanhhoa.sld", Role.REVIEWER, "province", "Thanh Hóa", False, False, "Lê Văn Quang"),
    ("admin", "", None, None, True, True, "Quản trị hệ thống"),
]


def _name(rng: random.Random, female: bool) -> str:
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def _status_plan(total: int, poor: int, near_poor: int, rng: random.Random) -> list[str]:
    rest = total - poor - near_poor
    middle = rest // 6
    statuses = [Status.POOR] * poor + [Status.NEAR_POOR] * near_poor + [Status.MIDDLE] * middle
    statuses += [Status.NOT_POOR] * (rest - middle)
    rng.shuffle(statuses)
    return statuses


def generate_registry(village: Village, year: int, total: int, poor: int, near_poor: int, seed: int) -> None:
    """Create `total` households whose assessments classify to exactly `poor` and `near_poor`."""
    rng = random.Random(seed)
    standard = standard_for(year)
    indicators = list(Indicator.objects.filter(standard=standard))
    ethnicities = {e.name: e for e in Ethnicity.objects.all()}
    causes = {c.code: c for c in PovertyCause.objects.all()}
    seed_causes = [causes[c] for c in ("thieu-von", "thieu-dat", "thieu-kien-thuc", "luoi-lao-dong", "om-dau")]
    area = village.commune.area
    line, middle_line = standard.poverty_line(area), standard.middle_line(area)
    households, plans = [], []
    for status in _status_plan(total, poor, near_poor, rng):
        female = rng.random() < 0.3
        ethnicity = ethnicities[rng.choice(ETHNIC_MIX)]
        households.append(
            Household(
                village=village,
                head_name=_name(rng, female),
                members=rng.randint(1, 7),
                ethnicity=ethnicity,
                address=f"{village}, {village.commune}",
            )
        )
        if status == Status.POOR:
            income, count = rng.randrange(700_000, line + 1, 10_000), rng.randint(3, 6)
        elif status == Status.NEAR_POOR:
            income, count = rng.randrange(900_000, line + 1, 10_000), rng.randint(0, 2)
        elif status == Status.MIDDLE:
            income, count = rng.randrange(line + 10_000, middle_line + 1, 10_000), rng.randint(0, 3)
        else:
            income, count = rng.randrange(middle_line + 10_000, 6_000_000, 10_000), rng.randint(0, 1)
        plans.append((status, income, rng.sample(indicators, count), female))
    Household.objects.bulk_create(households)
    assessments, results = [], []
    for household, (status, income, deprivations, female) in zip(households, plans, strict=True):
        poor_like = status in (Status.POOR, Status.NEAR_POOR)
        answers = Answers(
            year=year,
            area=area,
            income_per_capita=income,
            deprivations=deprivations,
            ethnic_minority=household.ethnicity.is_minority,
            is_merit=rng.random() < 0.03,
            is_social_protection=poor_like and rng.random() < 0.3,
            no_labour_capacity=status == Status.POOR and rng.random() < 0.3,
            female_head=female,
            has_disability=rng.random() < 0.05,
        )
        assessed = assess(answers, standard)
        assert assessed.status == status, (assessed.status, status)
        results.append(assessed)
        assessments.append(Assessment(household=household, year=year, village=village, **assessed.row_fields()))
    Assessment.objects.bulk_create(assessments)
    through_d, through_c = Assessment.deprivations.through, Assessment.causes.through
    links_d, links_c = [], []
    for assessment, assessed in zip(assessments, results, strict=True):
        links_d += [through_d(assessment_id=assessment.pk, indicator_id=i.pk) for i in assessed.deprivations]
        if assessed.status in (Status.POOR, Status.NEAR_POOR):
            links_c += [
                through_c(assessment_id=assessment.pk, povertycause_id=c.pk) for c in rng.sample(seed_causes, 2)
            ]
    through_d.objects.bulk_create(links_d)
    through_c.objects.bulk_create(links_c)


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Load everything; safe to run again. Returns (username, role, unit) of the demo users."""
    import_units((DATA / "demo_units.csv").read_text(encoding="utf-8"))
    with (DATA / "demo_counts.csv").open(encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f)):
            village = Village.objects.get(commune__name=row["commune"], name=row["village"])
            year = int(row["year"])
            total, poor = int(row["total_households"]), int(row["poor"])
            near_poor = int(row["near_poor"]) if row["near_poor"] else None
            if row["commune"] in REGISTRY_COMMUNES:
                if not Household.objects.filter(village=village).exists():
                    generate_registry(village, year, total, poor, near_poor or 0, seed=1000 + n)
            else:
                VillageCount.objects.update_or_create(
                    village=village,
                    year=year,
                    defaults={"total_households": total, "poor": poor, "near_poor": near_poor, "source": row["source"]},
                )
    logins = []
    units = {
        "commune": lambda name: {"commune": Commune.objects.get(name=name)},
        "district": lambda name: {"district": District.objects.get(name=name)},
        "province": lambda name: {"province": Province.objects.get(name=name)},
    }
    for username, role, kind, unit_name, staff, superuser, full_name in USERS:
        unit = units[kind](unit_name) if kind else {}
        user, _ = User.objects.get_or_create(username=username)
        last, _, first = full_name.rpartition(" ")
        user.first_name, user.last_name = first, last
        user.role, user.is_staff, user.is_superuser = role, staff, superuser
        user.commune = unit.get("commune")
        user.district = unit.get("district")
        user.province = unit.get("province") or (user.commune.province if user.commune else None)
        if user.district and not user.province:
            user.province = user.district.province
        user.set_password(DEMO_PASSWORD)
        user.save()
        label = str(user.unit) if user.unit else "toàn hệ thống"
        logins.append((username, user.get_role_display() if role else "superuser", label))
    return logins

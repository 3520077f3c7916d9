"""Demo data of the plans: officers of Điềm He, and the five published plans (plans/data/seeds/*.json)
loaded as transcribed drafts by plans/seed_plans.py.

Each seed plan is loaded by its commune's demo official where there is one (xa.diemhe, xa.hatrung), else
by the demo admin. Điềm He's 2024 plan is now a transcribed draft: the demo's round trip is the official
submitting it, the district reviewer (huyen.vanquan) approving it, the official issuing it. Hà Trung's plan
(seed 002) keeps its real mistake: year-end poor printed 31, its rows sum to 22. Điềm He's officers are
invented (the seed names none); the officers of Hà Trung's table are the seed's. Loading twice changes
nothing.
"""

from __future__ import annotations

from django.db import transaction

from households.models import Commune
from plans.models import Officer
from plans.seed_plans import load_seeds
from povertyplan.models import User

DIEM_HE_OFFICERS = [
    ("Nông Thị Lan", "Công chức Văn hóa - Xã hội (LĐ-TB&XH)", "0912 000 101"),
    ("Hoàng Văn Tùng", "Phó Chủ tịch UBND xã", "0912 000 102"),
    ("Lương Văn Hải", "Chủ tịch Hội Nông dân xã", "0912 000 103"),
    ("Vi Thị Hoa", "Chủ tịch Hội Liên hiệp Phụ nữ xã", "0912 000 104"),
]


def _officers(commune: Commune, people) -> None:
    for name, position, phone in people:
        Officer.objects.get_or_create(commune=commune, name=name, defaults={"position": position, "phone": phone})


# The demo officials (households/demo.py USERS) of the communes that have one.
LOADERS = {"Điềm He": "xa.diemhe", "Hà Trung": "xa.hatrung"}


def _loader(commune, district) -> User:
    """Who loads a seed plan: the commune's demo official, else the demo admin."""
    username = LOADERS.get(commune.name, "admin") if commune is not None else "admin"
    return User.objects.get(username=username)


@transaction.atomic
def load_plan_demo(*, without: tuple[str, ...] = ()) -> None:
    """Điềm He's officers and the seed plans (but those named in `without`: seed file stems)."""
    _officers(Commune.objects.get(name="Điềm He"), DIEM_HE_OFFICERS)
    load_seeds(by_unit=_loader, without=without)


__all__ = ["DIEM_HE_OFFICERS", "load_plan_demo"]

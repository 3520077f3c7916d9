"""A small registry for the review-year tests: Điềm He's 2024 households (the world's two and a few more),
and helpers to open its 2025 review."""

from __future__ import annotations

import datetime

from households import review
from households.models import Assessment
from tests.support.world import make_household

YEAR = 2025


def add_households(world, n: int, village=None, *, income: int = 2_000_000, year: int = YEAR - 1) -> list:
    """`n` more households of 2024 in Nà Súng (not poor unless the income says so)."""
    village = village or world.villages.na_sung
    official = world.users.official_diem_he
    return [
        make_household(official, village, year, income=income, name=f"Lý Văn Số {i + 1}").household for i in range(n)
    ]


def open_diem_he(world, year: int = YEAR):
    return review.open_review(world.users.official_diem_he, world.communes.diem_he, year)


def pending_versions(village, year: int = YEAR) -> dict[int, int]:
    return dict(
        Assessment.objects.filter(village=village, year=year, carried_forward=True).values_list("pk", "version")
    )


def confirm_all(world, year: int = YEAR) -> None:
    for village in world.communes.diem_he.villages.all():
        versions = pending_versions(village, year)
        if versions:
            review.confirm_as_is(world.users.official_diem_he, village=village, year=year, versions=versions)


DECISION = {
    "decision_number": 12,
    "decision_date": datetime.date(2024, 12, 20),
    "signer_name": "Hoàng Văn Hùng",
    "signing_authority": "",  # the chairman's own decision: "CHỦ TỊCH", no "TM."
    "signer_title": "CHỦ TỊCH",
}


def split_from(world, original, *, head_name: str = "Hoàng Văn Nam", on=datetime.date(2024, 11, 5)):
    """A household split from `original` in the open review of YEAR (2 members, near-poor income)."""
    from households.review_models import EventKind

    return review.add_household_with_event(
        world.users.official_diem_he,
        kind=EventKind.SPLIT,
        event={"date": on, "other": original, "note": ""},
        data={"village": original.village, "head_name": head_name, "members": 2,
              "ethnicity": original.ethnicity, "address": "", "area": ""},
        year=YEAR,
        assessment={"income_per_capita": 1_300_000},
    )  # fmt: skip

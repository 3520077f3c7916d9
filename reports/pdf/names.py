"""The plan PDF's file name (KH-2024-xa-Diem-He-ban-1.pdf)."""

from __future__ import annotations

from plans.models import Plan
from reports.names import ascii_name


def plan_file_name(plan: Plan, suffix: str = "") -> str:
    """'KH-2024-xa-Diem-He-ban-1.pdf': year, unit and revision, ASCII only."""
    unit = plan.commune or plan.district
    kind = ascii_name(unit.get_kind_display()).lower()
    return f"KH-{plan.year}-{kind}-{ascii_name(unit.name)}-ban-{plan.revision}{suffix}.pdf"

"""File names of the downloads: ASCII only (KH-2024-xa-Diem-He-ban-1.pdf)."""

from __future__ import annotations

import re
import unicodedata

from plans.models import Plan


def ascii_name(text: str) -> str:
    """'Điềm He' -> 'Diem-He': accents dropped, case kept (Đ has no decomposition: folded by hand)."""
    text = unicodedata.normalize("NFKD", str(text).replace("Đ", "D").replace("đ", "d"))
    text = text.encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[A-Za-z0-9]+", text)) or "x"


def plan_file_name(plan: Plan, suffix: str = "") -> str:
    """'KH-2024-xa-Diem-He-ban-1.pdf': year, unit and revision, ASCII only."""
    unit = plan.commune or plan.district
    kind = ascii_name(unit.get_kind_display()).lower()
    return f"KH-{plan.year}-{kind}-{ascii_name(unit.name)}-ban-{plan.revision}{suffix}.pdf"

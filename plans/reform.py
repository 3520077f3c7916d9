"""A new plan under the unit structure and program of its year (the two-level local government from
1 July 2025, the 2026-2035 program): its parent body, its summary line, the carried-over recipients and
reporting addressees of an abolished district, and its carried-over projects of an older program.

Read by plans/creation.py. The tables are data (plans/data/government.py); every change made to what
was carried over is returned as a note the user is asked to check (shown on creation, kept in the
plan's creation event).
"""

from __future__ import annotations

import functools
import re

from django.utils.translation import gettext as _

from households.models import Commune, District
from plans.data import government
from plans.models import Plan, ProgramItem, ProgramVersion


def district_changed(commune: Commune | None, previous: Plan | None, year: int) -> District | None:
    """The district the previous plan's commune was under when it is no longer in effect for `year`."""
    if commune is None or previous is None:
        return None
    before, now = commune.district_in(previous.year), commune.district_in(year)
    return before if before is not None and before != now else None


def parent_body(commune: Commune, year: int) -> str:
    """The parent body line of a commune's plan of `year`: the district in effect, else the data's rule."""
    above = commune.district_in(year)
    return f"UBND {above}".upper() if above is not None else government.PARENT_BODY_UNDER_PROVINCE


def summary(program: ProgramVersion, year: int, unit) -> str:
    template = government.SUMMARIES.get(program.code, government.SUMMARY_OTHER)
    return template.format(year=year, unit=unit, program=program.name)


@functools.lru_cache(maxsize=8)
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(p, re.IGNORECASE), r) for p, r in government.RECIPIENT_REPLACEMENTS)


def replacement(name: str, province) -> str | None:
    """The post-reform counterpart of an abolished district's body named `name`, or None."""
    line = name.strip()
    for pattern, template in _patterns():
        if pattern.fullmatch(line):
            return template.format(province=province)
    return None


def replace_bodies(plan: Plan, district: District) -> list[str]:
    """Replace, in the new plan's recipients and reporting addressees (just copied, not yet audited:
    the plan's creation is), the bodies of `district`, abolished for the plan's year. A recipient
    whose replacement is already listed is removed. Returns the notes for the user."""
    province = plan.commune.province
    notes = []
    seen = {r.name.strip().casefold() for r in plan.recipients.all()}
    for recipient in plan.recipients.all():
        new = replacement(recipient.name, province)
        if new is None:
            continue
        if new.casefold() in seen:
            recipient.delete()
            notes.append(
                _("Nơi nhận: bỏ “{old}” (đã có “{new}”; không còn cấp huyện từ 01/7/2025).").format(
                    old=recipient.name, new=new
                )
            )
            continue
        notes.append(
            _("Nơi nhận: “{old}” được thay bằng “{new}” (không còn {district} từ 01/7/2025): hãy kiểm tra lại.").format(
                old=recipient.name, new=new, district=district
            )
        )
        seen.add(new.casefold())
        recipient.name = new
        recipient.save(update_fields=["name"])
    for item in plan.reporting.all():
        new = replacement(item.to_whom, province) if item.to_whom else None
        if new is not None:
            notes.append(
                _("Báo cáo “{what}”: gửi “{new}” thay cho “{old}”: hãy kiểm tra lại.").format(
                    what=item.what, old=item.to_whom, new=new
                )
            )
            item.to_whom = new
            item.save(update_fields=["to_whom"])
    return notes


def _code(item: ProgramItem) -> str:
    return f"{item.parent.number}.{item.number}" if item.parent_id else item.number


class ProjectMapper:
    """Where the carried-over projects of an older program go in the new plan's program (data:
    government.PROJECT_MAP), with the notes saying what was mapped and what dropped."""

    def __init__(self, program: ProgramVersion):
        self.program = program
        self.items = {_code(i): i for i in program.items.select_related("parent")}
        self.notes: list[str] = []

    def target(self, item: ProgramItem) -> ProgramItem | None:
        if item.version_id == self.program.pk:
            return item
        mapping = government.PROJECT_MAP.get((item.version.code, self.program.code), {})
        new = self.items.get(mapping.get(_code(item), ""))
        if new is None:
            self.notes.append(
                _("“{old}” thuộc {version}, không có trong Chương trình của năm kế hoạch: không chuyển sang.").format(
                    old=item, version=item.version.name
                )
            )
        else:
            label = f"{new.parent.name}, {new}" if new.parent_id else str(new)
            self.notes.append(
                _("“{old}” (Chương trình cũ) được chuyển thành “{new}”: hãy kiểm tra lại.").format(old=item, new=label)
            )
        return new


__all__ = ["ProjectMapper", "district_changed", "parent_body", "replace_bodies", "replacement", "summary"]

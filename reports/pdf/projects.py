"""The projects part as the plans print it: each project numbered ("1. Dự án 2: ..."), a sub-project under
its project ("2. Dự án 3: ..." once, then "2.1. Tiểu dự án 1: ..."), and each project's fields lettered
per Decree 30 ("a) Mục tiêu: ...", "b) Đối tượng" followed by its "- " lines)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans.document import ARABIC, DASH, LETTER, PLUS, number_for
from plans.models import PlanProject, ProgramItem


@dataclass
class ProjectField:
    number: str  # "a)"
    label: str
    inline: str  # a one-line value, printed after the label
    lines: list[str] = field(default_factory=list)  # a value of several lines, one paragraph each


@dataclass
class PrintedProject:
    number: str  # "1.", "2.1."
    label: str
    fields: list[ProjectField] = field(default_factory=list)


# A style's next level: a project numbered "a)" letters its sub-projects "-" and its fields "+".
_BELOW = {ARABIC: LETTER, LETTER: DASH, DASH: PLUS, PLUS: PLUS}


def _fields(project: PlanProject, style: str = LETTER) -> list[ProjectField]:
    values = [
        (_("Mục tiêu"), project.objective),
        (_("Đối tượng"), project.beneficiaries),
        (_("Nội dung hỗ trợ"), project.content),
        (_("Kinh phí"), project.funding),
        (_("Cơ quan chủ trì"), project.lead_body),
        (_("Cơ quan phối hợp"), project.coordinating_bodies),
        (_("Thời gian thực hiện"), project.time_frame),
    ]
    out = []
    for label, value in values:
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if not lines:
            continue
        number = number_for(style, len(out) + 1)
        if len(lines) == 1 and not lines[0].startswith(("- ", "+ ")):
            out.append(ProjectField(number=number, label=label, inline=lines[0]))
        else:
            out.append(ProjectField(number=number, label=label, inline="", lines=lines))
    return out


def printed_projects(projects: list[PlanProject], style: str = ARABIC) -> list[PrintedProject]:
    """The projects numbered in `style` (one level below the node placing them): "1.", sub-projects "1.1."
    and fields "a)" under a section; under a clause "a)", sub-projects "-", fields "-" (a sub-project's "+")."""
    out: list[PrintedProject] = []
    parent_id, count, sub = None, 0, 0
    sub_style = _BELOW.get(style, PLUS)
    for project in projects:
        item = project.item
        if item.kind == ProgramItem.Kind.SUBPROJECT and item.parent_id is not None:
            if item.parent_id != parent_id:
                count, sub, parent_id = count + 1, 0, item.parent_id
                out.append(PrintedProject(number=number_for(style, count), label=str(item.parent)))
            sub += 1
            number = f"{count}.{sub}." if style == ARABIC else number_for(sub_style, sub)
        else:
            count, sub, parent_id = count + 1, 0, None
            number = number_for(style, count)
        field_style = LETTER if style == ARABIC else _BELOW.get(sub_style if sub else style, PLUS)
        out.append(PrintedProject(number=number, label=project.item_label, fields=_fields(project, field_style)))
    return out

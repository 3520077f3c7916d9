"""The projects part as the plans print it: each project numbered ("1. Dự án 2: ..."), a sub-project under
its project ("2. Dự án 3: ..." once, then "2.1. Tiểu dự án 1: ..."), and each project's fields lettered
per Decree 30 ("a) Mục tiêu: ...", "b) Đối tượng" followed by its "- " lines)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans.document import number_for
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


def _fields(project: PlanProject) -> list[ProjectField]:
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
        number = number_for("letter", len(out) + 1)
        if len(lines) == 1 and not lines[0].startswith(("- ", "+ ")):
            out.append(ProjectField(number=number, label=label, inline=lines[0]))
        else:
            out.append(ProjectField(number=number, label=label, inline="", lines=lines))
    return out


def printed_projects(projects: list[PlanProject]) -> list[PrintedProject]:
    out: list[PrintedProject] = []
    parent_id, count, sub = None, 0, 0
    for project in projects:
        item = project.item
        if item.kind == ProgramItem.Kind.SUBPROJECT and item.parent_id is not None:
            if item.parent_id != parent_id:
                count, sub, parent_id = count + 1, 0, item.parent_id
                out.append(PrintedProject(number=f"{count}.", label=str(item.parent)))
            sub += 1
            number = f"{count}.{sub}."
        else:
            count, sub, parent_id = count + 1, 0, None
            number = f"{count}."
        out.append(PrintedProject(number=number, label=project.item_label, fields=_fields(project)))
    return out

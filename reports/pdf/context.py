"""What the plan's PDF prints, as template context: `document(plan)` (header, legal bases, the outline,
recipients, signature, closing) and the rows of each structured part the outline places.

Which nodes print and with which number comes from `plans.document.plan_numbers`, the function the plan
page reads too: a node is printed when it has text, a part with rows, or a printed sub-section (an empty
heading is left out), and the printed nodes are numbered among the printed siblings, so a left-out section
leaves no gap (I., II., III.) and the page shows the same numbers. A part's items (responsibilities' units,
projects) are numbered one level below the node placing them (`item_style`). The village-table node with an
annex title prints "(Chi tiết tại Phụ lục kèm theo)" and its table goes to an annex after the signature."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans.document import (
    ARABIC,
    DASH,
    DEFAULT_STYLE_BY_LEVEL,
    LETTER,
    PLUS,
    ROMAN,
    BodyNode,
    Document,
    document,
    number_for,
    part_printed,
    part_rows,
    plan_numbers,
    roman,
)
from plans.grid import Grid
from plans.models import Part, Plan, PlanStatus
from plans.reads import plan_table
from povertyplan.numbers import document_date
from reports.pdf.projects import printed_projects
from reports.pdf.tables import PrintedTable, plan_printed_table


@dataclass
class PrintedNode:
    node: BodyNode
    children: list[PrintedNode] = field(default_factory=list)
    annexed: bool = False  # the village table printed in an annex: a pointer here
    has_part: bool = False  # its part has rows to print (a part without rows prints nothing)
    parts: Parts | None = field(default=None, repr=False, compare=False)
    number: str = ""  # its number among the siblings that are printed ("I.", "1.", "a)"): no gap for a left-out one

    @property
    def item_style(self) -> str:
        """How the items of the part it places are numbered: one level below this node (under a section
        "1.", under a clause "a)", under a point "-")."""
        return item_style(self.node)

    @property
    def item_level(self) -> int:
        return self.node.level + 1

    @property
    def responsibilities(self) -> list[tuple[str, str, list[str]]]:
        """(number, unit, tasks) of the responsibilities part, numbered below this node."""
        return [
            (number_for(self.item_style, i), unit, tasks)
            for i, (unit, tasks) in enumerate(self.parts.responsibilities, start=1)
        ]

    @property
    def projects(self) -> list:
        return printed_projects(self.parts.project_rows, self.item_style)

    @property
    def part(self) -> str:
        return self.node.part

    @property
    def run_in(self) -> str:
        """A heading ending ":" followed by a paragraph in lower case ("a) Chính sách tín dụng hộ nghèo: cung
        cấp ..."): the documents print the two on one line; that paragraph, else ""."""
        heading, paragraphs = self.node.heading, self.node.paragraphs
        if heading.rstrip().endswith(":") and paragraphs and paragraphs[0][:1].islower():
            return paragraphs[0]
        return ""

    @property
    def after_heading(self) -> tuple[str, ...]:
        """The paragraphs printed under the heading (without the run-in one)."""
        return self.node.paragraphs[1:] if self.run_in else self.node.paragraphs


@dataclass
class Annex:
    heading: str  # "Phụ lục" or "Phụ lục I"
    title: str
    attached: str  # "(Kèm theo Kế hoạch số ... của ...)"
    table: PrintedTable


@dataclass
class Parts:
    """The rows of each structured part (queried once each, whatever the number of nodes placing it)."""

    plan: Plan
    grid: Grid
    unit_word: str
    targets: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    responsibilities: list = field(default_factory=list)
    reporting: list = field(default_factory=list)
    table: PrintedTable | None = None
    project_rows: list = field(default_factory=list)

    def has(self, part: str) -> bool:
        """Whether the part has something to print (the rule the plan page reads too)."""
        return part_printed(self.plan, self.grid, part)


def parts_of(plan: Plan, grid: Grid) -> Parts:
    if plan.is_district_plan:
        unit_word = _("toàn huyện")
    else:
        unit_word = _("toàn %(kind)s") % {"kind": plan.commune.get_kind_display()}
    return Parts(
        plan=plan,
        grid=grid,
        unit_word=unit_word,
        targets=listed(tuple(t.text for t in part_rows(plan, Part.TARGETS))),
        project_rows=(rows := part_rows(plan, Part.PROJECTS)),
        projects=printed_projects(rows),
        funding=part_rows(plan, Part.FUNDING),
        responsibilities=[(r.unit, _items(r.tasks)) for r in part_rows(plan, Part.RESPONSIBILITIES)],
        reporting=part_rows(plan, Part.REPORTING),
        table=plan_printed_table(plan, grid),
    )


def _items(text: str) -> list[str]:
    """The lines of a typed list, without the dash or plus a user may have typed before each."""
    lines = (line.strip() for line in (text or "").splitlines())
    return [line.lstrip("-+• ").strip() for line in lines if line.lstrip("-+• ").strip()]


def listed(lines: tuple[str, ...], *, prefix: str = "") -> list[str]:
    """Lines of a list as Decree 30 ends them: each ";", the last "." (what the user typed at the end of a
    line, ";" or ".", is not doubled; "..." keeps its dots and gets the final one; a line ending ":" leads
    into what follows and keeps it as typed)."""
    out = []
    for i, line in enumerate(lines):
        text = line.strip().rstrip(";").rstrip()
        if text.endswith(":"):
            out.append(f"{prefix}{text}")
            continue
        if text.endswith(".") and not text.endswith("..."):
            text = text[:-1]
        out.append(f"{prefix}{text}{'.' if i == len(lines) - 1 else ';'}")
    return out


def legal_paragraphs(plan: Plan, doc: Document) -> tuple[str, ...]:
    """The legal-basis lines as printed paragraphs: a basis without its own verb ("Căn cứ", "Thực hiện")
    continues the paragraph of the one before it, after "; " (one sentence citing several documents)."""
    paragraphs: list[str] = []
    for basis, line in zip(plan.legal_bases.all(), doc.legal, strict=True):
        if paragraphs and not basis.verb.strip():
            paragraphs[-1] = f"{paragraphs[-1].rstrip().rstrip(';')}; {line}"
        else:
            paragraphs.append(line)
    return tuple(paragraphs)


def closing_lines(closing: str) -> list[str]:
    """The closing paragraphs, the last ending "./." (the body's end mark)."""
    lines = [line.strip() for line in (closing or "").splitlines() if line.strip()]
    if not lines:
        return ["./."]
    last = lines[-1]
    if not last.endswith("./."):
        last = f"{last}/." if last.endswith(".") and not last.endswith("..") else f"{last}./."
    return [*lines[:-1], last]


# The style of the items a part prints under a node: one level below the node's own numbering.
_BELOW = {ROMAN: ARABIC, ARABIC: LETTER, LETTER: DASH, DASH: PLUS, PLUS: PLUS}


def item_style(node: BodyNode) -> str:
    """Under a section "1.", under a clause "a)", under a point "-"; under an unnumbered heading, the style
    of the level below it."""
    return _BELOW.get(node.style) or DEFAULT_STYLE_BY_LEVEL.get(node.level + 1, DASH)


def _printed(node: BodyNode, parts: Parts, numbers: dict, annexes: list[BodyNode]) -> PrintedNode | None:
    number = numbers.get(node.key)
    if number is None:  # left out (plans.document.printed_numbers)
        return None
    children = [p for p in (_printed(c, parts, numbers, annexes) for c in node.children) if p is not None]
    has_part = bool(node.part) and parts.has(node.part)
    annexed = node.part == Part.VILLAGE_TABLE and bool(node.annex_title) and has_part
    if annexed:
        annexes.append(node)
    return PrintedNode(node=node, children=children, annexed=annexed, has_part=has_part, parts=parts, number=number)


def printed_body(body: tuple[BodyNode, ...], parts: Parts, annexes: list[BodyNode]) -> list[PrintedNode]:
    """The nodes the PDF prints, with the numbers `plans.document.plan_numbers` gives them."""
    numbers = plan_numbers(parts.plan, body, parts.grid)
    return [p for p in (_printed(n, parts, numbers, annexes) for n in body) if p is not None]


COMMITTEE = "ỦY BAN NHÂN DÂN"


def issuing_lines(issuing_body: str) -> list[str]:
    """'ỦY BAN NHÂN DÂN XÃ ĐIỀM HE' on two lines, as the documents print it: the committee, then the unit."""
    lines = [line.strip() for line in issuing_body.splitlines() if line.strip()]
    if len(lines) == 1 and lines[0].upper().startswith(COMMITTEE + " "):
        return [lines[0][: len(COMMITTEE)], lines[0][len(COMMITTEE) :].strip()]
    return lines


def unit_short(plan: Plan) -> str:
    """'UBND xã Điềm He', 'UBND huyện Văn Quan': the issuing committee as the annex line names it."""
    unit = plan.commune or plan.district
    return f"UBND {unit.get_kind_display()} {unit.name}"


def attached_line(plan: Plan, doc: Document) -> str:
    """'(Kèm theo Kế hoạch số 05/KH-UBND ngày 06 tháng 6 năm 2024 của UBND xã Điềm He)', dots before issue."""
    # The issuing body is known before issue: only the number and the day and month are dots.
    body = unit_short(plan)
    if plan.status == PlanStatus.ISSUED and plan.issue_date:
        date = document_date(plan.issue_date)
    else:
        date = f"ngày ... tháng ... năm {plan.year}"
    return _("(Kèm theo Kế hoạch số %(ref)s %(date)s của %(body)s)") % {
        "ref": doc.header.reference,
        "date": date,
        "body": body,
    }


def plan_context(plan: Plan, verification=None) -> dict:
    doc = document(plan)
    grid = plan_table(plan)
    parts = parts_of(plan, grid)
    annex_nodes: list[BodyNode] = []
    body = printed_body(doc.body, parts, annex_nodes)
    attached = attached_line(plan, doc)
    annexes = []
    for i, node in enumerate(annex_nodes, start=1):
        heading = _("Phụ lục") if len(annex_nodes) == 1 else _("Phụ lục %(n)s") % {"n": roman(i)}
        annexes.append(Annex(heading=heading, title=node.annex_title.upper(), attached=attached, table=parts.table))
    return {
        "plan": plan,
        "doc": doc,
        "body": body,
        "parts": parts,
        "annexes": annexes,
        "attached": attached,
        "issuing_lines": issuing_lines(doc.header.issuing_body),
        "legal": listed(legal_paragraphs(plan, doc)),
        "recipients": listed(doc.recipients, prefix="- "),
        "closing": closing_lines(doc.closing),
        "preamble": [line.strip() for line in plan.preamble.splitlines() if line.strip()],
        "draft": plan.status != PlanStatus.ISSUED,
        "verification": verification,
        "title": doc.header.summary,
        "author": doc.header.issuing_body,
    }

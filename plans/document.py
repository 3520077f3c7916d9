"""How a plan reads as a document (the anatomy of a plan, laid out per Decree 30/2020/NĐ-CP, Phụ lục I): its header lines, legal-basis lines, sections in
order with their numbering, recipients and signature block, as plain data.

The plan page renders it (templates/plans/plan_detail.html), the snapshot stores its lines
(plans/snapshot.py), and the PDF will render the same data. Templates decide the layout; the wording
rules (how a legal basis reads, the KT./TM. signature rule, the place and date line) live here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects

from plans.models import Part, Plan, PlanProject, Section
from povertyplan.numbers import document_date

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
KIND = "KẾ HOẠCH"

# The body sections, in document order, numbered I., II., ... in the document. The header, the legal
# bases, the recipients and the signature block stand outside the numbering.
_UNNUMBERED = {Section.HEADER, Section.LEGAL, Section.RECIPIENTS, Section.SIGNATURE}


@dataclass(frozen=True)
class Header:
    """The header block: left column (bodies, number), right column (motto, place and date), title."""

    parent_body: str
    issuing_body: str
    reference: str  # "05/KH-UBND", ".../KH-UBND" before issue
    place_date: str  # "Xuân Hoà, ngày 06 tháng 6 năm 2024"
    summary: str
    national_name: str = NATIONAL_NAME
    motto: str = MOTTO
    kind: str = KIND


@dataclass(frozen=True)
class DocumentSection:
    """A section of the plan: its key (page anchor, comment target), label and number ("" if none)."""

    key: str
    label: str
    number: str = ""
    shown: bool = True  # a section the plan leaves out (no previous year's results) is not printed


# Numbering styles of the outline, per Decree 30/2020 Phụ lục I: sections "I.", clauses "1.", points "a)",
# then "-" and "+" items; "none" for a heading without a number.
ROMAN, ARABIC, LETTER, DASH, PLUS, NONE = "roman", "arabic", "letter", "dash", "plus", "none"
STYLES = (ROMAN, ARABIC, LETTER, DASH, PLUS, NONE)
DEFAULT_STYLE_BY_LEVEL = {1: ROMAN, 2: ARABIC, 3: LETTER, 4: DASH}
# Points are lettered in the Vietnamese alphabet: no f, j, w, z; đ after d.
LETTERS = (
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
)


def roman(n: int) -> str:
    """1 -> "I", 14 -> "XIV" (n >= 1)."""
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + letters, n - value
    return out


def number_for(style: str, index: int) -> str:
    """The printed number of the index-th (1-based) sibling numbered in `style`: "I.", "2.", "đ)", "-", ""."""
    if style == ROMAN:
        return f"{roman(index)}."
    if style == ARABIC:
        return f"{index}."
    if style == LETTER:
        letter = LETTERS[(index - 1) % len(LETTERS)]
        return f"{letter}{(index - 1) // len(LETTERS) or ''})"
    if style == DASH:
        return "-"
    if style == PLUS:
        return "+"
    return ""


@dataclass(frozen=True)
class BodyNode:
    """One section or sub-section of the plan's body, as printed.

    key: the page anchor and comment target; number: "I.", "1.", "a)", "-" or ""; style: one of STYLES;
    level: 1 for a section, 2 for a clause, ...; heading: "" when the node has none; paragraphs: its free
    text, one paragraph per line typed; part: "" or a Part value placed here (rendered from the plan's rows);
    annex_title: for the village table, the title of the annex it is printed in ("" = printed in place);
    children: its sub-sections in order.
    """

    key: str
    number: str
    style: str
    level: int
    heading: str = ""
    paragraphs: tuple[str, ...] = ()
    part: str = ""
    annex_title: str = ""
    children: tuple[BodyNode, ...] = ()

    def walk(self):
        """This node and every node under it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Signature:
    """The signature block: authority lines (upper case, bold) and the signer's name."""

    lines: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class Document:
    header: Header
    legal: tuple[str, ...]
    sections: tuple[DocumentSection, ...]
    recipients: tuple[str, ...]
    signature: Signature
    body: tuple[BodyNode, ...] = ()
    closing: str = ""
    by_key: dict = field(default_factory=dict, compare=False, repr=False)

    def section(self, key: str) -> DocumentSection:
        return self.by_key[key]


def place_date(plan: Plan) -> str:
    """'Xuân Hoà, ngày 06 tháng 6 năm 2024', or with dots for the day and month before issue."""
    date = document_date(plan.issue_date) if plan.issue_date else f"ngày ... tháng ... năm {plan.year}"
    return f"{plan.place}, {date}"


def header(plan: Plan) -> Header:
    return Header(
        parent_body=plan.parent_body,
        issuing_body=plan.issuing_body,
        reference=plan.reference,
        place_date=place_date(plan),
        summary=plan.summary,
    )


def legal_line(basis) -> str:
    """'Căn cứ Quyết định số 90/QĐ-TTg ngày 18 tháng 01 năm 2022 của Thủ tướng Chính phủ ...' (without the
    closing ';' or '.', which depends on the line's place in the list)."""
    parts = [basis.verb, basis.doc_type]
    if basis.doc_number:
        parts.append(f"số {basis.doc_number}")
    if basis.doc_date:
        parts.append(document_date(basis.doc_date))
    if basis.issuer:
        parts.append(f"của {basis.issuer}")
    parts.append(basis.title)
    return " ".join(p.strip() for p in parts if p and p.strip())


def recipient_line(recipient) -> str:
    """'UBND huyện Văn Quan (b/c)' (without the leading dash and closing ';')."""
    return f"{recipient.name} ({recipient.purpose})" if recipient.purpose else recipient.name


def signature(plan: Plan) -> Signature:
    """The KT./TM. rule: 'TM. ỦY BAN NHÂN DÂN' when the committee signs, then the title; a deputy signing
    for the head prints 'KT. <title>' and 'PHÓ <title>'."""
    lines = [plan.signing_authority] if plan.signing_authority else []
    if plan.signer_deputy:
        lines += [f"KT. {plan.signer_title}", f"PHÓ {plan.signer_title}"]
    else:
        lines.append(plan.signer_title)
    return Signature(lines=tuple(lines), name=plan.signer_name)


def sections(plan: Plan) -> tuple[DocumentSection, ...]:
    """Every Section in document order: the fixed parts unnumbered, the default outline's sections with
    the number their node prints in the plan's outline ("I", "1"), not shown when the plan has no such
    node (a plan's own sections: `body`)."""
    numbers = {node.key: node.number.rstrip(".)") for top in body(plan) for node in top.walk()}
    out = []
    for section in Section:
        fixed = section in _UNNUMBERED
        shown = fixed or section.value in numbers
        number = "" if fixed else numbers.get(section.value, "")
        out.append(DocumentSection(key=section.value, label=str(section.label), number=number, shown=shown))
    return tuple(out)


def paragraphs(text: str | None) -> tuple[str, ...]:
    """The paragraphs of a typed text: one per non-empty line, spaces trimmed."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def annex_title(plan: Plan) -> str:
    """The default title of the per-village annex."""
    return f"DỰ KIẾN CHỈ TIÊU GIẢM HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {plan.year}"


def body(plan: Plan) -> tuple[BodyNode, ...]:
    """The plan's body: its stored outline (plans/outline_models.py) as BodyNodes, in order.

    A node's number comes from its place: among its siblings, those of the same numbered style count 1,
    2, 3... ("I.", "II."; "1.", "2."; "a)", "b)"); dashes, pluses and unnumbered headings do not count.
    Reads `plan.outline.all()` (one query, none when prefetched).
    """
    by_parent: dict[int | None, list] = {}
    for node in plan.outline.all():
        by_parent.setdefault(node.parent_id, []).append(node)

    def build(parent_id: int | None, level: int) -> tuple[BodyNode, ...]:
        counts: dict[str, int] = {}
        out = []
        for node in sorted(by_parent.get(parent_id, ()), key=lambda n: (n.order, n.pk)):
            counts[node.style] = counts.get(node.style, 0) + 1
            out.append(
                BodyNode(
                    key=node.key,
                    number=number_for(node.style, counts[node.style]),
                    style=node.style,
                    level=level,
                    heading=node.heading,
                    paragraphs=paragraphs(node.text),
                    part=node.part,
                    annex_title=node.annex_title,
                    children=build(node.pk, level + 1),
                )
            )
        return tuple(out)

    return build(None, 1)


# The structured parts rendered from the plan's own rows, and the relation holding them (the figures, the
# targets' computed lines and the village table come from the table instead).
PART_ROWS = {
    Part.TARGETS: "targets",
    Part.PROJECTS: "projects",
    Part.FUNDING: "funding_sources",
    Part.RESPONSIBILITIES: "responsibilities",
    Part.REPORTING: "reporting",
}


def part_rows(plan: Plan, part: str) -> list:
    """The rows a part renders, read once per plan (prefetched onto `plan`, so the page's templates and the
    PDF reuse them): projects with their programme item, as both print its label."""
    relation = PART_ROWS[part]
    if part == Part.PROJECTS:
        lookup = Prefetch(relation, queryset=PlanProject.objects.select_related("item__parent", "plan"))
    else:
        lookup = relation
    prefetch_related_objects([plan], lookup)
    return list(getattr(plan, relation).all())


def part_printed(plan: Plan, grid, part: str) -> bool:
    """Whether a part has something to print (`grid`: the plan's table, plans.reads.plan_table): the
    figures once the households are known, the targets once an exit figure or a typed target is, the
    village table when it has rows, a list part when it has rows. A part with nothing prints nothing."""
    total = grid.total
    if part == Part.FIGURES:
        return total.households is not None
    if part == Part.VILLAGE_TABLE:
        return bool(grid.rows)
    if part == Part.TARGETS and (total.exits_poor is not None or total.exits_near_poor is not None):
        return True
    return part in PART_ROWS and bool(part_rows(plan, part))


def printed_numbers(nodes: tuple[BodyNode, ...], has_part: Callable[[str], bool]) -> dict[str, str | None]:
    """The number each node of the body prints with, by key; None for a node the document leaves out.

    A node is printed when it has text, a part with something to print (`has_part`) or a printed
    sub-section: an empty heading is left out. The printed nodes are numbered among their printed siblings
    as `body` numbers the stored ones (same style counts 1, 2, 3...), so a left-out node leaves no gap
    (I., II., III.). The plan page and the PDF both read these numbers.
    """
    out: dict[str, str | None] = {}

    def visit(siblings: tuple[BodyNode, ...]) -> bool:
        counts: dict[str, int] = {}
        any_printed = False
        for node in siblings:
            printed = visit(node.children)  # a printed sub-section prints its parent
            printed = printed or bool(node.paragraphs) or (bool(node.part) and has_part(node.part))
            if printed:
                counts[node.style] = counts.get(node.style, 0) + 1
                out[node.key] = number_for(node.style, counts[node.style])
                any_printed = True
            else:
                out[node.key] = None
        return any_printed

    visit(nodes)
    return out


def plan_numbers(plan: Plan, nodes: tuple[BodyNode, ...], grid) -> dict[str, str | None]:
    """`printed_numbers` of the plan's body, its parts judged from its rows and its table (`grid`)."""
    judged: dict[str, bool] = {}

    def has_part(part: str) -> bool:
        if part not in judged:
            judged[part] = part_printed(plan, grid, part)
        return judged[part]

    return printed_numbers(nodes, has_part)


def document(plan: Plan) -> Document:
    """The plan as a document (three queries: its outline, unless prefetched, legal bases and recipients)."""
    prefetch_related_objects([plan], "outline")
    parts = sections(plan)
    return Document(
        header=header(plan),
        legal=tuple(legal_line(b) for b in plan.legal_bases.all()),
        sections=parts,
        recipients=tuple(recipient_line(r) for r in plan.recipients.all()),
        signature=signature(plan),
        body=body(plan),
        closing=plan.closing,
        by_key={s.key: s for s in parts},
    )

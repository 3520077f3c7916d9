"""How a plan reads as a document (the anatomy of a plan, laid out per Decree 30/2020/NĐ-CP, Phụ lục I): its header lines, legal-basis lines, sections in
order with their numbering, recipients and signature block, as plain data.

The plan page renders it (templates/plans/plan_detail.html), the snapshot stores its lines
(plans/snapshot.py), and the PDF will render the same data. Templates decide the layout; the wording
rules (how a legal basis reads, the KT./TM. signature rule, the place and date line) live here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plans.models import Plan, Section
from povertyplan.numbers import document_date

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
KIND = "KẾ HOẠCH"

# The body sections, in document order, numbered I., II., ... in the document. The header, the legal
# bases, the recipients and the signature block stand outside the numbering.
_UNNUMBERED = {Section.HEADER, Section.LEGAL, Section.RECIPIENTS, Section.SIGNATURE}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")


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
    """Every section in document order, the body ones numbered I., II., ... among those printed."""
    out, index = [], 0
    for section in Section:
        shown = section != Section.PREVIOUS or bool(plan.previous_results_text)
        number = ""
        if section not in _UNNUMBERED and shown:
            number, index = _ROMAN[index], index + 1
        out.append(DocumentSection(key=section.value, label=str(section.label), number=number, shown=shown))
    return tuple(out)


def document(plan: Plan) -> Document:
    """The plan as a document (two queries: its legal bases and recipients)."""
    parts = sections(plan)
    return Document(
        header=header(plan),
        legal=tuple(legal_line(b) for b in plan.legal_bases.all()),
        sections=parts,
        recipients=tuple(recipient_line(r) for r in plan.recipients.all()),
        signature=signature(plan),
        by_key={s.key: s for s in parts},
    )

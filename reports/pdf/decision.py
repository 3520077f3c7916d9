"""The commune chairman's decision recognising the year's lists (Quyết định 24/2021/QĐ-TTg, Mẫu số 02): a
Decree-30 document, QUYẾT ĐỊNH with its Căn cứ lines, Điều 1-3, Nơi nhận and signature, and the four lists
as annexes (poor, near-poor, escaped poverty, escaped near-poverty).

The lists name a household by its head, village and members, and its status: nothing else of its
personal data (no income, no ethnicity) goes into a document that is posted publicly. Until the review is
closed the document is a draft (DỰ THẢO, number and day left as dots). `decision_lists` is also what the
close confirmation shows, so page and PDF state the same counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from households.lookups import standard_for_or_none
from households.models import Assessment, Commune, Review, Status
from households.movements import Transition, transitions
from plans.models import reference
from povertyplan.collation import vi_order
from povertyplan.numbers import document_date, format_number, rate
from reports.pdf.context import issuing_lines
from reports.pdf.render import document_html, pdf_bytes

QD_24 = (
    "Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ quy định quy trình rà soát "
    "hộ nghèo, hộ cận nghèo hằng năm và quy trình xác định hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm "
    "nghiệp có mức sống trung bình"
)


@dataclass(frozen=True)
class Listed:
    """One household on a list: only what the decision needs."""

    code: int
    name: str
    village: str
    members: int
    status: str
    before: str = ""


@dataclass
class DecisionLists:
    year: int
    households: int = 0
    poor: list[Listed] = field(default_factory=list)
    near_poor: list[Listed] = field(default_factory=list)
    escaped_poverty: list[Listed] = field(default_factory=list)
    escaped_near_poverty: list[Listed] = field(default_factory=list)

    @property
    def poor_rate(self):
        return rate(len(self.poor), self.households)

    @property
    def near_poor_rate(self):
        return rate(len(self.near_poor), self.households)


def decision_lists(commune: Commune, year: int) -> DecisionLists:
    """The year's re-assessed households of the commune in the four lists, in the villages' order (two queries)."""
    labels = dict(Status.choices)
    previous = dict(
        Assessment.objects.filter(village__commune=commune, year=year - 1)
        .order_by()
        .values_list("household_id", "status")
    )
    current = (
        Assessment.objects.filter(village__commune=commune, year=year, carried_forward=False)
        .select_related("household", "village")
        .order_by("village__order", "village_id", vi_order("household__head_name"), "household_id")
    )
    lists = DecisionLists(year=year)
    for a in current:
        lists.households += 1
        before = previous.get(a.household_id)
        item = Listed(
            code=a.household_id,
            name=a.household.head_name,
            village=str(a.village),
            members=a.household.members,
            status=str(labels[a.status]),
            before=str(labels[before]) if before else "",
        )
        if a.status == Status.POOR:
            lists.poor.append(item)
        elif a.status == Status.NEAR_POOR:
            lists.near_poor.append(item)
        moves = transitions({year - 1: before, year: a.status}, year) if before else []
        if Transition.ESCAPED_POVERTY in moves:
            lists.escaped_poverty.append(item)
        if Transition.ESCAPED_NEAR_POVERTY in moves:
            lists.escaped_near_poverty.append(item)
    return lists


def _unit(commune: Commune) -> str:
    return f"{commune.get_kind_display()} {commune.name}"


def _reported_to(commune: Commune, year: int) -> str:
    """The level the decision is reported to: the district in effect for the year, else the province."""
    district = commune.district_in(year)
    unit = district or commune.province
    return f"UBND {unit.get_kind_display()} {unit.name}"


def decision_context(review: Review) -> dict:
    commune = review.commune
    year = review.year
    lists = decision_lists(commune, year)
    unit = _unit(commune)
    closed = review.is_closed and review.decision_number and review.decision_date
    symbol = review.decision_symbol or "QĐ-UBND"
    number = reference(review.decision_number if closed else None, symbol)
    date = document_date(review.decision_date) if closed else f"ngày ... tháng ... năm {year - 1}"
    date_short = review.decision_date.strftime("%d/%m/%Y") if closed else "..."
    summary = _(
        "Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát cận nghèo năm {year}"
    ).format(year=year)
    standard = standard_for_or_none(year)
    legal = [
        _("Căn cứ Luật Tổ chức chính quyền địa phương;"),
        _("Căn cứ {basis} quy định chuẩn nghèo đa chiều;").format(basis=standard.legal_basis)
        if standard is not None
        else "",
        _("Căn cứ {qd};").format(qd=QD_24),
        _(
            "Căn cứ biên bản họp rà soát hộ nghèo, hộ cận nghèo năm {year} của các thôn và kết quả rà soát của xã;"
        ).format(year=year),
        _("Theo đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo {unit}.").format(unit=unit),
    ]
    n = format_number

    def share(count: int, of_rate) -> str:
        shown = n(of_rate, 2) if of_rate is not None else "—"
        return _("{count} hộ, chiếm {rate}% tổng số hộ").format(count=n(count), rate=shown)

    article_1 = [
        _("Công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát cận nghèo năm {year} "
          "trên địa bàn {unit} ({households} hộ), cụ thể:").format(year=year, unit=unit, households=n(lists.households)),
        _("- Hộ nghèo: {share} (Phụ lục I);").format(share=share(len(lists.poor), lists.poor_rate)),
        _("- Hộ cận nghèo: {share} (Phụ lục II);").format(share=share(len(lists.near_poor), lists.near_poor_rate)),
        _("- Hộ thoát nghèo: {count} hộ (Phụ lục III);").format(count=n(len(lists.escaped_poverty))),
        _("- Hộ thoát cận nghèo: {count} hộ (Phụ lục IV).").format(count=n(len(lists.escaped_near_poverty))),
    ]  # fmt: skip
    article_2 = _(
        "Quyết định này có hiệu lực kể từ ngày ký. Danh sách tại Điều 1 là cơ sở thực hiện các chính sách hỗ trợ "
        "hộ nghèo, hộ cận nghèo và xây dựng kế hoạch giảm nghèo năm {year} của xã."
    ).format(year=year)
    article_3 = _(
        "Văn phòng HĐND và UBND {unit}, công chức phụ trách lao động - thương binh và xã hội, Trưởng các thôn và "
        "các hộ gia đình có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    ).format(unit=unit)
    attached = _("(Kèm theo Quyết định số {ref} ngày {date} của Chủ tịch UBND {unit})").format(
        ref=number, date=date_short, unit=unit
    )
    columns = [_("Mã hộ"), _("Họ và tên chủ hộ"), _("Thôn"), _("Số nhân khẩu")]
    annexes = [
        (_("Phụ lục I"), _("Danh sách hộ nghèo năm {year}"), lists.poor, False),
        (_("Phụ lục II"), _("Danh sách hộ cận nghèo năm {year}"), lists.near_poor, False),
        (_("Phụ lục III"), _("Danh sách hộ thoát nghèo năm {year}"), lists.escaped_poverty, True),
        (_("Phụ lục IV"), _("Danh sách hộ thoát cận nghèo năm {year}"), lists.escaped_near_poverty, True),
    ]
    return {
        "review": review,
        "lists": lists,
        "draft": not closed,
        "issuing_lines": issuing_lines(f"ỦY BAN NHÂN DÂN {unit}".upper()),
        "reference": number,
        "place_date": f"{commune.name}, {date}",
        "summary": summary,
        "chairman": _("CHỦ TỊCH ỦY BAN NHÂN DÂN {unit}").format(unit=unit).upper(),
        "legal": [line for line in legal if line],
        "article_1": article_1,
        "article_2": article_2,
        "article_3": article_3,
        "recipients": [
            _("- Như Điều 3;"),
            _("- {unit} (b/c);").format(unit=_reported_to(commune, year)),
            _("- TT Đảng ủy, HĐND, UBND xã;"),
            _("- Lưu: VT."),
        ],
        "signature_lines": [line for line in (review.signing_authority, review.signer_title) if line],
        "signer_name": review.signer_name,
        "annexes": [
            {
                "heading": heading,
                "title": title.format(year=year).upper(),
                "attached": attached,
                "rows": rows,
                "transition": transition,
                "columns": [
                    *columns,
                    *([_("Năm {year}").format(year=year - 1), _("Năm {year}").format(year=year)] if transition else []),
                ],
                "landscape": transition,  # the lists with last year's and this year's status are wide
            }
            for heading, title, rows, transition in annexes
        ],
        "title": summary,
        "author": f"ỦY BAN NHÂN DÂN {unit}".upper(),
    }


# What the decision adds to the stylesheet. Its annexes' pages are the Decree-30 stylesheet's
# (templates/reports/pdf/_style.css): each annex numbers its own pages, landscape (`annex`) or, for the
# narrow lists, portrait (`annex portrait`).
DECISION_CSS = (
    "table.data.list .num, table.data.list .name { width: 1%; white-space: nowrap; }"
    # The signature block never stands alone on a page: the last article goes with it.
    + ".chairman { margin: 6pt 0 12pt; } .decide { margin: 6pt 0 6pt; } .last-article { break-after: avoid; }"
)


def render_decision(review: Review) -> bytes:
    """The decision as a PDF: the body, then its four lists as annexes."""
    return pdf_bytes(document_html("reports/pdf/decision.html", decision_context(review), DECISION_CSS))

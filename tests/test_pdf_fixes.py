"""The plan PDF's trial defects, read back from the PDF: printed numbers without gaps, a part's items one
level below the node placing them, the verification code on the last real page, the draft annex line."""

from __future__ import annotations

import pytest
from django.db.models import F

from plans.document import ARABIC, ROMAN, number_for
from plans.models import OutlineNode, Part, Plan
from reports import issuing
from reports.pdf import render_plan
from reports.pdf.context import plan_context
from tests.support.issued import qr_codes
from tests.support.pdf_plan import fill_plan
from tests.support.pdf_read import landscape, portrait, save
from tests.support.plans import go

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(plans):
    return fill_plan(plans.diem_he)


def _issued(plan, world):
    import datetime

    submitted = go(plan, world.users.official_diem_he, "submit")
    approved = go(submitted, world.users.reviewer_van_quan, "approve")
    return go(approved, world.users.official_diem_he, "issue", number=5, issue_date=datetime.date(2024, 6, 6))


def _insert(plan: Plan, *, after: OutlineNode | None, parent: OutlineNode | None, **fields) -> OutlineNode:
    """A new node right after `after` (or first) among `parent`'s children."""
    order = after.order + 1 if after else 0
    plan.outline.filter(parent=parent, order__gte=order).update(order=F("order") + 1)
    return OutlineNode.objects.create(plan=plan, parent=parent, order=order, **fields)


def _reload(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def test_an_empty_middle_section_leaves_no_gap_in_the_printed_numbers(full):
    purpose = full.outline.get(key="purpose")
    _insert(full, after=purpose, parent=None, key="empty", style=ROMAN, heading="MỤC CHƯA VIẾT")
    plan = _reload(full)
    flat = save(render_plan(plan), "fix-numbers").flat()
    assert "MỤC CHƯA VIẾT" not in flat
    tops = [p for p in plan_context(plan)["body"]]
    assert [p.number for p in tops] == [number_for(ROMAN, i) for i in range(1, len(tops) + 1)]
    positions = [flat.index(f"{p.number} {p.node.heading.upper()}") for p in tops]
    assert positions == sorted(positions)
    assert "I. MỤC ĐÍCH, YÊU CẦU" in flat and "II. THỰC TRẠNG, NGUYÊN NHÂN NGHÈO" in flat
    assert "III. MỤC TIÊU" in flat and "IV. THỰC TRẠNG" not in flat


def test_an_empty_clause_leaves_no_gap_among_the_clauses(full):
    tasks = full.outline.get(key="tasks")
    first = _insert(full, after=None, parent=tasks, key="c1", style=ARABIC, heading="Rỗng")
    _insert(full, after=first, parent=tasks, key="c2", style=ARABIC, heading="Tuyên truyền", text="Tuyên truyền.")
    flat = save(render_plan(_reload(full)), "fix-clauses").flat()
    assert "1. Tuyên truyền Tuyên truyền." in flat and "Rỗng" not in flat


def _clause_placing(plan: Plan, part: str, heading: str) -> Plan:
    """Move `part` from its section into a new clause under "NHIỆM VỤ VÀ GIẢI PHÁP"."""
    plan.outline.filter(part=part).update(part="")
    _insert(
        plan, after=None, parent=plan.outline.get(key="tasks"), key="clause", style=ARABIC, heading=heading, part=part
    )
    return _reload(plan)


def test_responsibilities_inside_a_clause_number_one_level_below_it(full):
    plan = _clause_placing(full, Part.RESPONSIBILITIES, "Giải pháp cụ thể")
    flat = save(render_plan(plan), "fix-nested-responsibilities").flat()
    assert (
        "1. Giải pháp cụ thể a) Công chức Văn hóa - Xã hội - Tham mưu UBND xã - Tổng hợp báo cáo "
        "b) Trạm Y tế xã - Cấp thẻ BHYT"
    ) in flat
    assert "1. Công chức" not in flat


def test_responsibilities_under_a_section_number_as_clauses(full):
    flat = save(render_plan(full), "fix-section-responsibilities").flat()
    assert "1. Công chức Văn hóa - Xã hội - Tham mưu UBND xã - Tổng hợp báo cáo 2. Trạm Y tế xã" in flat


def test_projects_inside_a_clause_are_lettered_and_their_fields_dashed(full):
    label = full.projects.get().item_label
    plan = _clause_placing(full, Part.PROJECTS, "Các dự án")
    flat = save(render_plan(plan), "fix-nested-projects").flat()
    assert f"1. Các dự án a) {label} - Mục tiêu: Hỗ trợ phát triển sản xuất cho hộ nghèo" in flat
    assert f"1. {label}" not in flat and "a) Mục tiêu" not in flat


def _pages_and_verified(plan: Plan, name: str):
    plain = save(render_plan(plan), f"{name}-plain")
    verification = issuing.verification_for("K7M2QX9PAB")
    content = render_plan(plan, verification=verification)
    return plain, save(content, name), content, verification


def test_the_verification_sits_at_the_foot_of_the_annex_last_page(full, world):
    plan = _issued(full, world)
    plain, pdf, content, verification = _pages_and_verified(plan, "fix-verified-annex")
    sizes = pdf.sizes()
    assert pdf.pages == plain.pages  # body pages + annex pages, no page of its own
    assert landscape(sizes[-1]) and portrait(sizes[0])
    last = " ".join(pdf.page_text(pdf.pages).split())
    assert f"Mã xác thực: {verification.code} · {verification.url}" in last
    assert "Tổng cộng" in last  # the annex's table ends on that page
    assert "Mã xác thực" not in pdf.text(1, pdf.pages - 1)
    assert qr_codes(content, "fix-verified-annex-qr") == [verification.url]


def test_the_verification_sits_under_the_signature_without_an_annex(full, world):
    full.outline.filter(part=Part.VILLAGE_TABLE).update(annex_title="")  # the table printed in place
    plan = _issued(_reload(full), world)
    plain, pdf, content, verification = _pages_and_verified(plan, "fix-verified-body")
    assert pdf.pages == plain.pages and all(portrait(s) for s in pdf.sizes())
    last = " ".join(pdf.page_text(pdf.pages).split())
    assert "Nơi nhận:" in last and "Hoàng Văn Tùng" in last
    assert last.index("Lưu: VT, LĐTBXH.") < last.index(f"Mã xác thực: {verification.code}")  # under Nơi nhận
    assert qr_codes(content, "fix-verified-body-qr") == [verification.url]


def test_a_one_page_body_and_its_annex_take_two_pages_with_the_code_on_the_annex(plans):
    plan = plans.diem_he  # no texts: the body fits on one page (rendered as issue would, code and all)
    plain, pdf, content, verification = _pages_and_verified(plan, "fix-verified-short")
    assert pdf.pages == plain.pages == 2 and landscape(pdf.sizes()[1])
    assert f"Mã xác thực: {verification.code}" in " ".join(pdf.page_text(2).split())
    assert qr_codes(content, "fix-verified-short-qr") == [verification.url]

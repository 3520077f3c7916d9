"""The plan's PDF read back: header, legal bases, every printed heading of the outline in order with its
number, the parts from the plan's rows, Nơi nhận and signature, the landscape annex and its totals, DỰ THẢO
on drafts only, the bundled font alone and embedded, page sizes and numbers, electronic-issue readiness."""

from __future__ import annotations

import dataclasses

import pytest
import segno
from django.utils import translation

from plans.document import ARABIC, LETTER, BodyNode, document, number_for
from plans.models import Part, Plan
from plans.reads import plan_table
from povertyplan.numbers import format_number
from reports.pdf import Verification, plan_html, render_plan
from reports.pdf import context as pdf_context
from tests.support.pdf_plan import RECIPIENTS, SIGNER, SUMMARY, fill_plan
from tests.support.pdf_read import landscape, portrait, save
from tests.support.plans import go

pytestmark = pytest.mark.django_db

# The 134 precomposed letters of Vietnamese: 12 vowels with their 5 tones, the 6 vowels with a mark, đ.
_BASES = "aăâeêioôơuưy"
_TONED = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VIETNAMESE = "ăâêôơưđ" + _TONED
VIETNAMESE += VIETNAMESE.upper()


@pytest.fixture
def full(plans):
    return fill_plan(plans.diem_he)


@pytest.fixture
def issued_full(full, world):
    submitted = go(full, world.users.official_diem_he, "submit")
    approved = go(submitted, world.users.reviewer_van_quan, "approve")
    return go(approved, world.users.official_diem_he, "issue", number=5, issue_date=_date())


def _date():
    import datetime

    return datetime.date(2024, 6, 6)


def _printed_headings(plan: Plan) -> list[str]:
    """'I. MỤC ĐÍCH, YÊU CẦU', '1. Bảng chỉ tiêu theo thôn', ... of every node the PDF prints, in order."""
    printed = pdf_context.plan_context(plan)["body"]
    out = []

    def walk(nodes):
        for n in nodes:
            b = n.node
            heading = b.heading.upper() if b.level == 1 else b.heading
            out.append(f"{n.number} {heading}")
            walk(n.children)

    walk(printed)
    return out


def test_vietnamese_letters_are_134():
    assert len(set(VIETNAMESE)) == 134


def test_the_draft_reads_as_the_plan(full):
    pdf = save(render_plan(full), "plan-draft")
    flat = pdf.flat()
    doc = document(full)
    # Header, title, summary.
    for line in ("UBND HUYỆN VĂN QUAN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"):
        assert line in flat
    header = [" ".join(line.split()) for line in pdf.page_text(1).splitlines()[:9] if line.strip()]
    assert header[0] == "DỰ THẢO"
    assert header[1] == "UBND HUYỆN VĂN QUAN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header[2].startswith("ỦY BAN NHÂN DÂN Độc lập - Tự do - Hạnh phúc")  # two columns on one line
    assert header[3] == "XÃ ĐIỀM HE"
    assert header[4] == "Số: .../KH-UBND Điềm He, ngày ... tháng ... năm 2024"  # the date on the number's line
    assert "Số: .../KH-UBND" in flat
    assert "Điềm He, ngày ... tháng ... năm 2024" in flat
    assert f"KẾ HOẠCH {SUMMARY}" in flat
    # Legal bases: each ends ";", the last ".".
    assert doc.legal[0] + ";" in flat
    assert doc.legal[1] + "." in flat
    # Every printed heading, in order, with its number.
    headings = _printed_headings(full)
    assert headings[:3] == ["I. MỤC ĐÍCH, YÊU CẦU", "II. THỰC TRẠNG, NGUYÊN NHÂN NGHÈO", "III. MỤC TIÊU"]
    positions = [flat.index(h) for h in headings]
    assert positions == sorted(positions)
    # Parts from the rows: figures, targets, projects, funding, responsibilities numbered, reporting.
    assert "Đầu năm 2024 toàn xã có 5 hộ nghèo/84 hộ, chiếm 5,95%; hộ cận nghèo có 13 hộ/84 hộ, chiếm 15,48%." in flat
    assert "- Giảm 2 hộ nghèo (2,38%), tỷ lệ hộ nghèo từ 5,95% xuống còn 3,57% (3 hộ);" in flat
    assert "- 100% hộ nghèo, hộ cận nghèo được cấp thẻ BHYT." in flat
    assert "Mục tiêu: Hỗ trợ phát triển sản xuất cho hộ nghèo" in flat
    assert "- Ngân sách Trung ương: 1.500.000.000 đồng;" in flat
    assert "1. Công chức Văn hóa - Xã hội - Tham mưu UBND xã - Tổng hợp báo cáo 2. Trạm Y tế xã - Cấp thẻ BHYT" in flat
    assert "- Báo cáo 6 tháng – UBND huyện – trước ngày 20/6/2024;" in flat
    assert "- Báo cáo năm – trước ngày 10/12 hằng năm." in flat
    # The closing ends the body with "./.", then Nơi nhận beside the signature.
    assert "của UBND xã Điềm He./." in flat
    last_body = pdf.page_text(pdf.pages - 1)
    assert "Nơi nhận:" in last_body and "TM. ỦY BAN NHÂN DÂN" in last_body and SIGNER in last_body
    for name in RECIPIENTS[:-1]:
        assert f"- {name};" in flat
    assert "- Lưu: VT, LĐTBXH." in flat and "LĐTBXH.;" not in flat
    # The village table went to the annex: a pointer in the body.
    assert "1. Bảng chỉ tiêu theo thôn (Chi tiết tại Phụ lục kèm theo)" in flat


def test_draft_marked_on_every_page_and_issued_not(full, issued_full):
    draft = save(render_plan(full), "plan-draft-mark")
    assert draft.pages >= 2
    for n in range(1, draft.pages + 1):
        assert "DỰ THẢO" in draft.page_text(n), n
    issued = save(render_plan(issued_full), "plan-issued")
    assert "DỰ THẢO" not in issued.text()
    assert "Số: 05/KH-UBND" in issued.flat()
    assert "Điềm He, ngày 06 tháng 6 năm 2024" in issued.flat()


def test_annex_is_landscape_with_its_title_and_the_apps_totals(issued_full):
    pdf = save(render_plan(issued_full), "plan-annex")
    sizes = pdf.sizes()
    first_annex = next(n for n, size in enumerate(sizes, start=1) if landscape(size))
    before = [line.strip() for line in pdf.text(1, first_annex - 1).splitlines()]
    assert "Phụ lục" in pdf.page_text(first_annex) and "Phụ lục" not in before
    assert all(portrait(s) for s in sizes[: first_annex - 1])
    assert all(landscape(s) for s in sizes[first_annex - 1 :])
    annex = " ".join(pdf.text(first_annex, pdf.pages).split())
    assert "Phụ lục DỰ KIẾN CHỈ TIÊU GIẢM HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2024" in annex
    assert "(Kèm theo Kế hoạch số 05/KH-UBND ngày 06 tháng 6 năm 2024 của UBND xã Điềm He)" in annex
    total = plan_table(issued_full).total
    line = next(ln for ln in pdf.text(first_annex, pdf.pages).splitlines() if "Tổng cộng" in ln)
    figures = line.split("Tổng cộng", 1)[1].split()
    expected = [format_number(total.households), format_number(total.poor_start), "5,95"]
    expected += [format_number(total.exits_poor), format_number(total.poor_end)]
    assert figures[:5] == expected == ["84", "5", "5,95", "2", "3"]
    # The annex numbers its own pages: none on its first page.
    assert not pdf.page_text(first_annex).split("\n", 1)[0].strip().isdigit()


def test_annex_line_has_dots_before_issue_for_the_number_and_day_only(full):
    flat = save(render_plan(full), "plan-annex-draft").flat()
    # The issuing body is known before issue: the same short form as the issued line.
    assert "(Kèm theo Kế hoạch số .../KH-UBND ngày ... tháng ... năm 2024 của UBND xã Điềm He)" in flat
    assert "của ...)" not in flat


def test_page_numbers_from_page_two(full):
    pdf = save(render_plan(full), "plan-numbers")
    first_lines = [pdf.page_text(n).strip().split("\n", 1)[0].split() for n in range(1, pdf.pages + 1)]
    assert first_lines[0] == ["DỰ", "THẢO"]
    assert first_lines[1] == ["2", "DỰ", "THẢO"]


def test_only_the_bundled_font_embedded_and_every_vietnamese_letter_in_the_text(full):
    words = " ".join(VIETNAMESE[i : i + 12] for i in range(0, len(VIETNAMESE), 12))
    full.outline.filter(key="purpose").update(text=f"Chữ: {words}")
    pdf = save(render_plan(Plan.objects.get(pk=full.pk)), "plan-letters")
    fonts = pdf.fonts()
    assert {name for name, _ in fonts} == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }
    assert all(emb == "yes" for _, emb in fonts)
    assert f"Chữ: {words}" in pdf.flat()


def test_ready_for_electronic_issue(full):
    pdf = save(render_plan(full), "plan-info")
    info = pdf.info()
    assert "Encrypted:       no" in info
    assert "JavaScript:      no" in info
    assert f"Title:           {SUMMARY}" in info
    assert "Author:          ỦY BAN NHÂN DÂN XÃ ĐIỀM HE" in info
    assert ".sign-room { height: 32mm; }" in plan_html(full)


def test_rendered_in_vietnamese_whatever_the_language(full):
    with translation.override("en"):
        flat = save(render_plan(full), "plan-en").flat()
    assert "Nơi nhận:" in flat and "Tổng cộng" in flat


def test_empty_parts_are_left_out(plans):
    plan = plans.diem_he  # no projects, no funding sources, no texts
    flat = save(render_plan(plan), "plan-empty").flat()
    assert "DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN" not in flat
    assert "NHIỆM VỤ VÀ GIẢI PHÁP" not in flat
    assert "KINH PHÍ" not in flat
    assert "I. THỰC TRẠNG, NGUYÊN NHÂN NGHÈO" in flat  # the figures sentence keeps it
    assert "Giảm" not in flat and "chưa rõ" not in flat  # exits nobody stated: no target sentence, no 0


def test_verification_on_the_last_page(issued_full):
    url = "https://povertyplan.example/xac-thuc/K7M2-QX9P/"
    svg = segno.make(url).svg_inline(scale=2)
    pdf = save(render_plan(issued_full, verification=Verification("K7M2-QX9P", url, svg)), "plan-verified")
    last = " ".join(pdf.page_text(pdf.pages).split())
    assert f"Mã xác thực: K7M2-QX9P · {url}" in last
    assert "Mã xác thực" not in pdf.text(1, pdf.pages - 1)


def test_points_lettered_and_the_table_in_place_without_annex_title(full, monkeypatch):
    real = pdf_context.document

    def outline(plan):
        doc = real(plan)
        points = tuple(
            BodyNode(key=f"p{i}", number=number_for(LETTER, i), style=LETTER, level=3, paragraphs=(text,))
            for i, text in enumerate(
                ("Hỗ trợ tín dụng.", "Hỗ trợ y tế.", "Hỗ trợ giáo dục.", "Nhà ở.", "Nước sạch."), 1
            )
        )
        table = BodyNode(
            key="t", number=number_for(ARABIC, 1), style=ARABIC, level=2, heading="Bảng", part=Part.VILLAGE_TABLE
        )
        first = dataclasses.replace(doc.body[0], children=(table, *points))
        rest = tuple(dataclasses.replace(n, children=()) for n in doc.body[1:])  # the annexed table goes
        return dataclasses.replace(doc, body=(first, *rest))

    monkeypatch.setattr(pdf_context, "document", outline)
    pdf = save(render_plan(full), "plan-in-place")
    flat = pdf.flat()
    assert "a) Hỗ trợ tín dụng. b) Hỗ trợ y tế. c) Hỗ trợ giáo dục. d) Nhà ở. đ) Nước sạch." in flat
    assert "Phụ lục" not in flat and "Tổng cộng 84 5 5,95 2 3 13 15,48 3 10" in flat
    assert all(portrait(s) for s in pdf.sizes())

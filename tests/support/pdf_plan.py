"""A full Điềm He 2024 plan for the PDF tests: every part with rows, the villages' exits stated, texts in
each section (rows created directly: these tests read documents, they do not test the editors)."""

from __future__ import annotations

import datetime

from plans.models import FundingSource, LegalBasis, Plan, PlanProject, Recipient, ReportingItem, Responsibility, Target
from tests.support.plans import set_text

SUMMARY = "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn xã Điềm He"
SIGNER = "Hoàng Văn Tùng"
RECIPIENTS = ["UBND huyện Văn Quan", "Phòng LĐ-TB&XH huyện", "Các ban, ngành, đoàn thể xã", "Lưu: VT, LĐTBXH."]


# The outline's texts, by node key (the default outline's keys are the old fixed sections').
TEXTS = {
    "purpose": "Triển khai có hiệu quả các chính sách giảm nghèo.\nHuy động sự tham gia của toàn dân.",
    "situation": "Nguyên nhân nghèo chủ yếu do thiếu vốn, thiếu đất sản xuất.",
    "goals": "Giảm nghèo bền vững, hạn chế tái nghèo.",
    "tasks": "Thực hiện đầy đủ chính sách tín dụng ưu đãi.",
    "funding": "Kinh phí thực hiện từ các nguồn sau:",
}


def fill_plan(plan: Plan) -> Plan:
    """Give Điềm He's draft every part (and exits for its two villages); returns it reloaded."""
    for order, t in enumerate(plan.village_targets.order_by("village__order"), start=1):
        t.exits_poor, t.exits_near_poor = (1, 1) if order == 1 else (1, 2)
        t.save()
    LegalBasis.objects.create(
        plan=plan,
        order=1,
        doc_type="Quyết định",
        doc_number="90/QĐ-TTg",
        doc_date=datetime.date(2022, 1, 18),
        issuer="Thủ tướng Chính phủ",
        title="phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025",
    )
    LegalBasis.objects.create(
        plan=plan,
        order=2,
        doc_type="Kế hoạch",
        doc_number="12/KH-UBND",
        doc_date=datetime.date(2024, 2, 20),
        issuer="UBND huyện Văn Quan",
        title="thực hiện giảm nghèo năm 2024",
    )
    Target.objects.create(plan=plan, order=1, text="100% hộ nghèo, hộ cận nghèo được cấp thẻ BHYT")
    item = plan.program.items.filter(number="3").first() or plan.program.items.first()
    PlanProject.objects.create(
        plan=plan,
        order=1,
        item=item,
        objective="Hỗ trợ phát triển sản xuất cho hộ nghèo",
        beneficiaries="Hộ nghèo, hộ cận nghèo có khả năng lao động",
        lead_body="UBND xã (công chức LĐ-TB&XH tham mưu)",
        time_frame="Năm 2024",
    )
    FundingSource.objects.create(plan=plan, order=1, source="Ngân sách Trung ương", amount=1_500_000_000)
    FundingSource.objects.create(plan=plan, order=2, source="Quỹ “Vì người nghèo”", note="vận động")
    Responsibility.objects.create(
        plan=plan, order=1, unit="Công chức Văn hóa - Xã hội", tasks="Tham mưu UBND xã\n- Tổng hợp báo cáo"
    )
    Responsibility.objects.create(plan=plan, order=2, unit="Trạm Y tế xã", tasks="Cấp thẻ BHYT")
    ReportingItem.objects.filter(plan=plan).delete()
    Recipient.objects.filter(plan=plan).delete()
    ReportingItem.objects.create(
        plan=plan, order=1, what="Báo cáo 6 tháng", to_whom="UBND huyện", due_date=datetime.date(2024, 6, 20)
    )
    ReportingItem.objects.create(plan=plan, order=2, what="Báo cáo năm", due_text="trước ngày 10/12 hằng năm")
    for order, name in enumerate(RECIPIENTS, start=1):
        Recipient.objects.create(plan=plan, order=order, name=name)
    texts = {
        "purpose": "Triển khai có hiệu quả các chính sách giảm nghèo.\nHuy động sự tham gia của toàn dân.",
        "situation": "Nguyên nhân nghèo chủ yếu do thiếu vốn, thiếu đất sản xuất.",
        "goals": "Giảm nghèo bền vững, hạn chế tái nghèo.",
        "tasks": "Thực hiện đầy đủ chính sách tín dụng ưu đãi.",
        "funding": "Kinh phí thực hiện từ các nguồn sau:",
    }
    for node in plan.outline.filter(key__in=texts):  # the default outline's sections
        node.text = texts[node.key]
        node.save(update_fields=["text"])
    Plan.objects.filter(pk=plan.pk).update(
        summary=SUMMARY,
        signer_name=SIGNER,
        closing="Trên đây là Kế hoạch giảm nghèo năm 2024 của UBND xã Điềm He.",
    )
    for key, text in TEXTS.items():
        set_text(plan, key, text)
    return Plan.objects.get(pk=plan.pk)

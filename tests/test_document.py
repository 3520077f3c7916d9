"""How a plan reads as a document (plans/document.py): header, legal bases, numbered sections, recipients and
the KT./TM. signature rule; the plan page and the snapshot print the same lines."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db.models import F
from django.urls import reverse

from plans import document as doc
from plans import services
from plans.models import LegalBasis, Plan, Recipient, Section
from plans.snapshot import snapshot
from tests.support.pages import page

DECISION_90 = (
    "Căn cứ Quyết định số 90/QĐ-TTg ngày 18 tháng 01 năm 2022 của Thủ tướng Chính phủ phê duyệt Chương trình "
    "mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025"
)


@pytest.fixture
def plan(plans) -> Plan:
    plan = plans.diem_he
    LegalBasis.objects.create(
        plan=plan,
        order=1,
        verb="Căn cứ",
        doc_type="Quyết định",
        doc_number="90/QĐ-TTg",
        doc_date=datetime.date(2022, 1, 18),
        issuer="Thủ tướng Chính phủ",
        title="phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025",
    )
    LegalBasis.objects.create(plan=plan, order=2, verb="Thực hiện", title="chỉ tiêu giảm hộ nghèo năm 2024")
    return plan


def test_legal_basis_lines_read_as_the_document_prints_them(plan):
    assert doc.document(plan).legal == (DECISION_90, "Thực hiện chỉ tiêu giảm hộ nghèo năm 2024")


def test_the_header_shows_dots_for_the_date_until_the_plan_is_issued(plan):
    header = doc.header(plan)
    assert (header.issuing_body, header.reference) == ("ỦY BAN NHÂN DÂN XÃ ĐIỀM HE", ".../KH-UBND")
    assert header.place_date == "Điềm He, ngày ... tháng ... năm 2024"
    plan.number, plan.issue_date = 5, datetime.date(2024, 2, 6)
    header = doc.header(plan)
    assert (header.reference, header.place_date) == ("05/KH-UBND", "Điềm He, ngày 06 tháng 02 năm 2024")
    assert (header.national_name, header.motto, header.kind) == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KẾ HOẠCH",
    )


@pytest.mark.parametrize(
    ("authority", "deputy", "lines"),
    [
        ("TM. ỦY BAN NHÂN DÂN", False, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
        ("TM. ỦY BAN NHÂN DÂN", True, ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        ("", False, ("CHỦ TỊCH",)),
        ("", True, ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    ],
)
def test_the_signature_block_follows_the_kt_tm_rule(plan, authority, deputy, lines):
    plan.signing_authority, plan.signer_deputy, plan.signer_title, plan.signer_name = (
        authority,
        deputy,
        "CHỦ TỊCH",
        "Hoàng Thị Hiếu",
    )
    assert doc.signature(plan) == doc.Signature(lines=lines, name="Hoàng Thị Hiếu")


def test_body_sections_are_numbered_in_order_among_those_printed(plan):
    numbers = {s.key: s.number for s in doc.sections(plan)}
    assert [s.key for s in doc.sections(plan)] == list(Section.values)
    assert (numbers["header"], numbers["legal"], numbers["recipients"], numbers["signature"]) == ("", "", "", "")
    # The village table is clause 1 of "Mục tiêu" in the default outline.
    assert [numbers[k] for k in ("purpose", "situation", "previous", "goals", "village-table")] == [
        "I",
        "II",
        "",
        "III",
        "1",
    ]
    assert not doc.document(plan).section("previous").shown
    plan.outline.filter(parent=None, order__gte=3).update(order=F("order") + 1)
    plan.outline.create(key="previous", order=3, heading="KẾT QUẢ NĂM TRƯỚC", text="Năm 2023 giảm 12 hộ nghèo.")
    plan = Plan.objects.get(pk=plan.pk)
    numbers = {s.key: s.number for s in doc.sections(plan)}
    assert [numbers[k] for k in ("purpose", "situation", "previous", "goals")] == ["I", "II", "III", "IV"]
    assert numbers["reporting"] == "IX"
    assert doc.document(plan).section("previous").shown


def test_recipient_lines_carry_their_purpose(plan):
    Recipient.objects.filter(plan=plan).delete()
    Recipient.objects.create(plan=plan, order=1, name="UBND huyện Văn Quan", purpose=Recipient.Purpose.REPORT)
    Recipient.objects.create(plan=plan, order=2, name="Lưu: VT")
    assert doc.document(plan).recipients == ("UBND huyện Văn Quan (b/c)", "Lưu: VT")


def test_the_page_and_the_snapshot_print_the_same_lines(plan, world, client):
    plan = services.save_plan_fields(
        by=world.users.official_diem_he,
        plan=plan,
        version=plan.version,
        data={"signer_deputy": True, "signer_name": "Hoàng Thị Hiếu"},
    )
    client.force_login(world.users.official_diem_he)
    html = page(client.get(reverse("plan", args=[plan.pk])))
    legal = html[html.index('id="legal"') : html.index('id="purpose"')]
    assert re.findall(r"<li>(.*?)</li>", legal) == [f"{DECISION_90};", "Thực hiện chỉ tiêu giảm hộ nghèo năm 2024;"]
    recipients = html[html.index('id="recipients"') : html.index('id="signature"')]
    printed = doc.document(plan).recipients
    assert re.findall(r"<li>(.*?)</li>", recipients) == [*(f"{line};" for line in printed[:-1]), f"{printed[-1]}."]
    signature = html[html.index('id="signature"') :]
    assert "TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</div>" in signature
    assert 'data-testid="signer">Hoàng Thị Hiếu</div>' in signature
    header = html[html.index('id="header"') : html.index('id="legal"')]
    assert "Điềm He, ngày ... tháng ... năm 2024" in header

    lines = snapshot(plan)["lines"]
    assert [line for section, line in lines if section == Section.LEGAL] == list(doc.document(plan).legal)
    assert [line for section, line in lines if section == Section.RECIPIENTS] == list(printed)

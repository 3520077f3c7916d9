"""The seed plans carried over to 2027 (the district plan 004 to 2022): which year flags fire on each, as
checked by hand against the seed's text, and the recipients each replacement reports. The demo world is
loaded once for the module (inside a transaction rolled back at its end)."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import override_settings

from plans.creation import create_plan
from plans.findings import plan_findings
from plans.models import Plan
from povertyplan.models import User
from tests.test_plan_2027 import YEAR_CODES, under_province

pytestmark = pytest.mark.django_db


# Each seed carried to 2027 (the district plan 004 to 2022), by hand from its text: (code, anchor) -> count.
SEED_FLAGS = {
    "Điềm He": {
        # I. situation "đầu năm 2024", "giai đoạn 2021-2025"; II. "MỤC TIÊU NĂM 2024", its general goal; a
        # task "năm 2024"; the 9th target; the preamble, the basis (Kế hoạch 105 ... năm 2024), the closing.
        ("stale_year_text", "text:s1"): 1,
        ("stale_year_text", "text:s2"): 1,
        ("stale_year_text", "text:s2-1"): 1,
        ("stale_year_text", "text:s3-1"): 1,
        ("stale_year_text", "text:targets-8"): 1,
        ("stale_year_text", "legal"): 2,
        ("stale_year_text", "signature"): 1,
    },
    "Xuân Hoà": {
        # The purpose cites UBND huyện Thọ Xuân's 2024 plan; "KINH PHÍ THỰC HIỆN NĂM 2024"; two bases of 2024.
        ("stale_year_text", "text:s1-1"): 1,
        ("abolished_unit_text", "text:s1-1"): 1,
        ("stale_year_text", "text:funding"): 1,
        ("stale_year_text", "legal"): 3,
        ("stale_year_text", "signature"): 1,
    },
    "Hà Trung": {
        # "KẾT QUẢ GIẢM NGHÈO NĂM 2023" is last year's results of 2024, not of 2027: flagged with its parts.
        ("stale_year_text", "text:s1-1"): 1,
        ("abolished_unit_text", "text:s1-1"): 1,
        ("stale_year_text", "text:s1-2"): 1,
        ("stale_year_text", "text:s2"): 1,
        ("stale_year_text", "text:s2-1"): 1,
        ("stale_year_text", "text:s2-2-1"): 1,
        ("stale_year_text", "text:s3"): 1,
        ("stale_year_text", "text:s3-1"): 1,
        ("stale_year_text", "text:s3-3"): 1,
        ("stale_year_text", "text:s4-3"): 1,
        ("stale_year_text", "text:s4-4"): 1,
        ("stale_year_text", "legal"): 5,
        ("stale_year_text", "signature"): 1,
    },
    "Dị Sử": {
        # Bases: QĐ 90 (old program, "giai đoạn 2021-2025"), NQ 41 "giai đoạn 2023-2025", two plans of 2024;
        # not CT 05 "đến năm 2023" (a basis's own horizon) nor NQ 31 "đến năm 2025".
        ("stale_year_text", "text:s1"): 1,
        ("stale_year_text", "text:village-table"): 1,
        ("stale_year_text", "text:s2-1"): 1,
        ("stale_year_text", "text:s3-3-5"): 1,
        ("stale_year_text", "text:targets-0"): 1,
        ("stale_year_text", "legal"): 5,
        ("old_program_basis", "legal"): 1,
        ("stale_year_text", "signature"): 1,
    },
    "Thanh Liêm": {
        # 2021 -> 2022: "cuối năm 2020" is not last year's end (2021) any more; the preamble, a basis, the closing.
        ("stale_year_text", "text:s1"): 1,
        ("stale_year_text", "legal"): 2,
        ("stale_year_text", "signature"): 1,
    },
}


@pytest.fixture(scope="module")
def seeds_carried(django_db_setup, django_db_blocker):
    """The demo's five seed plans, their communes moved under their provinces, each carried to 2027 (the
    district plan to 2022): {unit name: (plan's year flags, creation notes)}."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=io.StringIO())
        admin = User.objects.get(username="admin")
        out = {}
        for seed in Plan.objects.filter(transcribed=True).select_related("commune", "district").order_by("pk"):
            if seed.commune is not None:
                under_province(seed.commune)
                plan = create_plan(by=admin, commune=seed.commune, year=2027)
            else:
                plan = create_plan(by=admin, district=seed.district, year=2022)
            flags = [f for f in plan_findings(plan) if f.code in YEAR_CODES]
            out[plan.unit.name] = (flags, plan.creation_notes)
        yield out
        transaction.set_rollback(True)


@pytest.mark.parametrize("unit", sorted(SEED_FLAGS))
def test_each_seed_carried_over_flags_exactly_its_stale_texts(seeds_carried, unit):
    flags, _notes = seeds_carried[unit]
    assert Counter((f.code, f.anchor) for f in flags) == Counter(SEED_FLAGS[unit])
    assert all(f.severity == "warning" for f in flags)


def test_the_seed_flags_quote_what_is_stale(seeds_carried):
    messages = [f.message for f in seeds_carried["Điềm He"][0]]
    assert (
        "THỰC TRẠNG HỘ NGHÈO CỦA XÃ: văn bản chuyển từ kế hoạch năm 2024 còn ghi “năm 2024”, “giai đoạn 2021-2025”; "
        "kế hoạch này là của năm 2027: hãy kiểm tra lại." in messages
    )
    assert any(m.startswith("MỤC TIÊU NĂM 2024: ") and "“NĂM 2024”" in m for m in messages)
    [unit] = [f.message for f in seeds_carried["Hà Trung"][0] if f.code == "abolished_unit_text"]
    assert unit == "Mục đích: còn ghi “huyện Hà Trung”, đơn vị không còn trong năm 2027."


def test_each_seed_carried_over_reports_its_replaced_recipients(seeds_carried):
    notes = {unit: [n for n in notes if n.startswith("Nơi nhận")] for unit, (_f, notes) in seeds_carried.items()}
    assert notes["Hà Trung"] == [
        "Nơi nhận: “UBND huyện” được thay bằng “UBND tỉnh Thanh Hóa” (không còn huyện Hà Trung từ 01/7/2025): "
        "hãy kiểm tra lại."
    ]
    assert notes["Dị Sử"][0].startswith("Nơi nhận: “Phòng LĐ-TB&XH thị xã” được thay bằng “Sở Nông nghiệp và Môi")
    assert notes["Thanh Liêm"] == []  # 2021 -> 2022: the district was still there

"""Demo data of the plans: officers of the demo communes, and Hà Trung's 2024 plan typed as published.

Điềm He has no plan: creating its 2024 plan is the demo's round trip (official xa.diemhe creates it from
the counts, district reviewer huyen.vanquan reviews it). Hà Trung's plan (seed 002) is entered as the
document printed it, with its totals row, so its real mistake shows: year-end poor printed 31, rows 22.
Officers of Hà Trung are the seed's; Điềm He's are invented (the seed names none).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from households.models import Commune
from plans.creation import create_plan
from plans.data.seed_tables import _HA_TRUNG_ROWS
from plans.findings import refresh_counts
from plans.models import LegalBasis, Officer, Plan, Recipient, Responsibility, Target, VillageTarget
from povertyplan.models import User

DIEM_HE_OFFICERS = [
    ("Nông Thị Lan", "Công chức Văn hóa - Xã hội (LĐ-TB&XH)", "0912 000 101"),
    ("Hoàng Văn Tùng", "Phó Chủ tịch UBND xã", "0912 000 102"),
    ("Lương Văn Hải", "Chủ tịch Hội Nông dân xã", "0912 000 103"),
    ("Vi Thị Hoa", "Chủ tịch Hội Liên hiệp Phụ nữ xã", "0912 000 104"),
]

# Tiểu khu (named as the demo units name them: "1" is Tiểu khu 1) -> officer in charge, from seed 002.
HA_TRUNG_OFFICERS = {
    "1": "Nguyễn Ngọc Khanh",
    "2": "Nguyễn Thanh Tình",
    "3": "Nguyễn Thị Liễu",
    "4": "Mai Thị Bình",
    "5": "Nguyễn Thị Trang",
    "6": "Phạm Thế Đức",
    "Tương Lạc": "Dương Văn Thái",
    "Thượng Quý": "Đỗ Thanh Huyền",
    "Phong Vận": "Phạm Quốc Đông",
    "Trang Các": "Trịnh Đức Quân",
}


def _officers(commune: Commune, people) -> dict[str, Officer]:
    out = {}
    for name, position, phone in people:
        officer, _ = Officer.objects.get_or_create(
            commune=commune, name=name, defaults={"position": position, "phone": phone}
        )
        out[name] = officer
    return out


def _ha_trung_plan(by) -> None:
    commune = Commune.objects.get(name="Hà Trung", kind="thi_tran")
    if Plan.objects.filter(commune=commune, year=2024).exists():
        return
    officers = _officers(commune, [(name, "", "") for name in HA_TRUNG_OFFICERS.values()])
    plan = create_plan(by=by, commune=commune, year=2024)
    plan.transcribed = True
    plan.summary = "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024"
    texts = {
        "situation": (
            "Tổng số hộ nghèo là 35 hộ, tỷ lệ 1,21 %; hộ cận nghèo hiện tại là 82 hộ, tỷ lệ 2,85 %.\n"
            "Nguyên nhân nghèo: chủ yếu do già cả, ốm đau, không có khả năng lao động."
        ),
        "goals": (
            "Giảm tỷ lệ hộ nghèo theo chỉ tiêu UBND huyện giao là 13 hộ nghèo. Cụ thể: từ 35 hộ nghèo tỷ lệ 1,21% "
            "xuống còn 22 hộ nghèo tỷ lệ 0,7 %."
        ),
    }
    for node in plan.outline.filter(key__in=texts):  # the default outline's sections
        node.text = texts[node.key]
        node.save(update_fields=["text"])
    plan.printed_totals = {"poor_start": 35, "printed_poor_rate": "1.21", "exits_poor": 13, "poor_end": 31}
    # "Chỉ tiêu": from 35 poor households (1,21%) down to 22 (0,7 %), 13 fewer; it agrees with the rows.
    plan.printed_figures = {
        "households": 2881,
        "poor_start": 35,
        "printed_poor_start_rate": "1.21",
        "exits_poor": 13,
        "poor_end": 22,
        "printed_poor_end_rate": "0.7",
    }
    plan.signing_authority = ""  # signed "CHỦ TỊCH", not "TM. ỦY BAN NHÂN DÂN"
    plan.signer_name = "Cù Văn Hân"
    plan.save()
    plan.recipients.all().delete()
    Recipient.objects.bulk_create(
        Recipient(plan=plan, order=i, name=name, purpose=purpose)
        for i, (name, purpose) in enumerate(
            [
                ("UBND huyện", "b/c"),
                ("Đảng ủy, HĐND Thị trấn", "b/c"),
                ("Các ban ngành, đoàn thể", "t/h"),
                ("TKT các TK", "t/h"),
                ("Lưu: VT, BCĐ giảm nghèo Thị trấn", ""),
            ],
            start=1,
        )
    )
    LegalBasis.objects.create(
        plan=plan,
        order=1,
        verb="Căn cứ",
        doc_type="Kế hoạch",
        doc_number="",
        issuer="UBND huyện Hà Trung",
        title="về thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024",
    )
    Target.objects.create(plan=plan, order=1, text="100% hộ nghèo, cận nghèo được cấp thẻ bảo hiểm y tế.")
    Responsibility.objects.create(
        plan=plan,
        order=1,
        unit="Công chức LĐ-TB&XH",
        tasks="Tham mưu UBND thị trấn triển khai kế hoạch.\nTổng hợp, báo cáo kết quả giảm nghèo.",
    )
    rows = {key: (poor, rate, exits, end) for key, _label, _hh, poor, rate, exits, end in _HA_TRUNG_ROWS}
    for target in VillageTarget.objects.filter(plan=plan).select_related("village"):
        name = target.village.name
        if name not in rows:
            continue
        _poor, rate, exits, end = rows[name]
        target.exits_poor, target.printed_poor_rate, target.printed_poor_end = exits, Decimal(rate), end
        target.officer = officers[HA_TRUNG_OFFICERS[name]]
        target.save()
    refresh_counts(plan)


@transaction.atomic
def load_plan_demo() -> None:
    _officers(Commune.objects.get(name="Điềm He"), DIEM_HE_OFFICERS)
    _ha_trung_plan(User.objects.get(username="xa.hatrung"))


__all__ = ["load_plan_demo"]

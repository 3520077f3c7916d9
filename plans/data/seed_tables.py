"""The per-village target tables of two seed plans, entered exactly as published, as checks input.

- 000, xã Điềm He (Lạng Sơn), plan for 2024: 11 villages, the totals row, and the percentages of its text.
  Its own mistake: Nà Súng's near-poor rate printed 0,93 where 11 / 166 = 6,63%.
- 002, thị trấn Hà Trung (Thanh Hóa), plan for 2024: 10 tiểu khu with poor households at the end of 2023,
  printed rate, expected exits and poor at the end of 2024, the totals row 35 / 1,21 / 13 / 31.
  Its own mistake: the total of poor at the end is printed 31 where its rows sum to 22 (= 35 − 13).

Figures are as printed; a rate printed "0" is Decimal("0"). Row keys are the village names as the demo
units name them (households/data/demo_units.csv); labels add the village kind. Where a figure is not
printed it is None, except Hà Trung's households per tiểu khu (not printed): the demo data's totals,
chosen to agree with the printed rates and to add up to the printed 2.881 households.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from plans.checks import Deadline, PlanFigures, PlanInput, TableRow, TableTotals, TextPercentage

D = Decimal

# key, label, households, poor at start, printed poor rate, expected exits from poverty,
# near-poor at start, printed near-poor rate, expected exits from near-poverty — as printed in 000.
_DIEM_HE_ROWS = [
    ("Thống Nhất", "Thôn Thống Nhất", 82, 4, "4.88", 2, 12, "14.63", 2),
    ("Pác Làng", "Thôn Pác Làng", 127, 5, "3.94", 2, 14, "11.02", 2),
    ("Khun Pàu", "Thôn Khun Pàu", 74, 2, "2.70", 0, 14, "18.92", 2),
    ("Nà Súng", "Thôn Nà Súng", 166, 7, "4.21", 2, 11, "0.93", 2),
    ("Nà Bung", "Thôn Nà Bung", 86, 3, "3.49", 1, 6, "6.98", 1),
    ("Chi Quan", "Thôn Chi Quan", 80, 1, "1.25", 0, 1, "1.25", 0),
    ("Bản Làn", "Thôn Bản Làn", 88, 3, "3.41", 1, 2, "2.27", 0),
    ("Điềm He 2", "Phố Điềm He 2", 127, 2, "1.57", 0, 0, "0", 0),
    ("Điềm He 1", "Phố Điềm He 1", 160, 1, "0.63", 0, 0, "0", 0),
    ("Phú Nhuận", "Thôn Phú Nhuận", 129, 1, "0.78", 0, 1, "0.78", 1),
    ("Trung Kiên", "Thôn Trung Kiên", 63, 2, "3.17", 0, 0, "0", 0),
]

# key, label, households (not printed: see the module docstring), poor at end of 2023, printed rate,
# expected exits in 2024, poor at end of 2024 — as printed in 002.
_HA_TRUNG_ROWS = [
    ("1", "Tiểu khu 1", 172, 5, "2.91", 2, 3),
    ("2", "Tiểu khu 2", 182, 2, "1.10", 1, 1),
    ("3", "Tiểu khu 3", 638, 5, "0.78", 2, 3),
    ("4", "Tiểu khu 4", 429, 3, "0.70", 1, 2),
    ("5", "Tiểu khu 5", 206, 2, "0.97", 1, 1),
    ("6", "Tiểu khu 6", 417, 2, "0.48", 1, 1),
    ("Tương Lạc", "Tiểu khu Tương Lạc", 204, 6, "2.94", 2, 4),  # printed "TK Tương Lạc"
    ("Thượng Quý", "Tiểu khu Thượng Quý", 252, 4, "1.59", 1, 3),  # "TK Thượng Quý"
    ("Phong Vận", "Tiểu khu Phong Vận", 160, 2, "1.25", 1, 1),  # "TK Phong Vận"
    ("Trang Các", "Tiểu khu Trang Các", 221, 4, "1.81", 1, 3),  # "Tk Trang Các"
]


def diem_he_2024() -> PlanInput:
    """Seed 000 (xã Điềm He, 2024) as published: one mistake, Nà Súng's near-poor rate."""
    rows = tuple(
        TableRow(
            key=key,
            label=label,
            households=households,
            poor_start=poor,
            printed_poor_rate=D(poor_rate),
            exits_poor=exits_poor,
            near_poor_start=near,
            printed_near_poor_rate=D(near_rate),
            exits_near_poor=exits_near,
        )
        for key, label, households, poor, poor_rate, exits_poor, near, near_rate, exits_near in _DIEM_HE_ROWS
    )
    totals = TableTotals(
        households=1182,
        poor_start=31,
        printed_poor_rate=D("2.62"),
        exits_poor=8,
        near_poor_start=61,
        printed_near_poor_rate=D("5.16"),
        exits_near_poor=10,
    )
    # II.2 "Chỉ tiêu cụ thể": "giảm 08 hộ nghèo (0,67%); 10 hộ cận nghèo (0,84%)"; start figures from I.
    figures = PlanFigures(
        households=1182,
        poor_start=31,
        near_poor_start=61,
        exits_poor=8,
        exits_near_poor=10,
        printed_exits_poor_rate=D("0.67"),
        printed_exits_near_poor_rate=D("0.84"),
    )
    texts = (
        TextPercentage(
            section="situation_text",
            snippet="toàn xã có 31 hộ nghèo/1.182 hộ chiếm 2,62%",
            printed=D("2.62"),
            claims=("poor_start", "households"),
        ),
        TextPercentage(
            section="situation_text",
            snippet="hộ cận nghèo có 61 hộ/1.182 hộ chiếm 5,16%",
            printed=D("5.16"),
            claims=("near_poor_start", "households"),
        ),
        TextPercentage(
            section="general_goal",
            snippet="Phấn đấu giảm tỷ lệ hộ nghèo năm 2024 của xã là 08 hộ tương đương 0,67%",
            printed=D("0.67"),
            claims=("exits_poor", "households"),
        ),
        TextPercentage(
            section="general_goal",
            snippet="Phấn đấu giảm tỷ lệ hộ cận nghèo năm 2024 của xã là 10 hộ tương đương 0,84%",
            printed=D("0.84"),
            claims=("exits_near_poor", "households"),
        ),
    )
    deadlines = (
        Deadline(
            label="Các thôn, phố lập danh sách hộ thoát nghèo, thoát cận nghèo nộp về UBND xã",
            date=datetime.date(2024, 4, 10),
        ),
    )
    return PlanInput(
        year=2024,
        rows=rows,
        totals=totals,
        figures=figures,
        texts=texts,
        deadlines=deadlines,
        signer="Hoàng Thị Hiếu",
        recipients=10,  # nine addressees and "Lưu: VP."
    )


def ha_trung_2024() -> PlanInput:
    """Seed 002 (thị trấn Hà Trung, 2024) as published: one mistake, the total of poor at the end."""
    rows = tuple(
        TableRow(
            key=key,
            label=label,
            households=households,
            poor_start=poor,
            printed_poor_rate=D(poor_rate),
            exits_poor=exits,
            poor_end=end,
        )
        for key, label, households, poor, poor_rate, exits, end in _HA_TRUNG_ROWS
    )
    # The totals row prints no households.
    totals = TableTotals(poor_start=35, printed_poor_rate=D("1.21"), exits_poor=13, poor_end=31)
    # II.1: 2881 households, 35 poor, 82 near-poor; III.3: 13 to leave poverty, from 35 down to 22.
    figures = PlanFigures(households=2881, poor_start=35, near_poor_start=82, exits_poor=13, poor_end=22)
    target = "từ 35 hộ nghèo tỷ lệ 1,21% xuống còn 22 hộ nghèo tỷ lệ 0,7 %"
    texts = (
        TextPercentage(
            section="previous_results_text",
            snippet="tổng số hộ nghèo năm 2023 là 35 hộ tỷ lệ 1,21 %",
            printed=D("1.21"),
            claims=("poor_start", "households"),
        ),
        TextPercentage(
            section="previous_results_text",
            snippet="Hộ cận nghèo hiện tại là 82 hộ, tỷ lệ 2,85 %",
            printed=D("2.85"),
            claims=("near_poor_start", "households"),
        ),
        TextPercentage(section="targets", snippet=target, printed=D("1.21"), claims=("poor_start", "households")),
        TextPercentage(section="targets", snippet=target, printed=D("0.7"), claims=("poor_end", "households")),
    )
    # "Thời gian triển khai kế hoạch ... trong tháng 01 năm 2024": by the end of January.
    deadlines = (
        Deadline(
            label="Triển khai kế hoạch đến cán bộ, đảng viên, BCĐ giảm nghèo, Tổ rà soát cấp tiểu khu",
            date=datetime.date(2024, 1, 31),
        ),
    )
    return PlanInput(
        year=2024,
        rows=rows,
        totals=totals,
        figures=figures,
        texts=texts,
        deadlines=deadlines,
        signer="Cù Văn Hân",
        recipients=5,  # four addressees and "Lưu: VT, BCĐ giảm nghèo Thị trấn."
    )

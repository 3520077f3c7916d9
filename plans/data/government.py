"""What a plan names under the two-level local government (from 1 July 2025), kept as data: the parent
body line, the bodies that replace an abolished district's in the carried-over recipients, the summary
line per program, and where a 2021-2025 project goes under the 2026-2035 program.

Parent body. Decree 30/2020 (Phụ lục I) writes the direct managing body above the issuing body "if
any"; a People's Committee issues in its own name, and the seeds of commune plans (001, Xuân Hoà) and of
the district plan (004) print none. Before the reform our plans named the district in effect above the
commune (an editable default); a commune directly under the province gets no parent body line: the
province's People's Committee is not its managing body in the Decree's sense. Change it here if the
province's practice differs.

Replacements. Poverty reduction passed from the labour departments to the Ministry of Agriculture and
Environment in 2025; in a province its Sở Nông nghiệp và Môi trường. Patterns are matched, case
insensitively, against the whole recipient line; `{province}` is the commune's province ("tỉnh Lạng
Sơn"). A replacement is always reported to the user to check.

Projects. The mapping from a 2021-2025 project (Dự án / Tiểu dự án, "3.1") to a 2026-2035 component
content (Hợp phần / Nội dung thành phần, "1.3") is a suggestion by subject, not an official table: the
user is told which were mapped and which were dropped.
"""

from __future__ import annotations

#: The parent body line of a commune directly under its province (see above).
PARENT_BODY_UNDER_PROVINCE = ""

#: (pattern of an abolished district's body, its post-reform counterpart).
RECIPIENT_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    (r"(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(huyện|thị xã|quận)\b.*", "UBND {province}"),
    (r"Phòng\s+(Lao động|LĐ|LĐTB).*", "Sở Nông nghiệp và Môi trường {province}"),
)

#: A first plan's recipients to report to, for a commune directly under its province.
RECIPIENTS_UNDER_PROVINCE: tuple[str, ...] = ("UBND {province}", "Sở Nông nghiệp và Môi trường {province}")

#: A new plan's summary line, by program version code ({year}, {unit}: "xã Điềm He").
SUMMARIES: dict[str, str] = {
    "mtqg-gnbv-2021-2025": "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm {year} trên địa bàn {unit}",
    "mtqg-ntm-gnbv-dtts-2026-2035": (
        "Thực hiện nội dung giảm nghèo bền vững thuộc Chương trình mục tiêu quốc gia xây dựng nông thôn mới, "
        "giảm nghèo bền vững và phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi "
        "năm {year} trên địa bàn {unit}"
    ),
}
#: The summary line of a program not listed above.
SUMMARY_OTHER = "Thực hiện {program} năm {year} trên địa bàn {unit}"

#: The default outline's heading of the section placing the program's items, by program version code
#: (a program not listed keeps the default outline's "DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN").
PROJECTS_HEADINGS: dict[str, str] = {
    "mtqg-ntm-gnbv-dtts-2026-2035": "HỢP PHẦN, NỘI DUNG THÀNH PHẦN THỰC HIỆN",
}

#: (old version code, new version code) -> {old item "project[.subproject]": new "component.content"}.
PROJECT_MAP: dict[tuple[str, str], dict[str, str]] = {
    ("mtqg-gnbv-2021-2025", "mtqg-ntm-gnbv-dtts-2026-2035"): {
        "1": "1.2",
        "1.1": "1.2",
        "1.2": "1.2",
        "2": "1.3",
        "3": "1.3",
        "3.1": "1.3",
        "4": "1.4",
        "4.1": "1.4",
        "4.2": "1.4",
        "4.3": "1.4",
        "6": "1.10",
        "6.1": "1.10",
        "6.2": "1.10",
        "7": "1.10",
        "7.1": "1.10",
        "7.2": "1.10",
    },
}

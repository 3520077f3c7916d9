"""The Excel templates the app offers, and the columns both parsers expect.

Counts of a year: one row per village of the commune, names filled in (and the counts typed so far).
Households: one row per household with its assessment of the year, one column per indicator of that
year's standard. Each template has a second sheet "Hướng dẫn" explaining every column.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from households.counts import Source, commune_counts
from households.models import Category, Commune, Indicator, PovertyCause

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# What an indicator cell says: "x" (or 1, "có") when the household lacks it, empty (or 0, "không") when not.
DEPRIVED = {"x", "1", "co", "c", "true"}
NOT_DEPRIVED = {"", "0", "khong", "k", "false"}
LIST_SEPARATOR = ";"


def count_columns() -> dict[str, str]:
    return {
        "village": _("Thôn"),
        "total_households": _("Tổng số hộ"),
        "poor": _("Hộ nghèo"),
        "near_poor": _("Hộ cận nghèo"),
        "source": _("Nguồn"),
    }


def indicator_header(indicator: Indicator) -> str:
    return f"{indicator.number}. {indicator.name}"


def household_columns(indicators: list[Indicator]) -> dict[str, str]:
    """key -> header; an indicator's key is "indicator:<pk>"."""
    columns = {
        "village": _("Thôn"),
        "code": _("Mã hộ"),
        "head_name": _("Họ tên chủ hộ"),
        "members": _("Số nhân khẩu"),
        "ethnicity": _("Dân tộc"),
        "income_per_capita": _("Thu nhập bình quân (đồng/người/tháng)"),
    }
    columns |= {f"indicator:{i.pk}": indicator_header(i) for i in indicators}
    columns |= {"categories": _("Đối tượng"), "causes": _("Nguyên nhân nghèo")}
    return columns


def category_choices() -> list[tuple[str, str]]:
    """The categories an importer may name (ethnic minority comes from the ethnicity)."""
    return [(c.value, str(c.label)) for c in Category if c != Category.ETHNIC_MINORITY]


def _header(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    for i, _text in enumerate(headers, start=1):
        c = sheet.cell(row=1, column=i)
        c.font, c.fill = Font(bold=True), HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(headers[i - 1]) + 2))
    sheet.freeze_panes = "A2"


def _guide(book: Workbook, lines: list[tuple[str, str]]) -> None:
    sheet = book.create_sheet(_("Hướng dẫn"))
    _header(sheet, [_("Cột"), _("Cách điền")])
    sheet.column_dimensions["B"].width = 100
    for column, text in lines:
        sheet.append([column, text])
        sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(wrap_text=True)


def _text(value) -> str:
    """User text as a plain string cell: never read back as a formula (formula injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def counts_template(commune: Commune, year: int) -> bytes:
    """The village counts of `year` for `commune`: one row per village, the typed counts filled in."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Số liệu {year}").format(year=year)
    headers = list(count_columns().values())
    _header(sheet, headers)
    rows, _total = commune_counts(commune, year)
    for row in rows:
        typed = row.entered if row.source == Source.ENTERED else None
        sheet.append(
            [
                _text(row.village.name),
                typed.total_households if typed else None,
                typed.poor if typed else None,
                typed.near_poor if typed else None,
                _text(typed.source) if typed and typed.source else None,
            ]
        )
    columns = count_columns()
    _guide(
        book,
        [
            (
                columns["village"],
                _("Tên thôn của {commune}, như trong phần mềm (không thêm, không đổi tên).").format(commune=commune),
            ),
            (columns["total_households"], _("Số nguyên không âm, ví dụ 1.182. Để trống cả dòng nếu chưa có số liệu.")),
            (columns["poor"], _("Số nguyên không âm, không lớn hơn tổng số hộ; ghi 0 nếu không có.")),
            (columns["near_poor"], _("Không bắt buộc. Hộ nghèo cộng hộ cận nghèo không vượt tổng số hộ.")),
            (columns["source"], _("Không bắt buộc: văn bản hoặc nguồn của số liệu.")),
            (
                "",
                _("Thôn có danh sách hộ trong năm {year} lấy số liệu từ danh sách hộ, không nhập ở đây.").format(
                    year=year
                ),
            ),
        ],
    )
    return _bytes(book)


def households_template(commune: Commune, year: int, indicators: list[Indicator]) -> bytes:
    """Households with their assessment of `year`: headers, one example-free sheet, and the guide."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Hộ {year}").format(year=year)
    columns = household_columns(indicators)
    _header(sheet, list(columns.values()))
    villages = ", ".join(v.name for v in commune.villages.order_by("order", "id"))
    categories = "; ".join(label for _code, label in category_choices())
    causes = "; ".join(c.name for c in PovertyCause.objects.order_by("order"))
    lines = [
        (columns["village"], _("Tên thôn của {commune}: {villages}.").format(commune=commune, villages=villages)),
        (columns["code"], _("Để trống với hộ mới; ghi mã hộ (số trong phần mềm) để cập nhật hộ đã có.")),
        (columns["head_name"], _("Bắt buộc.")),
        (columns["members"], _("Số nguyên từ 1 đến 50.")),
        (columns["ethnicity"], _("Tên dân tộc, ví dụ Kinh, Tày, Nùng.")),
        (
            columns["income_per_capita"],
            _("Số nguyên đồng/người/tháng, ví dụ 1.500.000. Bắt buộc: chưa rõ không phải là 0."),
        ),
    ]
    lines += [(indicator_header(i), _("Ghi x nếu hộ thiếu hụt chỉ số này; để trống nếu không.")) for i in indicators]
    lines += [
        (
            columns["categories"],
            _("Không bắt buộc; nhiều đối tượng cách nhau bởi dấu “;”: {values}.").format(values=categories),
        ),
        (
            columns["causes"],
            _("Không bắt buộc; nhiều nguyên nhân cách nhau bởi dấu “;”: {values}.").format(values=causes),
        ),
        (
            "",
            _("Phân loại hộ (nghèo, cận nghèo, ...) được phần mềm tính theo chuẩn nghèo năm {year}.").format(year=year),
        ),
    ]
    _guide(book, lines)
    return _bytes(book)

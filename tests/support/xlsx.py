"""Workbooks built in tests: a sheet from rows, as the bytes an upload or a command reads."""

from __future__ import annotations

import io

from openpyxl import Workbook

COUNT_HEADER = ["Thôn", "Tổng số hộ", "Hộ nghèo", "Hộ cận nghèo", "Nguồn"]


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def household_header(indicators) -> list[str]:
    return [
        "Thôn",
        "Mã hộ",
        "Họ tên chủ hộ",
        "Số nhân khẩu",
        "Dân tộc",
        "Thu nhập bình quân (đồng/người/tháng)",
        *[f"{i.number}. {i.name}" for i in indicators],
        "Đối tượng",
        "Nguyên nhân nghèo",
    ]

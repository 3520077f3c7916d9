"""The one cell writer of the exports (reports/xlsx/cells.py), read back with openpyxl: user text is
text whatever it starts with, numbers are numbers, unknown is an empty cell, dates are dates; and the
same through a real household list whose heads are named like formulas."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest

from reports.xlsx.cells import Formula, put, streamed
from reports.xlsx.exports import ascii_name, household_list
from reports.xlsx.formats import new_workbook
from tests.support import xlsx_eval
from tests.support.world import make_household

FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(1)", "\t=1+1", "\r=1"]


def round_trip(values, *, write_only: bool = False):
    """Write `values` in row 1 (through put, or streamed cells), save, and read the sheet back."""
    workbook = new_workbook(write_only=write_only)
    if write_only:
        ws = workbook.create_sheet()
        ws.append([streamed(ws, v) for v in values])
    else:
        ws = workbook.active
        for column, v in enumerate(values, start=1):
            put(ws.cell(row=1, column=column), v)
    out = io.BytesIO()
    workbook.save(out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue())).active


@pytest.mark.parametrize("write_only", [False, True])
def test_text_that_looks_like_a_formula_comes_back_as_the_same_text(write_only):
    ws = round_trip(FORMULA_LIKE, write_only=write_only)
    for cell, text in zip(ws[1], FORMULA_LIKE, strict=True):
        # XML reads a carriage return in a text as a line feed (every xlsx reader does): still text.
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text.replace("\r", "\n"), "s", True)


def test_ordinary_text_is_a_string_without_the_quote_prefix():
    ws = round_trip(["Hoàng Văn Bình", "1182"])
    assert [(c.value, c.data_type, c.quotePrefix) for c in ws[1]] == [
        ("Hoàng Văn Bình", "s", False),
        ("1182", "s", False),
    ]


def test_numbers_are_numbers_unknown_is_empty_and_dates_are_dates():
    ws = round_trip([1182, Decimal("2.62"), None, 0, datetime.date(2024, 1, 20)])
    a, b, c, d, e = ws[1]
    assert (a.value, a.data_type) == (1182, "n")
    assert (b.value, b.data_type) == (2.62, "n")
    assert c.value is None  # unknown: an empty cell, never 0
    assert (d.value, d.data_type) == (0, "n")  # a stated 0 stays 0
    assert e.is_date and e.value == datetime.datetime(2024, 1, 20) and e.number_format == "DD/MM/YYYY"


def test_only_a_formula_built_by_the_export_is_a_formula():
    ws = round_trip([Formula("SUM(B1:C1)"), 2, 3])
    assert (ws["A1"].value, ws["A1"].data_type) == ("=SUM(B1:C1)", "f")
    assert xlsx_eval.value(ws, "A1") == 5


def test_characters_an_xlsx_cannot_hold_are_dropped_instead_of_failing():
    ws = round_trip(["Nguyễn\x01 Văn\x0b An"])
    assert ws["A1"].value == "Nguyễn Văn An"


def test_the_evaluator_counts_an_empty_cell_as_zero_as_excel_does():
    """So a SUM over an unknown figure would show in the tests as a wrong total, not pass unseen."""
    ws = round_trip([None, 4, Formula("SUM(A1:B1)"), Formula("A1+B1"), Formula('IF(A1=0,"",ROUND(B1/3*100,2))')])
    assert xlsx_eval.value(ws, "C1") == 4
    assert xlsx_eval.value(ws, "D1") == 4
    assert xlsx_eval.value(ws, "E1") == ""
    ws = round_trip([3, 1, Formula("ROUND(B1/A1*100,2)"), Formula("ROUND(-1/8*100,1)")])
    assert xlsx_eval.value(ws, "C1") == Fraction("33.33")
    assert xlsx_eval.value(ws, "D1") == Fraction("-12.5")


def test_file_names_are_ascii_folded():
    assert ascii_name("Bang thon KH", 2024, "xã Điềm He") == "Bang-thon-KH-2024-xa-Diem-He"
    assert ascii_name("Danh sách hộ", 2024, "thôn Nà Súng", "Đồng Ứng") == "Danh-sach-ho-2024-thon-Na-Sung-Dong-Ung"


def test_household_heads_named_like_formulas_are_exported_as_text(world):
    village, official = world.villages.na_sung, world.users.official_diem_he
    names = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(1)"]
    for name in names:
        make_household(official, village, 2024, income=2_000_000, name=name)
    ws = openpyxl.load_workbook(io.BytesIO(household_list(official, 2024, village=village).content)).active
    heads = {ws.cell(r, 3).value: ws.cell(r, 3) for r in range(6, ws.max_row + 1)}
    assert set(heads) == {*names, "Hoàng Văn Bình", "Nông Thị Hoa"}
    for name in names:
        assert (heads[name].data_type, heads[name].quotePrefix) == ("s", True)

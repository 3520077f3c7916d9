"""The Excel exports read back with openpyxl: the Điềm He 2024 per-village table (seed 000, typed on a
commune built with its 11 villages and counts), the district roll-up, and the command
export_village_table. Every formula is recomputed (tests/support/xlsx_eval.py) and compared with what the
app computed (plans.reads.plan_table, plans.table.value)."""

from __future__ import annotations

import io
import sys
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from households.models import District, Province, VillageKind
from plans import rollup, services, table
from plans.creation import create_plan
from plans.data.seed_tables import _DIEM_HE_ROWS
from plans.reads import plan_table
from povertyplan.access import Role
from povertyplan.models import User
from reports.xlsx import exports
from tests.support import xlsx_eval
from tests.support.plans import YEAR, make_commune, targets_by_village

D = Decimal
TITLE = "BẢNG CHỈ TIÊU GIẢM NGHÈO NĂM 2024 THEO THÔN – XÃ ĐIỀM HE, HUYỆN VĂN QUAN, TỈNH LẠNG SƠN"
HEADER_ROW = 5  # three title rows, a blank row, the header


def kind_of(label: str) -> str:
    return {"Thôn": VillageKind.THON, "Phố": VillageKind.PHO}[label.split()[0]]


@pytest.fixture
def diem_he(db):
    """Xã Điềm He (huyện Văn Quan, tỉnh Lạng Sơn) with its 11 villages, the counts and targets of seed 000."""
    province = Province.objects.create(name="Lạng Sơn")
    district = District.objects.create(province=province, name="Văn Quan")
    villages = [(key, kind_of(label), hh, poor, near) for key, label, hh, poor, _r, _e, near, _nr, _en in _DIEM_HE_ROWS]
    made = make_commune(district, "Điềm He", villages)
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    targets = targets_by_village(plan)
    rows = {
        targets[made.villages[key].pk].pk: {"exits_poor": exits, "exits_near_poor": exits_near}
        for key, _label, _hh, _poor, _pr, exits, _near, _nr, exits_near in _DIEM_HE_ROWS
    }
    made.plan = services.save_grid(by=made.official, plan=plan, version=plan.version, rows=rows)
    made.district = district
    return made


def read(export: exports.Export):
    return openpyxl.load_workbook(io.BytesIO(export.content)).active


def shown(ws, coordinate: str):
    """A cell as the app would compare it: its formula computed, a number as a Decimal (2 places)."""
    v = xlsx_eval.value(ws, coordinate)
    return v if v is None or isinstance(v, str) else xlsx_eval.as_decimal(v)


def expected(row, c: table.Column):
    v = table.value(row, c.key)
    return None if v is None else D(v).quantize(D("0.01"))


def test_village_table_has_its_titles_and_the_declared_columns_in_order(diem_he):
    export = exports.village_table(diem_he.plan)
    ws = read(export)
    assert export.filename == "Bang-thon-KH-2024-xa-Diem-He.xlsx"
    assert ws["A1"].value == diem_he.plan.issuing_body.upper()
    assert ws["A2"].value == TITLE
    assert ws["A3"].value == "(Dự thảo kế hoạch số .../KH-UBND; đơn vị tính: hộ, tỷ lệ %)"
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["STT", "Thôn", *(str(c.label) for c in table.table_columns())]
    assert ws.parent.properties.language == "vi-VN"


def test_every_row_and_the_totals_recomputed_equal_the_app(diem_he):
    ws = read(exports.village_table(diem_he.plan))
    grid = plan_table(diem_he.plan)
    columns = table.table_columns()
    for offset, row in enumerate([*grid.rows, grid.total], start=1):
        r = HEADER_ROW + offset
        assert ws.cell(r, 2).value == row.label
        for i, c in enumerate(columns, start=3):
            if c.numeric:
                assert shown(ws, ws.cell(r, i).coordinate) == expected(row, c), (row.label, c.key)
    assert HEADER_ROW + len(grid.rows) + 1 == ws.max_row


def test_the_totals_row_shows_1182_households_31_poor_2_62_and_61_near_poor_5_16(diem_he):
    ws = read(exports.village_table(diem_he.plan))
    total = {c.key: f"{chr(ord('C') + i)}17" for i, c in enumerate(table.table_columns())}
    assert ws["B17"].value == "Tổng cộng"
    assert ws[total["households"]].value == "=SUM(C6:C16)"
    assert ws[total["poor_rate"]].value == '=IF(C17=0,"",ROUND(D17/C17*100,2))'
    assert ws[total["poor_end"]].value == "=D17-F17"
    figures = {key: shown(ws, cell) for key, cell in total.items() if key != "officer"}
    assert figures == {
        "households": D("1182.00"),
        "poor_start": D("31.00"),
        "poor_rate": D("2.62"),
        "exits_poor": D("8.00"),
        "poor_end": D("23.00"),
        "near_poor_start": D("61.00"),
        "near_poor_rate": D("5.16"),
        "exits_near_poor": D("10.00"),
        "near_poor_end": D("51.00"),
    }


def test_counts_are_formatted_1_182_and_rates_2_62_with_the_standard_codes(diem_he):
    ws = read(exports.village_table(diem_he.plan))
    for i, c in enumerate(table.table_columns(), start=3):
        for r in (6, 16, 17):
            fmt = ws.cell(r, i).number_format
            assert fmt == {"count": "#,##0", "rate": "0.00", "text": "General"}[c.kind], (c.key, r)


def test_the_header_is_frozen_and_the_sheet_prints_one_page_wide(diem_he):
    ws = read(exports.village_table(diem_he.plan))
    assert ws.freeze_panes == "C6"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$5:$5"
    assert ws.column_dimensions["B"].width == 24


def test_an_unknown_target_leaves_its_total_and_end_figures_empty_not_zero(diem_he):
    plan = diem_he.plan
    target = plan.village_targets.get(village=diem_he.villages["Nà Súng"])
    plan = services.save_grid(
        by=diem_he.official, plan=plan, version=plan.version, rows={target.pk: {"exits_poor": None}}
    )
    ws = read(exports.village_table(plan))
    letters = {c.key: chr(ord("C") + i) for i, c in enumerate(table.table_columns())}
    na_sung = 6 + 3  # the fourth village
    assert ws.cell(na_sung, 2).value == "Thôn Nà Súng"
    for key in ("exits_poor", "poor_end"):
        assert ws[f"{letters[key]}{na_sung}"].value is None
        assert ws[f"{letters[key]}17"].value is None  # no SUM that would count Nà Súng as 0
    assert plan_table(plan).total.exits_poor is None
    assert shown(ws, f"{letters['exits_near_poor']}17") == D("10.00")
    assert shown(ws, f"{letters['poor_rate']}17") == D("2.62")


def test_district_rollup_has_the_roll_up_pages_rows_and_totals(diem_he):
    other = make_commune(diem_he.district, "Tri Lễ", [("Bản Chu", VillageKind.BAN, 90, 9, None)])
    assert other.commune.pk
    export = exports.district_rollup(diem_he.district, YEAR)
    ws = read(export)
    assert export.filename == "Tong-hop-2024-huyen-Van-Quan.xlsx"
    assert ws["A2"].value == "BẢNG TỔNG HỢP CHỈ TIÊU GIẢM NGHÈO NĂM 2024 THEO XÃ – HUYỆN VĂN QUAN, TỈNH LẠNG SƠN"
    columns = [*table.rollup_columns(), *table.ROLLUP_CURRENT]
    assert [c.value for c in ws[HEADER_ROW]] == ["STT", "Xã, phường, thị trấn", *(str(c.label) for c in columns)]
    rows, total = rollup.district_rows(diem_he.district, YEAR)
    assert [ws.cell(HEADER_ROW + i, 2).value for i in (1, 2, 3)] == ["xã Điềm He", "xã Tri Lễ", "Toàn huyện"]
    for offset, row in enumerate([*rows, total], start=1):
        for i, c in enumerate(columns, start=3):
            cell = ws.cell(HEADER_ROW + offset, i)
            if c.numeric:
                assert shown(ws, cell.coordinate) == expected(row, c), (row.label, c.key)
            elif row is not total:
                assert cell.value == row.status
    # Tri Lễ has no plan: no targets, so the district's exits are unknown, not the 8 of Điềm He.
    exits = 3 + [c.key for c in columns].index("exits_poor")
    assert ws.cell(HEADER_ROW + 3, exits).value is None
    assert shown(ws, ws.cell(HEADER_ROW + 3, 3).coordinate) == D("1272.00")


def test_command_writes_the_xlsx_file(diem_he, tmp_path, capsys):
    out = tmp_path / "bang.xlsx"
    call_command("export_village_table", str(diem_he.plan.pk), "--format", "xlsx", "-o", str(out))
    ws = openpyxl.load_workbook(out).active
    assert ws["A2"].value == TITLE
    assert f"Đã ghi {out}" in capsys.readouterr().out


def test_command_refuses_an_unknown_plan_and_a_district_plan_with_a_message(diem_he, tmp_path):
    reviewer = User.objects.create_user(
        username="huyen",
        password="x",
        role=Role.REVIEWER,
        district=diem_he.district,
        province=diem_he.district.province,
    )
    district_plan = create_plan(by=reviewer, district=diem_he.district, year=YEAR)
    with pytest.raises(CommandError, match="Không có kế hoạch mã 999999."):
        call_command("export_village_table", "999999", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="là kế hoạch của huyện: không có bảng chỉ tiêu theo thôn"):
        call_command("export_village_table", str(district_plan.pk), "-o", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_command_says_clearly_when_the_pdf_renderer_is_missing(diem_he, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "reports.pdf", None)  # importing it raises ImportError
    with pytest.raises(CommandError, match=r"Chưa có bộ tạo PDF \(reports.pdf.render_village_table\)"):
        call_command("export_village_table", str(diem_he.plan.pk), "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_command_help_names_its_arguments(capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("export_village_table", "--help")
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--format {xlsx,pdf}" in out and "-o OUTPUT, --output OUTPUT" in out


def test_an_issued_plans_table_names_the_plan_it_goes_with(issued):
    ws = read(exports.village_table(issued))
    assert ws["A3"].value == (f"(Kèm theo Kế hoạch số 05/KH-UBND ngày 20 tháng 01 năm 2024 của {issued.issuing_body})")


def test_a_commune_without_a_district_is_named_by_its_province(hac_thanh_plan):
    plan, _official = hac_thanh_plan
    export = exports.village_table(plan)
    assert export.filename == "Bang-thon-KH-2024-phuong-Hac-Thanh.xlsx"
    assert read(export)["A2"].value == "BẢNG CHỈ TIÊU GIẢM NGHÈO NĂM 2024 THEO THÔN – PHƯỜNG HẠC THÀNH, TỈNH THANH HÓA"

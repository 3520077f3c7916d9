"""Forms 5 and 7 in Excel: each rate is a formula of the cell holding its count (beside the printed
table, reports/xlsx/forms.py) and the cell holding its base, as the other forms' rates are; a reader who
changes a count sees the unit's rate and the total's follow. And the pack's area routes take the area
level converter every area route shares (households/converters.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import Resolver404, resolve, reverse
from openpyxl.utils import column_index_from_string, range_boundaries

from reports.forms.build import area_pack, commune_pack
from reports.forms.files import export
from tests.support import xlsx_eval
from tests.support.review_forms import SCENARIO, build, expected_status
from tests.test_review_forms import YEAR, cell, rate, rows_by_label, sheet

# IF(C11=0,"",ROUND(Q11/C11*100,2)): the part and the whole, both cell references
RATE_OF_CELLS = re.compile(r'^=IF\(([A-Z]+)(\d+)=0,"",ROUND\(([A-Z]+)(\d+)/([A-Z]+)(\d+)\*100,2\)\)$')
DEPRIVATIONS = {5: ("poor", 4), 7: ("near", 1)}  # the scenario's statuses: the first N indicators each


@pytest.fixture
def tan_lap(world):
    return build(world)


def rate_cells(ws, r: int, column: int) -> tuple[str, str]:
    """The part's and the whole's coordinates in a rate formula, checked to be this row's cells."""
    formula = ws.cell(row=r, column=column).value
    match = RATE_OF_CELLS.match(formula)
    assert match, formula
    guard, guard_row, part, part_row, whole, whole_row = match.groups()
    assert (guard, guard_row) == (whole, whole_row) and int(part_row) == int(whole_row) == r
    return f"{part}{r}", f"{whole}{r}"


@pytest.mark.parametrize("number", [5, 7])
def test_forms_5_and_7_rates_are_formulas_of_the_count_cells_and_follow_a_changed_count(tan_lap, number):
    status, deprived = DEPRIVATIONS[number]
    pack = commune_pack(tan_lap.commune, YEAR)
    ws = sheet(export(pack, "xlsx", number).content, f"Biểu {number}")
    rows = rows_by_label(ws)
    na_pan, total = rows[("Thôn Nà Pàn", "")], rows[("Tổng cộng", "")]
    households = sum(expected_status(c, YEAR, "A") == status for c in SCENARIO)
    indicators = len(pack.form(number).expanded.columns) - 1
    parts = [rate_cells(ws, na_pan, column)[0] for column in range(4, 4 + indicators)]
    assert [rate_cells(ws, na_pan, column)[1] for column in range(4, 4 + indicators)] == [f"C{na_pan}"] * indicators
    # the counts the rates are of, on the sheet, after the printed table's last column
    assert [cell(ws, na_pan, column_index_from_string(re.sub(r"\d", "", p))) for p in parts] == (
        [households] * deprived + [0] * (indicators - deprived)
    )
    _, _, last_printed, _ = range_boundaries(ws.print_area.split("!")[1].replace("$", ""))
    assert min(column_index_from_string(re.sub(r"\d", "", p)) for p in parts) > last_printed == 3 + indicators
    # the total's count is the sum of the villages' count cells (Khòn Khoang's too; Bản Chàng has no registry)
    in_registry = sum(expected_status(c, YEAR, v) == status for c in SCENARIO for v in "AB")
    total_part, total_whole = rate_cells(ws, total, 4)
    assert [xlsx_eval.value(ws, total_part), xlsx_eval.value(ws, total_whole)] == [in_registry, in_registry]
    # a reader changes Nà Pàn's count of the first indicator: its rate and the total's follow
    ws[parts[0]] = households - 1
    assert xlsx_eval.as_decimal(cell(ws, na_pan, 4)) == rate(households - 1, households)
    assert xlsx_eval.as_decimal(cell(ws, total, 4)) == rate(in_registry - 1, in_registry)


def test_no_rate_of_the_pack_is_a_literal_count(tan_lap, world):
    """Every rate formula of every form, a commune's and a province's (subtotals per district), divides
    a cell by a cell, and gives the figure the pack computes."""
    for pack in (commune_pack(tan_lap.commune, YEAR), area_pack(world.provinces.lang_son, YEAR)):
        content = export(pack, "xlsx").content
        checked = 0
        for filled in pack.forms:
            if not filled.available:
                continue
            ws = sheet(content, filled.definition.sheet)
            first = len(filled.definition.stub) + 1
            numbers_row = 8 + filled.expanded.depth
            for index, row in enumerate(filled.rows):
                r = numbers_row + 1 + index
                for i, c in enumerate(filled.expanded.columns):
                    if not c.is_rate or row.values.get(c.key) is None:
                        continue
                    rate_cells(ws, r, first + i)
                    assert xlsx_eval.as_decimal(cell(ws, r, first + i)) == row.values[c.key]
                    checked += 1
        assert checked > 0


def test_the_area_routes_take_the_shared_level_converter(world):
    """The pack's area pages and the results' area page route "huyen" and "tinh" only."""
    for name, args in (
        ("area_review_forms", [world.districts.van_quan.pk, YEAR]),
        ("area_review_form_pdf", [world.districts.van_quan.pk, YEAR, 1]),
        ("area_results", [world.districts.van_quan.pk, YEAR]),
    ):
        url = reverse(name, args=["huyen", *args])
        assert "<level:level>" in resolve(url).route
        with pytest.raises(Resolver404):
            resolve(url.replace("/huyen/", "/thon/", 1))

"""The review-result pack (reports/forms/): definitions, figures recomputed from the test's own
households (tests/support/review_forms.py) and compared with the Excel files read back, the movement
identity on every row, the hard checks and the refusals, counts-only units, area forms, PDF, pages."""

from __future__ import annotations

import io
import json
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from households.models import Assessment, HouseholdEvent, Village
from reports.forms import definitions as defs
from reports.forms.build import area_pack, commune_pack
from reports.forms.files import Refused, export
from tests.support import pdf_read, xlsx_eval
from tests.support.review_forms import C_COUNTS, SCENARIO, build, expected_status

YEAR = 2024


@pytest.fixture
def tan_lap(world):
    return build(world)


def sheet(content: bytes, name: str):
    return openpyxl.load_workbook(io.BytesIO(content))[name]


def rows_by_label(ws) -> dict[tuple[str, str], int]:
    """(label in column B, label in column C) -> sheet row; the persons row carries the unit's label too."""
    out, last = {}, ""
    for r in range(1, ws.max_row + 1):
        b = ws.cell(row=r, column=2).value
        c = ws.cell(row=r, column=3).value
        if b:
            last = b
        if isinstance(c, str) and c in ("Hộ", "Nhân khẩu"):
            out[(last, c)] = r
        elif b:
            out[(b, "")] = r
    return out


def cell(ws, r: int, column: int):
    v = xlsx_eval.value(ws, ws.cell(row=r, column=column).coordinate)
    return None if v in (None, "") else v


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


# ------------------------------------------------------------------ definitions


def test_the_shipped_definitions_load_and_number_one_to_ten():
    assert sorted(defs.definitions()) == list(range(1, 11))
    assert defs.definitions()[2].persons_rows and not defs.definitions()[1].persons_rows


def good() -> dict:
    return json.loads((defs.DIRECTORY / "form01.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("title"), "missing title"),
        (lambda d: d.update(rows="three"), "rows must be"),
        (lambda d: d["header"][0].update(rate=["a", "b"]), "exactly one of"),
        (lambda d: d["header"][2]["children"][0]["children"][1].update(rate=["poor", "nowhere"]), "unknown column"),
        (lambda d: d["header"][1].update(key="households"), "used twice"),
        (lambda d: d["header"].append({"each": "planets", "group": "x", "measure": "m"}), "unknown family"),
        (lambda d: d.update(checks=[{"within": ["poor"], "whole": "nothing"}]), "check names unknown"),
    ],
)
def test_a_bad_definition_fails_loudly_at_load(change, message):
    data = good()
    change(data)
    with pytest.raises(defs.DefinitionError, match=message):
        defs.validate(data, "form01.json")


def test_a_gap_in_the_numbers_fails_at_load(tmp_path):
    data = good()
    data["number"] = 2
    (tmp_path / "form02.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(defs.DefinitionError, match="numbered 1 to 1"):
        defs.load_directory(tmp_path)


def test_the_column_number_row_states_each_derived_columns_formula():
    families = {"indicator": [defs.Item(str(i), str(i)) for i in range(12)]}
    one = defs.expand(defs.definitions()[1], families)
    assert one.numbers[:4] == ["1", "2", "3", "4=3/1*100"] and one.numbers[13] == "14=13/2*100"
    assert defs.expand(defs.definitions()[2], families).numbers[-1] == "9=1-2-3-4+5+6+7+8"
    assert defs.expand(defs.definitions()[4], families).numbers[1] == "2=3+...+14"


def test_indicator_columns_follow_the_years_standard(tan_lap):
    """Forms 4-7 take one column per indicator of the year's standard (another standard, another list)."""
    from households.models import Indicator, PovertyStandard

    pack = commune_pack(tan_lap.commune, YEAR)
    standard = PovertyStandard.objects.for_year(YEAR)
    names = [f"{i.number}. {i.name}" for i in Indicator.objects.filter(standard=standard).order_by("number")]
    assert [c.label for c in pack.form(4).expanded.columns[2:]] == names
    assert len(pack.form(5).expanded.columns) == 1 + len(names)


# ------------------------------------------------------------------ figures, recomputed from the scenario


def test_form_1_read_back_equals_the_scenario(tan_lap):
    pack = commune_pack(tan_lap.commune, YEAR)
    ws = sheet(export(pack, "xlsx", 1).content, "Biểu 1")
    at = rows_by_label(ws)
    totals = dict.fromkeys(["h", "p", "poor", "poor_p", "near", "near_p", "middle", "middle_p"], 0)
    for key, label in (("A", "Thôn Nà Pàn"), ("B", "Thôn Khòn Khoang")):
        cases = [c for c in SCENARIO if expected_status(c, YEAR, key)]
        status = {c.name: expected_status(c, YEAR, key) for c in cases}
        h, p = len(cases), sum(c.members for c in cases)
        poor = [c for c in cases if status[c.name] == "poor"]
        near = [c for c in cases if status[c.name] == "near"]
        middle = [c for c in cases if status[c.name] == "middle"]
        r = at[(label, "")]
        got = [cell(ws, r, col) for col in range(3, 17)]
        expected = [
            h, p, len(poor), rate(len(poor), h), len(near), rate(len(near), h), len(middle), rate(len(middle), h),
            sum(c.members for c in poor), rate(sum(c.members for c in poor), p),
            sum(c.members for c in near), rate(sum(c.members for c in near), p),
            sum(c.members for c in middle), rate(sum(c.members for c in middle), p),
        ]  # fmt: skip
        assert [xlsx_eval.as_decimal(v) if v is not None else None for v in got] == expected, label
        for k, v in zip(totals, [h, p, len(poor), sum(c.members for c in poor), len(near),
                                 sum(c.members for c in near), len(middle), sum(c.members for c in middle)], strict=True):  # fmt: skip
            totals[k] += v
    c_row = at[("Thôn Bản Chàng", "")]
    assert cell(ws, c_row, 3) == C_COUNTS["total_households"] and cell(ws, c_row, 4) is None  # persons unknown
    assert cell(ws, c_row, 5) == C_COUNTS["poor"] and cell(ws, c_row, 7) == C_COUNTS["near_poor"]
    total = at[("Tổng cộng", "")]
    households = totals["h"] + C_COUNTS["total_households"]
    poor = totals["poor"] + C_COUNTS["poor"]
    assert cell(ws, total, 3) == households and cell(ws, total, 5) == poor
    assert xlsx_eval.as_decimal(cell(ws, total, 6)) == rate(poor, households)
    assert (
        ws.cell(row=total, column=6).number_format == "0.00" and ws.cell(row=total, column=5).number_format == "#,##0"
    )
    assert cell(ws, total, 4) == totals["p"]
    notes = " ".join(str(ws.cell(row=r, column=1).value or "") for r in range(1, ws.max_row + 1))
    assert "Thôn Bản Chàng: không có số liệu cột 2, 7, 9, 11, 13 (chỉ có số liệu tổng hợp)" in notes


MOVEMENTS = {
    # form 2 (poor), village A: start 5 (Một, Hai, Ba, Bốn, Mười Hai); Một to near, Hai above, Bốn moved out
    # and Mười Hai to village B; Năm from near, Sáu fell back, Bảy new, Tám moved in.
    (2, "Thôn Nà Pàn"): [5, 1, 1, 2, 1, 1, 1, 1, 5],
    (2, "Thôn Khòn Khoang"): [1, 0, 0, 0, 0, 0, 0, 1, 2],
    # form 3 (near-poor), village A: start 3 (Năm, Chín, Mười); Mười above, Năm to poor; Một from poor,
    # Mười Một new. Village B: Mười Lăm died, Mười Bốn new.
    (3, "Thôn Nà Pàn"): [3, 1, 1, 0, 1, 0, 1, 0, 3],
    (3, "Thôn Khòn Khoang"): [1, 0, 0, 1, 0, 0, 1, 0, 1],
}


@pytest.mark.parametrize("form", [2, 3])
def test_movements_read_back_equal_the_scenario_and_hold_the_identity_on_every_row(tan_lap, form):
    pack = commune_pack(tan_lap.commune, YEAR)
    ws = sheet(export(pack, "xlsx", form).content, f"Biểu {form}")
    at = rows_by_label(ws)
    for (number, label), expected in MOVEMENTS.items():
        if number == form:
            assert [cell(ws, at[(label, "Hộ")], c) for c in range(4, 13)] == expected, label
    checked = 0
    for (label, sub), r in at.items():
        if sub not in ("Hộ", "Nhân khẩu") or isinstance(cell(ws, r, 4), str | None):
            continue
        v = [cell(ws, r, c) for c in range(4, 13)]
        assert v[8] == v[0] - v[1] - v[2] - v[3] + v[4] + v[5] + v[6] + v[7], (label, sub)
        checked += 1
    assert checked == 6  # two villages and the total, households and persons
    status = "poor" if form == 2 else "near"
    persons_end_a = sum(c.members for c in SCENARIO if expected_status(c, YEAR, "A") == status)
    assert cell(ws, at[("Thôn Nà Pàn", "Nhân khẩu")], 12) == persons_end_a
    c_row = at[("Thôn Bản Chàng", "Hộ")]
    assert ws.cell(row=c_row, column=4).value.startswith("không có số liệu")


def test_deprivations_groups_ethnicity_and_causes_equal_the_scenario(tan_lap):
    pack = commune_pack(tan_lap.commune, YEAR)
    content = export(pack, "xlsx").content
    poor_a = [c for c in SCENARIO if expected_status(c, YEAR, "A") == "poor"]
    near_a = [c for c in SCENARIO if expected_status(c, YEAR, "A") == "near"]
    ws = sheet(content, "Biểu 4")
    r = rows_by_label(ws)[("Thôn Nà Pàn", "")]
    # every poor household has the first four indicators, none the others
    assert [cell(ws, r, c) for c in range(3, 17)] == [len(poor_a), 4 * len(poor_a)] + [len(poor_a)] * 4 + [0] * 8
    ws = sheet(content, "Biểu 7")
    r = rows_by_label(ws)[("Thôn Nà Pàn", "")]
    assert xlsx_eval.as_decimal(cell(ws, r, 4)) == Decimal("100.00") and xlsx_eval.as_decimal(cell(ws, r, 5)) == 0
    ws = sheet(content, "Biểu 8")
    r = rows_by_label(ws)[("Thôn Nà Pàn", "")]

    def group(c):
        if c.ethnicity != "Kinh":
            return "dtts"
        if c.flags.get("no_labour_capacity"):
            return "no_labour"
        return "merit" if c.flags.get("is_merit") else "other"

    expected = []
    for cases in (poor_a, near_a):
        groups = [group(c) for c in cases]
        expected += [len(cases)] + [groups.count(g) for g in ("dtts", "no_labour", "merit", "other")]
    assert [cell(ws, r, c) for c in range(3, 13)] == expected
    ws = sheet(content, "Biểu 10")
    r = rows_by_label(ws)[("Thôn Nà Pàn", "")]
    header = {ws.cell(row=10, column=c).value: c for c in range(1, ws.max_column + 1)}
    von = header["Thiếu vốn sản xuất, kinh doanh"]
    assert cell(ws, r, 3) == len(poor_a)
    assert cell(ws, r, von) == sum("thieu-von" in c.causes for c in poor_a)
    ws = sheet(content, "Biểu 9")
    r = rows_by_label(ws)[("Thôn Nà Pàn", "")]
    kinh = sum(c.ethnicity == "Kinh" for c in poor_a)
    assert [cell(ws, r, 3), cell(ws, r, 4), cell(ws, r, 5)] == [len(poor_a), kinh, len(poor_a) - kinh]


# villages, figures (this year, typed counts, last year, deprivations, causes, ethnic groups), the
# standard and its indicators, ethnic names and order, causes, movements (two years, history, events)
QUERIES = 15


def test_the_figures_take_a_bounded_number_of_queries(tan_lap, django_assert_num_queries):
    """Twenty more villages with a household each: the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        commune_pack(tan_lap.commune, YEAR)
    assert len(small.captured_queries) == QUERIES
    case = SCENARIO[2]
    from tests.support.review_forms import assess

    for n in range(20):
        village = Village.objects.create(commune=tan_lap.commune, name=f"Thôn mới {n}", order=10 + n)
        assess(tan_lap.official, None, village, YEAR, "poor", case)
    with django_assert_num_queries(len(small.captured_queries)):
        commune_pack(tan_lap.commune, YEAR)


# ------------------------------------------------------------------ checks and refusals


def test_a_household_vanished_unexplained_breaks_the_identity_and_refuses_the_export(tan_lap, client):
    HouseholdEvent.objects.filter(household=tan_lap.households["Vi Văn Bốn"]).delete()
    pack = commune_pack(tan_lap.commune, YEAR)
    failures = [str(f) for f in pack.form(2).failures]
    assert failures[0].startswith("Biểu 2, dòng “Thôn Nà Pàn (Hộ)”, cột 9: 1-2-3-4+5+6+7+8 = 6 nhưng sổ hộ có 5")
    with pytest.raises(Refused, match="Biểu 2, dòng “Thôn Nà Pàn"):
        export(pack, "xlsx", 2)
    assert export(pack, "xlsx", 1).content  # form 1 is sound
    client.force_login(tan_lap.official)
    response = client.get(reverse("review_form_xlsx", args=[tan_lap.commune.pk, YEAR, 2]))
    assert response.status_code == 409
    assert "Biểu 2, dòng “Thôn Nà Pàn (Hộ)”, cột 9" in response.content.decode()
    assert client.get(reverse("review_forms_xlsx", args=[tan_lap.commune.pk, YEAR])).status_code == 409
    with pytest.raises(CommandError, match="cột 9"):
        call_command("export_review_forms", commune=tan_lap.commune.pk, year=YEAR, form=2)


def test_a_rate_over_100_and_parts_over_their_whole_are_refused(tan_lap):
    """The provincial sheet's 2.040 %: 204 poor typed against 10 households (a registry's rows edited
    behind the app's back, as an import from elsewhere could leave them)."""
    pack = commune_pack(tan_lap.commune, YEAR)
    row = next(r for r in pack.form(1).rows if r.label == "Thôn Bản Chàng")
    row.values.update(households=10, poor=204, near=0)
    from reports.forms import checks

    failures = [str(f) for f in checks.run(_refilled(pack.form(1), row))]
    assert "Biểu 1, dòng “Thôn Bản Chàng”, cột 4: tỷ lệ 2.040,00% lớn hơn 100%." in failures
    assert "Biểu 1, dòng “Thôn Bản Chàng”, cột 3+5: 3+5 lớn hơn tổng số ở cột 1 (204 > 10)." in failures


def _refilled(filled, row):
    from reports.forms.build import _derive

    row.values.pop("poor_rate")
    _derive(filled.expanded.columns, row.values, row.expected)
    return filled


def test_pending_households_are_not_counted(tan_lap):
    Assessment.objects.filter(household=tan_lap.households["Lương Văn Ba"], year=YEAR).update(carried_forward=True)
    pack = commune_pack(tan_lap.commune, YEAR)
    assert pack.pending == 1
    row = next(r for r in pack.form(1).rows if r.label == "Thôn Nà Pàn")
    assert row.values["households"] == sum(1 for c in SCENARIO if expected_status(c, YEAR, "A")) - 1


# ------------------------------------------------------------------ units without a registry, areas


def test_a_counts_only_commune_prints_form_1_from_counts_and_no_registry_form(world):
    pack = commune_pack(world.communes.ha_trung, YEAR)
    form1 = pack.form(1)
    tk2 = next(r for r in form1.rows if r.label == "Tiểu khu 2")
    assert (tk2.values["households"], tk2.values["poor"], tk2.values["persons"]) == (182, 2, None)
    assert tk2.values["near"] is None  # not typed: unknown, not 0
    assert any(n.startswith("Tiểu khu 2: không có số liệu cột 2, 5, 7, 9, 11, 13") for n in form1.notes)
    hac_thanh = commune_pack(world.communes.hac_thanh, YEAR)
    assert not hac_thanh.form(1).available and hac_thanh.form(1).reason == "Không có số liệu năm 2024."
    tri_le = commune_pack(world.communes.tri_le, YEAR)
    assert not tri_le.form(4).available


def test_a_province_form_1_sums_its_communes_grouped_by_district(tan_lap, world):
    pack = area_pack(world.provinces.lang_son, YEAR)
    assert pack.exportable  # Điềm He mixes registry and counts: the registry forms count its registry only
    form4 = next(r for r in pack.form(4).rows if r.label == "Xã Điềm He")
    assert form4.values["base"] == 1  # Nà Súng's one poor household, not Thống Nhất's typed 4
    ws = sheet(export(pack, "xlsx", 1).content, "Biểu 1")
    at = rows_by_label(ws)
    communes = {}
    for commune in (world.communes.diem_he, tan_lap.commune):
        total = next(r for r in commune_pack(commune, YEAR).form(1).rows if r.kind == "total")
        communes[commune.name] = total.values
    assert ("Cộng huyện Văn Quan", "") in at
    assert ws.cell(row=at[("Xã Điềm He", "")] - 1, column=1).value == "Huyện Văn Quan"
    for name, values in communes.items():
        assert cell(ws, at[(f"Xã {name}", "")], 3) == values["households"]
    total = at[("Tổng cộng", "")]
    assert cell(ws, total, 3) == sum(v["households"] for v in communes.values())
    assert cell(ws, total, 5) == sum(v["poor"] for v in communes.values())
    assert ws.cell(row=at[("Xã Tri Lễ", "")], column=3).value == "không có số liệu"


def test_a_district_pack_after_2025_is_not_found_and_a_province_pack_is(world, login):
    client = login(world.users.admin_lang_son)
    assert (
        client.get(reverse("area_review_forms", args=["huyen", world.districts.van_quan.pk, 2026])).status_code == 404
    )
    assert client.get(reverse("area_review_forms", args=["tinh", world.provinces.lang_son.pk, 2026])).status_code == 200
    official = login(world.users.official_diem_he)
    assert (
        official.get(reverse("area_review_forms", args=["tinh", world.provinces.lang_son.pk, YEAR])).status_code == 404
    )


# ------------------------------------------------------------------ the demo, PDF, pages, command


def test_demo_form_1_of_diem_he_2024(db):
    from households.demo import load_demo
    from households.models import Commune

    load_demo()
    pack = commune_pack(Commune.objects.get(name="Điềm He"), 2024)
    ws = sheet(export(pack, "xlsx", 1).content, "Biểu 1")
    at = rows_by_label(ws)
    total = at[("Tổng cộng", "")]
    assert [cell(ws, total, c) for c in (3, 5, 7)] == [1182, 31, 61]
    assert xlsx_eval.as_decimal(cell(ws, total, 6)) == Decimal("2.62")
    assert len([k for k in at if k[0].startswith(("Thôn ", "Phố "))]) == 11
    assert cell(ws, at[("Thôn Nà Súng", "")], 3) == 166


def test_the_pdf_is_landscape_with_the_forms_header_and_footer(tan_lap):
    pack = commune_pack(tan_lap.commune, YEAR)
    pdf = pdf_read.save(export(pack, "pdf", 2).content, "review-form-2.pdf")
    assert all(pdf_read.landscape(size) for size in pdf.sizes())
    text = pdf.flat()
    for expected in ("ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "TỔNG HỢP DIỄN BIẾN HỘ NGHÈO", "9=1-2-3-4+5+6+7+8", "Thôn Nà Pàn", "Người lập biểu",
                     "Tân Lập, ngày ... tháng ... năm ...", "CHỦ TỊCH", "không có số liệu"):  # fmt: skip
        assert expected in text, expected
    assert "Số:" not in text
    assert all(name.replace("-", "").startswith("LiberationSerif") for name, _ in pdf.fonts())


def test_the_pack_page_lists_the_ten_forms_with_their_state(tan_lap, client):
    client.force_login(tan_lap.official)
    page = client.get(reverse("review_forms", args=[tan_lap.commune.pk, YEAR])).content.decode()
    assert page.count('data-form="') == 10
    assert "Đạt" in page and "Tải cả 10 biểu (Excel)" in page
    commune_page = client.get(reverse("commune", args=[tan_lap.commune.pk]) + f"?year={YEAR}").content.decode()
    assert reverse("review_forms", args=[tan_lap.commune.pk, YEAR]) in commune_page


def test_the_command_writes_the_pack_and_refuses_a_district_after_2025(tan_lap, world, tmp_path):
    out = tmp_path / "pack.xlsx"
    call_command("export_review_forms", commune=tan_lap.commune.pk, year=YEAR, output=out)
    assert openpyxl.load_workbook(out).sheetnames == [f"Biểu {n}" for n in range(1, 11)]
    with pytest.raises(CommandError, match="không còn cấp huyện"):
        call_command("export_review_forms", district=world.districts.van_quan.pk, year=2026)
    pdf = tmp_path / "p.pdf"
    call_command(
        "export_review_forms", province=world.provinces.lang_son.pk, year=YEAR, form=1, format="pdf", output=pdf
    )
    assert pdf.read_bytes().startswith(b"%PDF")


def test_an_area_pack_takes_the_same_queries_for_more_communes(tan_lap, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from households.models import Commune, VillageCount

    province = world.provinces.lang_son
    with CaptureQueriesContext(connection) as before:
        area_pack(province, YEAR)
    for n in range(5):
        commune = Commune.objects.create(province=province, district=world.districts.van_quan, name=f"Xã mới {n}")
        village = Village.objects.create(commune=commune, name="Một", order=1)
        VillageCount.objects.create(village=village, year=YEAR, total_households=50, poor=2, near_poor=3)
    with CaptureQueriesContext(connection) as after:
        pack = area_pack(province, YEAR)
    assert len(after.captured_queries) == len(before.captured_queries) == QUERIES + 1  # and the communes
    assert sum(1 for r in pack.form(1).rows if r.kind == "unit") == 8


def test_the_excel_sheet_has_the_official_layout(tan_lap):
    pack = commune_pack(tan_lap.commune, YEAR)
    ws = sheet(export(pack, "xlsx", 1).content, "Biểu 1")
    texts = {ws.cell(row=r, column=c).value for r in range(1, ws.max_row + 1) for c in range(1, ws.max_column + 1)}
    for expected in ("ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     defs.definitions()[1].title, "Người lập biểu", "(Ký, ghi rõ họ tên)", "CHỦ TỊCH",
                     "(Ký, ghi rõ họ tên, đóng dấu)", "Tân Lập, ngày ... tháng ... năm ..."):  # fmt: skip
        assert expected in texts, expected
    numbers_row = 8 + 3  # the header's three levels, then the column-number row
    assert [ws.cell(row=numbers_row, column=c).value for c in range(1, 7)] == ["A", "B", "1", "2", "3", "4=3/1*100"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A8:A10", "B8:B10", "C8:C10", "E8:J8", "E9:F9"} <= merged  # TT, unit, households; "Hộ"; "Hộ nghèo"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.freeze_panes == f"C{numbers_row + 1}"
    assert ws.cell(row=8, column=2).value == "Thôn"


def test_a_download_in_english_is_the_vietnamese_form_with_its_row_numbers(tan_lap, client, settings):
    """The forms are official Vietnamese documents: an English session downloads the same file."""
    client.force_login(tan_lap.official)
    vietnamese = sheet(client.get(reverse("review_form_xlsx", args=[tan_lap.commune.pk, YEAR, 2])).content, "Biểu 2")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("vi"):  # the request activates English in this thread: keep it to the request
        english = sheet(client.get(reverse("review_form_xlsx", args=[tan_lap.commune.pk, YEAR, 2])).content, "Biểu 2")
    assert rows_by_label(english) == rows_by_label(vietnamese)
    values = [[c.value for c in row] for row in english.iter_rows()]
    assert values == [[c.value for c in row] for row in vietnamese.iter_rows()]
    assert ("Thôn Nà Pàn", "Nhân khẩu") in rows_by_label(english)

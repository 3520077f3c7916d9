"""Importing households with their yearly assessment from Excel: classification, audit, every bad kind."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from households import lookups
from households.imports import apply, jobs
from households.imports.models import ImportKind
from households.models import Assessment, Household, Status
from povertyplan.audit.models import Action, Entry
from povertyplan.concurrency import ConflictError
from tests.support.xlsx import household_header, xlsx

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def indicators(world):
    return list(lookups.indicators_for(YEAR))


def row(
    indicators,
    village="Nà Súng",
    code=None,
    name="Lò Văn Minh",
    members=4,
    ethnicity="Tày",
    income="1.200.000",
    deprived=(),
    categories="",
    causes="",
):
    marks = ["x" if i.number in deprived else None for i in indicators]
    return [village, code, name, members, ethnicity, income, *marks, categories, causes]


def read(world, indicators, rows, header=None):
    data = xlsx([header or household_header(indicators), *rows])
    return jobs.read(ImportKind.HOUSEHOLDS, data, world.communes.diem_he, YEAR)


def snapshot():
    return (
        sorted(Household.objects.values_list("pk", "head_name", "members", "version")),
        sorted(Assessment.objects.values_list("household", "year", "income_per_capita", "status", "version")),
        Entry.objects.count(),
    )


def issues(result):
    return [(i.row, i.column, i.header, i.message) for i in result.issues]


def test_a_good_file_creates_households_classified_by_the_standard_and_recorded(world, indicators):
    result = read(
        world,
        indicators,
        [
            row(
                indicators,
                name="Lò Văn Minh",
                income="1.200.000",
                deprived=(1, 2, 3),
                causes="Thiếu vốn sản xuất, kinh doanh",
            ),
            row(
                indicators,
                village="Thống Nhất",
                name="Vi Thị Lan",
                income=1400000,
                deprived=(4,),
                categories="Chủ hộ là nữ",
            ),
            row(indicators, name="Hoàng Văn Tú", ethnicity="Kinh", income="2.000.000"),
            row(indicators, name="Lương Văn Hải", members="6", income="3.000.000"),
        ],
    )
    assert issues(result) == []
    assert [r["status"] for r in result.created] == [
        "Hộ nghèo",
        "Hộ cận nghèo",
        "Hộ có mức sống trung bình",
        "Hộ không nghèo",
    ]
    saved = apply.save_households(
        by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR, plan=result.plan
    )
    assert saved == 4
    minh = Assessment.objects.get(household__head_name="Lò Văn Minh", year=YEAR)
    assert (minh.status, minh.computed_status, minh.deprivation_count, minh.ethnic_minority) == (
        Status.POOR,
        Status.POOR,
        3,
        True,
    )
    assert sorted(i.number for i in minh.deprivations.all()) == [1, 2, 3]
    assert [c.name for c in minh.causes.all()] == ["Thiếu vốn sản xuất, kinh doanh"]
    lan = Assessment.objects.get(household__head_name="Vi Thị Lan")
    assert (lan.status, lan.female_head, lan.village.name) == (Status.NEAR_POOR, True, "Thống Nhất")
    assert Household.objects.get(head_name="Hoàng Văn Tú").search_name == "hoang van tu"
    assert (
        Entry.objects.filter(action=Action.HOUSEHOLD_CREATE, actor_username="xa.diemhe").count() == 4 + 2
    )  # 2 from the world
    created = Entry.objects.filter(action=Action.ASSESSMENT_CREATE, object_id=minh.pk).get()
    assert (created.parent_type, created.parent_id, created.after["status"]) == (
        "households.household",
        minh.household_id,
        "poor",
    )
    assert [d["label"] for d in created.after["deprivations"]] == [str(i) for i in indicators[:3]]


def test_a_row_with_its_code_updates_the_household_and_shows_before_and_after(world, indicators):
    binh = world.households.diem_he_poor
    result = read(
        world,
        indicators,
        [row(indicators, code=binh.pk, name="Hoàng Văn Bình", income="1.600.000", deprived=(1, 2, 3))],
    )
    assert issues(result) == []
    change = result.changed[0]
    assert {c["field"]: (c["before"], c["after"]) for c in change["changes"]} == {
        "Thu nhập bình quân": ("1.200.000", "1.600.000")
    }
    apply.save_households(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR, plan=result.plan)
    record = Assessment.objects.get(household=binh, year=YEAR)
    assert (record.income_per_capita, record.status, record.version) == (1_600_000, Status.MIDDLE, 2)
    entry = Entry.objects.get(action=Action.ASSESSMENT_UPDATE)
    assert (entry.before, entry.after) == (
        {"income_per_capita": 1_200_000, "computed_status": "poor", "status": "poor"},
        {"income_per_capita": 1_600_000, "computed_status": "middle", "status": "middle"},
    )
    assert not Entry.objects.filter(action=Action.HOUSEHOLD_UPDATE).exists()  # the household itself did not change


def test_an_unchanged_row_is_left_alone(world, indicators):
    binh = world.households.diem_he_poor
    result = read(world, indicators, [row(indicators, code=binh.pk, name="Hoàng Văn Bình", deprived=(1, 2, 3))])
    assert result.summary() == {"rows": 1, "created": 0, "changed": 0, "unchanged": 1, "errors": 0}
    assert result.plan == []


BAD = [
    (
        {"income": "khoảng 1 triệu"},
        "F",
        "Thu nhập bình quân (đồng/người/tháng)",
        "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn).",
    ),
    ({"income": None}, "F", "Thu nhập bình quân (đồng/người/tháng)", "Trường này là bắt buộc."),
    ({"income": "-5"}, "F", "Thu nhập bình quân (đồng/người/tháng)", "Không được nhập số âm."),
    ({"members": 0}, "D", "Số nhân khẩu", "Số quá nhỏ: tối thiểu 1."),
    ({"name": ""}, "C", "Họ tên chủ hộ", "Trường này là bắt buộc."),
    ({"village": "Bản Chu"}, "A", "Thôn", "Thôn “Bản Chu” không có trong xã Điềm He."),
    ({"ethnicity": "Sao Hỏa"}, "E", "Dân tộc", "Dân tộc “Sao Hỏa” không có trong danh mục."),
    ({"categories": "Hộ giàu"}, "S", "Đối tượng", "Đối tượng “Hộ giàu” không có trong danh mục."),
    ({"causes": "Thiếu may mắn"}, "T", "Nguyên nhân nghèo", "Nguyên nhân “Thiếu may mắn” không có trong danh mục."),
    ({"code": 999999}, "B", "Mã hộ", "Mã hộ 999999 không có trong danh sách hộ của xã Điềm He."),
]


@pytest.mark.parametrize(("change", "column", "header", "message"), BAD)
def test_each_bad_value_is_named_and_nothing_is_saved(world, indicators, change, column, header, message):
    before = snapshot()
    result = read(
        world,
        indicators,
        [
            row(indicators),
            row(indicators, name="Đinh Văn Khoa"),
            row(indicators, **{"name": "Triệu Văn Sơn", **change}),
        ],
    )
    assert issues(result) == [(4, column, header, message)]
    assert snapshot() == before


def test_an_indicator_value_that_is_not_x_or_empty_is_refused(world, indicators):
    marks = row(indicators)
    marks[6 + 2] = "có lẽ"
    result = read(world, indicators, [marks])
    assert issues(result) == [
        (
            2,
            "I",
            f"3. {indicators[2].name}",
            "Giá trị “có lẽ” không hợp lệ: ghi x nếu hộ thiếu hụt chỉ số này, để trống nếu không.",
        )
    ]


def test_an_indicator_column_not_in_the_years_standard_is_refused(world, indicators):
    header = [*household_header(indicators), "13. Tiếp cận internet"]
    result = read(world, indicators, [row(indicators)], header=header)
    assert issues(result) == [
        (
            1,
            "U",
            "13. Tiếp cận internet",
            "Cột “13. Tiếp cận internet” không phải chỉ số thiếu hụt của chuẩn nghèo năm 2024.",
        )
    ]


def test_duplicate_households_are_refused(world, indicators):
    binh = world.households.diem_he_poor
    result = read(
        world,
        indicators,
        [
            row(indicators, name="Lò Văn Minh"),
            row(indicators, name="LÒ VĂN MINH"),
            row(indicators, code=binh.pk, name="Hoàng Văn Bình"),
            row(indicators, code=binh.pk, name="Hoàng Văn Bình", members=5),
            row(indicators, name="Nông Thị Hoa"),
        ],
    )
    assert issues(result) == [
        (3, "C", "Họ tên chủ hộ", "Trùng hộ ở dòng 2 (cùng thôn, họ tên chủ hộ và số nhân khẩu)."),
        (5, "B", "Mã hộ", f"Mã hộ {binh.pk} đã có ở dòng 4."),
        (
            6,
            "C",
            "Họ tên chủ hộ",
            f"Hộ này đã có trong danh sách (mã hộ {world.households.diem_he_near.pk}): ghi mã hộ để cập nhật, hoặc bỏ dòng này.",
        ),
    ]


def test_a_household_changed_after_the_preview_is_a_conflict_and_nothing_is_saved(world, indicators):
    binh = world.households.diem_he_poor
    result = read(
        world, indicators, [row(indicators, code=binh.pk, name="Hoàng Văn Bình", income="1.300.000"), row(indicators)]
    )
    Household.objects.filter(pk=binh.pk).update(version=binh.version + 1)  # someone saved it meanwhile
    before = snapshot()
    with pytest.raises(ConflictError):
        apply.save_households(
            by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR, plan=result.plan
        )
    assert snapshot() == before


def test_the_command_exit_codes_and_dry_run(world, indicators, tmp_path):
    good, bad, junk = tmp_path / "ho.xlsx", tmp_path / "loi.xlsx", tmp_path / "ho.csv.xlsx"
    good.write_bytes(xlsx([household_header(indicators), row(indicators)]))
    bad.write_bytes(xlsx([household_header(indicators), row(indicators, income="abc")]))
    junk.write_bytes(b"Thon;Ho ngheo\nNa Sung;3\n")
    args = ["--commune", str(world.communes.diem_he.pk), "--year", "2024"]
    before = snapshot()
    call_command("import_households", str(good), *args, "--dry-run")
    assert snapshot() == before
    for path, code in ((bad, 1), (junk, 2)):
        with pytest.raises(CommandError) as exc:
            call_command("import_households", str(path), *args, "--user", "xa.diemhe")
        assert exc.value.returncode == code
    assert snapshot() == before
    call_command("import_households", str(good), *args, "--user", "xa.diemhe")
    assert Household.objects.filter(head_name="Lò Văn Minh").count() == 1
    other = tmp_path / "ho-2.xlsx"
    other.write_bytes(xlsx([household_header(indicators), row(indicators, name="Triệu Văn Sơn")]))
    before = snapshot()
    with pytest.raises(CommandError) as exc:  # a reviewer may not change the commune's data
        call_command("import_households", str(other), *args, "--user", "huyen.vanquan")
    assert (exc.value.returncode, str(exc.value)) == (1, "Tài khoản này không được sửa số liệu của xã.")
    assert snapshot() == before


# ---------------------------------------------------------------- the reader (households/imports/workbook.py)


def _workbook_of_every_kind() -> bytes:
    """A sheet with inline strings (plain and rich), numbers, a float, booleans, a date, a formula saved
    without its value, blank cells and a missing row, as openpyxl writes it."""
    import datetime

    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = Workbook()
    sheet = book.active
    sheet.append(["Thôn", "Mã hộ", "Họ tên chủ hộ", None, "  có khoảng  "])
    sheet.append(["Nà Súng", 12, 4.7, True, datetime.datetime(2024, 6, 6)])
    sheet["A4"] = CellRichText(["Thôn ", TextBlock(InlineFont(b=True), "Thống Nhất")])
    sheet["C4"] = "=B2*2"
    sheet["E4"] = False
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_shared_strings(data: bytes) -> bytes:
    """The same workbook as Excel saves it: its strings in a shared table (one with runs, a phonetic
    run and an escaped "_x005F_"), the cells pointing to them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    items: list[str] = []

    def shared(match):
        items.append(match.group(2))
        return f'<c r="{match.group(1)}" t="s"><v>{len(items) - 1}</v></c>'

    sheet = re.sub(r'<c r="([A-Z]+\d+)" t="inlineStr"><is>(.*?)</is></c>', shared, sheet)
    items.append('<r><t>Hộ </t></r><r><t>nghèo</t></r><rPh sb="0" eb="1"><t>ho</t></rPh>')
    items.append("<t>a_x005F_x000D_b</t>")
    sheet = sheet.replace(
        "</row></sheetData>",
        f'<c r="F4" t="s"><v>{len(items) - 2}</v></c><c r="G4" t="s"><v>{len(items) - 1}</v></c></row></sheetData>',
    )
    sheet = sheet.replace('<dimension ref="A1:E4" />', '<dimension ref="A1:G4" />')
    table = "".join(f"<si>{item}</si>" for item in items)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = sheet.encode()
            elif info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(info, body)
        target.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}" count="{len(items)}">{table}</sst>')
    return out.getvalue()


@pytest.mark.parametrize("shared", [False, True], ids=["inline strings", "shared strings"])
@pytest.mark.parametrize("data_only", [True, False], ids=["values", "formulas"])
def test_the_lighter_reader_reads_every_cell_as_openpyxl_does(shared, data_only):
    from openpyxl import load_workbook as openpyxl_load

    from households.imports.workbook import load_workbook

    data = _workbook_of_every_kind()
    if shared:
        data = _with_shared_strings(data)
    ours = list(load_workbook(data, data_only=data_only).worksheets[0].iter_rows(values_only=True))
    theirs = list(
        openpyxl_load(io.BytesIO(data), read_only=True, data_only=data_only).worksheets[0].iter_rows(values_only=True)
    )
    assert ours == theirs
    assert [type(v) for r in ours for v in r] == [type(v) for r in theirs for v in r]
    assert ours[3][0] == "Thôn Thống Nhất" and ours[0][4] == "  có khoảng  "
    if shared:
        assert ours[3][5:7] == ("Hộ nghèo", "a_x000D_b")

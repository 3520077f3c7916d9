"""`manage.py import_units FILE.csv`: all or nothing, every bad row named by its line."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from households.models import (
    Commune,
    CommuneKind,
    District,
    DistrictKind,
    Province,
    ProvinceKind,
    Village,
    VillageKind,
)

HEADER = "level,code,name,kind,province,district,commune,order"
DEMO_UNITS = Path(__file__).resolve().parent.parent / "households" / "data" / "demo_units.csv"

GOOD = f"""{HEADER}
province,20,Lạng Sơn,tỉnh,,,,
tỉnh,38,Thanh Hóa,,,,,
district,178,Văn Quan,huyện,Lạng Sơn,,,
huyện,,Sầm Sơn,thị xã,Thanh Hóa,,,
commune,06250,Điềm He,xã,Lạng Sơn,Văn Quan,,
xã,06253,Tri Lễ,,Lạng Sơn,Văn Quan,,
commune,14800,Hạc Thành,phường,Thanh Hóa,,,
village,,Thống Nhất,Thôn,Lạng Sơn,Văn Quan,Điềm He,2
thôn,,Nà Súng,thon,Lạng Sơn,Văn Quan,Điềm He,1
village,,Bản Chu,Bản,Lạng Sơn,Văn Quan,Tri Lễ,
village,,1,Tổ dân phố,Thanh Hóa,,Hạc Thành,1
village,,2,to_dan_pho,Thanh Hóa,,Hạc Thành,2
"""


def write(tmp_path: Path, text: str, name: str = "units.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_units", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_units", str(path), stdout=io.StringIO(), stderr=err)
    return exc.value, err.getvalue()


def unit_rows() -> dict[str, list[tuple]]:
    """Every unit with the fields the import sets, to compare before and after."""
    return {
        "provinces": sorted(Province.objects.values_list("pk", "code", "name", "kind")),
        "districts": sorted(District.objects.values_list("pk", "code", "name", "kind", "province")),
        "communes": sorted(Commune.objects.values_list("pk", "code", "name", "kind", "province", "district")),
        "villages": sorted(Village.objects.values_list("pk", "code", "name", "kind", "commune", "order")),
    }


def error_lines(stderr: str) -> dict[int, str]:
    """{line number: message} from the "Dòng N: ..." lines of stderr."""
    found = {}
    for line in stderr.splitlines():
        match = re.fullmatch(r"Dòng (\d+): (.+)", line.strip())
        assert match, f"unexpected stderr line: {line!r}"
        found[int(match.group(1))] = match.group(2)
    return found


# ---------------------------------------------------------------- a good file


@pytest.mark.django_db
def test_good_file_creates_every_level_with_its_kind_order_and_code(tmp_path):
    out, err = run(write(tmp_path, GOOD))

    assert err == ""
    assert "12 đơn vị mới" in out
    lang_son = Province.objects.get(name="Lạng Sơn")
    thanh_hoa = Province.objects.get(name="Thanh Hóa")
    assert (lang_son.code, lang_son.kind) == ("20", ProvinceKind.TINH)
    assert (thanh_hoa.code, thanh_hoa.kind) == ("38", ProvinceKind.TINH)
    van_quan = District.objects.get(name="Văn Quan")
    assert (van_quan.province, van_quan.code, van_quan.kind) == (lang_son, "178", DistrictKind.HUYEN)
    sam_son = District.objects.get(name="Sầm Sơn")
    assert (sam_son.province, sam_son.code, sam_son.kind) == (thanh_hoa, "", DistrictKind.THI_XA)
    diem_he = Commune.objects.get(name="Điềm He")
    assert (diem_he.province, diem_he.district, diem_he.code, diem_he.kind) == (
        lang_son,
        van_quan,
        "06250",
        CommuneKind.XA,
    )
    assert Commune.objects.get(name="Tri Lễ").kind == CommuneKind.XA  # empty kind: the level's default
    hac_thanh = Commune.objects.get(name="Hạc Thành")
    assert hac_thanh.district is None
    assert (hac_thanh.province, hac_thanh.code, hac_thanh.kind) == (thanh_hoa, "14800", CommuneKind.PHUONG)
    assert [(v.name, v.kind, v.order) for v in Village.objects.filter(commune=diem_he).order_by("order")] == [
        ("Nà Súng", VillageKind.THON, 1),
        ("Thống Nhất", VillageKind.THON, 2),
    ]
    ban_chu = Village.objects.get(name="Bản Chu")
    assert (ban_chu.commune.name, ban_chu.kind, ban_chu.order) == ("Tri Lễ", VillageKind.BAN, 0)
    assert [(v.name, v.kind, v.order) for v in Village.objects.filter(commune=hac_thanh).order_by("order")] == [
        ("1", VillageKind.TO_DAN_PHO, 1),
        ("2", VillageKind.TO_DAN_PHO, 2),
    ]
    assert Village.objects.count() == 5


@pytest.mark.django_db
def test_running_the_same_file_twice_changes_nothing(tmp_path):
    path = write(tmp_path, GOOD)
    run(path)
    before = unit_rows()

    out, err = run(path)

    assert err == ""
    assert "0 đơn vị mới" in out
    assert "0 cập nhật" in out
    assert "12 không đổi" in out
    assert unit_rows() == before


@pytest.mark.django_db
def test_file_saved_by_excel_with_a_byte_order_mark_imports(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(GOOD.encode("utf-8-sig"))
    out, _ = run(path)
    assert "12 đơn vị mới" in out
    assert Province.objects.filter(name="Lạng Sơn").exists()


@pytest.mark.django_db
def test_demo_units_file_imports_cleanly():
    out, err = run(DEMO_UNITS)

    assert err == ""
    assert "34 đơn vị mới" in out
    assert (Province.objects.count(), District.objects.count(), Commune.objects.count()) == (4, 5, 4)
    assert Village.objects.count() == 21
    ha_trung = Commune.objects.get(name="Hà Trung")
    # Since 1 July 2025 directly under its province; its district kept for the years before.
    assert (ha_trung.kind, ha_trung.district, ha_trung.former_district.name) == (CommuneKind.THI_TRAN, None, "Hà Trung")
    assert Commune.objects.get(name="Điềm He").code == "06280"
    assert str(District.objects.get(name="Văn Quan").valid_until) == "2025-06-30"
    assert list(Village.objects.filter(commune=ha_trung).values_list("name", flat=True))[:3] == ["1", "2", "3"]
    assert set(Village.objects.filter(commune=ha_trung).values_list("kind", flat=True)) == {VillageKind.TIEU_KHU}
    out_again, _ = run(DEMO_UNITS)
    assert "0 đơn vị mới" in out_again


# ---------------------------------------------------------------- bad files: nothing is written


@pytest.fixture
def existing_units(db):
    """Units already in the database before the bad file comes."""
    lang_son = Province.objects.create(name="Lạng Sơn", code="20")
    Province.objects.create(name="Thanh Hóa", code="38")
    van_quan = District.objects.create(province=lang_son, name="Văn Quan")
    Commune.objects.create(province=lang_son, district=van_quan, name="Điềm He")


BAD = f"""{HEADER}
province,04,Cao Bằng,tỉnh,,,,
hamlet,,Nà Bung,thôn,Lạng Sơn,Văn Quan,Điềm He,1
commune,,Vĩnh Lại,làng,Lạng Sơn,Văn Quan,,
village,,,Thôn,Lạng Sơn,Văn Quan,Điềm He,3
district,,Bắc Mê,huyện,Hà Giang,,,
commune,,Chi Lăng,xã,Lạng Sơn,Chi Lăng,,
village,,Nà Pàn,Thôn,Lạng Sơn,Văn Quan,Bình Phúc,1
village,,Khun Pàu,Thôn,Lạng Sơn,Văn Quan,Điềm He,ba
village,AB12,Chi Quan,Thôn,Lạng Sơn,Văn Quan,Điềm He,5
province,38,Lạng Sơn,tỉnh,,,,
district,178,Văn Quan,huyện,Lạng Sơn,,,
village,,Pác Làng,Thôn,Lạng Sơn,Văn Quan,Điềm He,2
"""


def test_file_with_bad_rows_writes_nothing_and_names_every_bad_row(tmp_path, existing_units):
    before = unit_rows()

    error, stderr = run_failing(write(tmp_path, BAD))

    assert unit_rows() == before  # not even Cao Bằng (line 2), Văn Quan's code (12) or Pác Làng (13)
    assert not Province.objects.filter(name="Cao Bằng").exists()
    assert not Village.objects.filter(name="Pác Làng").exists()
    assert District.objects.get(name="Văn Quan").code == ""
    errors = error_lines(stderr)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "hamlet" in errors[3]
    assert "làng" in errors[4]
    assert "thiếu tên" in errors[5]
    assert "Hà Giang" in errors[6]
    assert "Chi Lăng" in errors[7]
    assert "Bình Phúc" in errors[8]
    assert "ba" in errors[9]
    assert "AB12" in errors[10]
    assert "38" in errors[11]
    assert "9 dòng lỗi" in str(error)
    assert "Không nạp gì" in str(error)


def test_one_bad_row_at_the_end_undoes_the_good_rows_before_it(tmp_path, db):
    text = GOOD + "village,,Nà Bung,Thôn,Lạng Sơn,Văn Quan,Không Có,1\n"

    _, stderr = run_failing(write(tmp_path, text))

    assert list(error_lines(stderr)) == [14]
    assert unit_rows() == {"provinces": [], "districts": [], "communes": [], "villages": []}


@pytest.mark.django_db
def test_missing_file_gives_a_clear_error_in_vietnamese(tmp_path):
    error, _ = run_failing(tmp_path / "khong-co.csv")
    assert str(error) == f"Không tìm thấy tệp {tmp_path / 'khong-co.csv'}."


@pytest.mark.django_db
def test_file_not_in_utf8_gives_a_clear_error_in_vietnamese(tmp_path):
    path = tmp_path / "cp1258.csv"
    path.write_bytes(GOOD.encode("cp1258", errors="replace"))
    error, _ = run_failing(path)
    assert str(error) == f"Tệp {path} không phải UTF-8."
    assert Province.objects.count() == 0


@pytest.mark.django_db
def test_missing_required_column_is_reported_on_line_1(tmp_path):
    text = "level,code,kind,province,district,commune,order\nprovince,20,tỉnh,,,,\n"
    error, stderr = run_failing(write(tmp_path, text))
    errors = error_lines(stderr)
    assert list(errors) == [1]
    assert "Thiếu cột" in errors[1]
    assert "name" in errors[1]
    assert "level" not in errors[1]
    assert Province.objects.count() == 0


@pytest.mark.django_db
def test_file_separated_by_semicolons_reports_the_missing_columns(tmp_path):
    _, stderr = run_failing(write(tmp_path, GOOD.replace(",", ";")))
    errors = error_lines(stderr)
    assert list(errors) == [1]
    assert "level" in errors[1] and "name" in errors[1]


# ---------------------------------------------------------------- bugs found


def test_line_numbers_stay_right_after_a_blank_line(tmp_path, existing_units):
    text = f"{HEADER}\nprovince,04,Cao Bằng,tỉnh,,,,\n\nhamlet,,Nà Bung,thôn,Lạng Sơn,Văn Quan,Điềm He,1\n"
    _, stderr = run_failing(write(tmp_path, text))
    assert list(error_lines(stderr)) == [4]


def test_two_rows_with_the_same_code_are_refused(tmp_path, existing_units):
    text = (
        f"{HEADER}\n"
        "village,0625001,Nà Súng,Thôn,Lạng Sơn,Văn Quan,Điềm He,1\n"
        "village,0625001,Thống Nhất,Thôn,Lạng Sơn,Văn Quan,Điềm He,2\n"
    )
    error, stderr = run_failing(write(tmp_path, text))
    assert list(error_lines(stderr)) == [3]
    assert not Village.objects.exists()


def test_order_with_a_superscript_digit_is_a_bad_row(tmp_path, existing_units):
    text = f"{HEADER}\nvillage,,Nà Súng,Thôn,Lạng Sơn,Văn Quan,Điềm He,²\n"
    _, stderr = run_failing(write(tmp_path, text))
    assert list(error_lines(stderr)) == [2]


def test_code_or_name_longer_than_the_column_is_a_bad_row(tmp_path, existing_units):
    long_name = "Thôn " + "x" * 130
    text = (
        f"{HEADER}\n"
        "village,12345678901,Nà Súng,Thôn,Lạng Sơn,Văn Quan,Điềm He,1\n"
        f"village,,{long_name},Thôn,Lạng Sơn,Văn Quan,Điềm He,2\n"
    )
    _, stderr = run_failing(write(tmp_path, text))
    assert list(error_lines(stderr)) == [2, 3]
    assert not Village.objects.exists()

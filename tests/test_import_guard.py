"""Opening an upload safely: every bad file gets its message, quickly, without openpyxl reading it."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from households.imports import guard
from tests.support.xlsx import xlsx


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fail the test if the guard lets openpyxl open the file."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to load a file the guard should have refused")

    monkeypatch.setattr(guard, "load_workbook", refuse)


def refused(data: bytes) -> str:
    started = time.monotonic()
    with pytest.raises(guard.UnreadableFile) as exc:
        list(guard.rows(data))
    assert time.monotonic() - started < 1
    return str(exc.value)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


NOT_EXCEL = "Tệp không phải là tệp Excel (.xlsx): hãy tải mẫu của phần mềm, điền số liệu rồi tải lên lại."


def test_an_empty_file(no_openpyxl):
    assert refused(b"") == "Tệp rỗng: không có nội dung để nhập."


def test_a_csv_renamed_xlsx(no_openpyxl):
    assert refused("Thôn;Tổng số hộ\nNà Súng;166\n".encode()) == NOT_EXCEL


def test_a_pdf_renamed_xlsx(no_openpyxl):
    assert refused(b"%PDF-1.7\n1 0 obj <<>> endobj\n") == NOT_EXCEL


def test_an_encrypted_workbook_or_an_xls_is_an_ole2_file(no_openpyxl):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"EncryptedPackage"
    assert refused(ole2) == (
        "Tệp được đặt mật khẩu hoặc là tệp Excel cũ (.xls): hãy bỏ mật khẩu và lưu lại dạng "
        "Excel Workbook (.xlsx) rồi tải lên lại."
    )


def test_a_file_over_the_size_limit(no_openpyxl, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    assert refused(b"PK\x03\x04" + bytes(1024 * 1024 + 10)) == "Tệp quá lớn (2 MB): tối đa 1 MB."


def test_a_zip_bomb_member_with_a_huge_compression_ratio(no_openpyxl):
    bomb = zipped({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": bytes(50 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    assert refused(bomb) == "Tệp có thành phần nén bất thường (tỷ lệ nén trên 100:1): có thể đây là tệp độc hại."


def test_a_zip_declaring_more_than_the_total_cap(no_openpyxl, settings):
    settings.IMPORT_MAX_UNCOMPRESSED = 1024 * 1024
    data = zipped({"[Content_Types].xml": b"<Types/>", "xl/a.xml": bytes(600 * 1024), "xl/b.xml": bytes(600 * 1024)})
    assert refused(data) == "Tệp khi giải nén quá lớn (1 MB): tối đa 1 MB. Có thể đây là tệp độc hại."


def test_a_zip_with_too_many_members(no_openpyxl, settings):
    settings.IMPORT_MAX_MEMBERS = 10
    data = zipped({f"xl/{n}.xml": b"<a/>" for n in range(11)})
    assert refused(data) == "Tệp có quá nhiều thành phần bên trong: không phải một bảng tính bình thường."


def test_a_zip_that_is_not_a_workbook(no_openpyxl):
    assert (
        refused(zipped({"readme.txt": b"hello"}))
        == "Tệp nén không phải là tệp Excel (.xlsx): không có bảng tính bên trong."
    )


def test_a_truncated_zip(no_openpyxl):
    assert refused(xlsx([["Thôn"]])[:200]) == "Tệp Excel bị hỏng, không đọc được."


def test_a_good_workbook_is_read_row_by_row():
    assert list(guard.rows(xlsx([["Thôn", "Tổng số hộ"], ["Nà Súng", 166]]))) == [
        ("Thôn", "Tổng số hộ"),
        ("Nà Súng", 166),
    ]


def test_rows_over_the_cap_are_refused_while_reading():
    data = xlsx([["Thôn"], *[[f"Thôn {n}"] for n in range(6)]])
    with pytest.raises(guard.UnreadableFile) as exc:
        list(guard.rows(data, max_rows=5))
    assert str(exc.value) == "Tệp có quá nhiều dòng: tối đa 5 dòng số liệu mỗi lần nhập."
    assert len(list(guard.rows(data, max_rows=6))) == 7

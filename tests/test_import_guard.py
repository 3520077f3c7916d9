"""Opening an upload safely: every bad file gets its message without openpyxl reading it, and without one byte
of it decompressed (the work the guard may do is bounded by the zip directory, not by what a member holds)."""

from __future__ import annotations

import io
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


@pytest.fixture
def decompressed(monkeypatch):
    """The bytes zipfile decompresses while the test runs, member by member (a bound on the guard's work)."""
    counted: dict[str, int] = {}
    real_read = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = real_read(self, n)
        counted[self.name] = counted.get(self.name, 0) + len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return counted


def refused(data: bytes, decompressed: dict[str, int]) -> str:
    """The guard's message for `data`, given before any member of it is decompressed."""
    with pytest.raises(guard.UnreadableFile) as exc:
        list(guard.rows(data))
    assert decompressed == {}
    return str(exc.value)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


NOT_EXCEL = "Tệp không phải là tệp Excel (.xlsx): hãy tải mẫu của phần mềm, điền số liệu rồi tải lên lại."


def test_an_empty_file(no_openpyxl, decompressed):
    assert refused(b"", decompressed) == "Tệp rỗng: không có nội dung để nhập."


def test_a_csv_renamed_xlsx(no_openpyxl, decompressed):
    assert refused("Thôn;Tổng số hộ\nNà Súng;166\n".encode(), decompressed) == NOT_EXCEL


def test_a_pdf_renamed_xlsx(no_openpyxl, decompressed):
    assert refused(b"%PDF-1.7\n1 0 obj <<>> endobj\n", decompressed) == NOT_EXCEL


def test_an_encrypted_workbook_or_an_xls_is_an_ole2_file(no_openpyxl, decompressed):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"EncryptedPackage"
    assert refused(ole2, decompressed) == (
        "Tệp được đặt mật khẩu hoặc là tệp Excel cũ (.xls): hãy bỏ mật khẩu và lưu lại dạng "
        "Excel Workbook (.xlsx) rồi tải lên lại."
    )


def test_a_file_over_the_size_limit(no_openpyxl, settings, decompressed):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    assert refused(b"PK\x03\x04" + bytes(1024 * 1024 + 10), decompressed) == "Tệp quá lớn (2 MB): tối đa 1 MB."


def test_a_zip_bomb_member_with_a_huge_compression_ratio(no_openpyxl, decompressed):
    bomb = zipped({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": bytes(50 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    assert (
        refused(bomb, decompressed)
        == "Tệp có thành phần nén bất thường (tỷ lệ nén trên 100:1): có thể đây là tệp độc hại."
    )


def test_a_zip_declaring_more_than_the_total_cap(no_openpyxl, settings, decompressed):
    settings.IMPORT_MAX_UNCOMPRESSED = 1024 * 1024
    data = zipped({"[Content_Types].xml": b"<Types/>", "xl/a.xml": bytes(600 * 1024), "xl/b.xml": bytes(600 * 1024)})
    assert refused(data, decompressed) == "Tệp khi giải nén quá lớn (1 MB): tối đa 1 MB. Có thể đây là tệp độc hại."


def test_a_zip_with_too_many_members(no_openpyxl, settings, decompressed):
    settings.IMPORT_MAX_MEMBERS = 10
    data = zipped({f"xl/{n}.xml": b"<a/>" for n in range(11)})
    assert refused(data, decompressed) == "Tệp có quá nhiều thành phần bên trong: không phải một bảng tính bình thường."


def test_a_zip_that_is_not_a_workbook(no_openpyxl, decompressed):
    assert (
        refused(zipped({"readme.txt": b"hello"}), decompressed)
        == "Tệp nén không phải là tệp Excel (.xlsx): không có bảng tính bên trong."
    )


def test_a_truncated_zip(no_openpyxl, decompressed):
    assert refused(xlsx([["Thôn"]])[:200], decompressed) == "Tệp Excel bị hỏng, không đọc được."


def test_a_good_workbook_is_read_row_by_row(decompressed):
    assert list(guard.rows(xlsx([["Thôn", "Tổng số hộ"], ["Nà Súng", 166]]))) == [
        ("Thôn", "Tổng số hộ"),
        ("Nà Súng", 166),
    ]
    # The count the refusals are held to sees openpyxl's reads: the sheet was decompressed only here.
    assert decompressed.get("xl/worksheets/sheet1.xml", 0) > 0


def test_rows_over_the_cap_are_refused_while_reading():
    data = xlsx([["Thôn"], *[[f"Thôn {n}"] for n in range(6)]])
    with pytest.raises(guard.UnreadableFile) as exc:
        list(guard.rows(data, max_rows=5))
    assert str(exc.value) == "Tệp có quá nhiều dòng: tối đa 5 dòng số liệu mỗi lần nhập."
    assert len(list(guard.rows(data, max_rows=6))) == 7

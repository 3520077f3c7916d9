"""Opening an uploaded workbook safely: every check that can be made before openpyxl reads it.

An .xlsx is a zip of XML files. A renamed CSV, PDF or .xls, an empty file, a password-protected
workbook (an OLE2 compound file, not a zip) and a zip bomb (a small file declaring huge members) are
refused here with a Vietnamese message, from the first bytes and the zip directory alone: nothing is
decompressed. Only then is the workbook read (households/imports/workbook.py: openpyxl's reader, read-only,
with lighter strings), values only, and at most MAX_ROWS rows.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _

from households.imports.workbook import load_workbook
from povertyplan.numbers import format_number

MAX_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 20_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# A member smaller than this is not checked for its ratio: tiny XML parts compress very well.
RATIO_FLOOR = 1024 * 1024


class UnreadableFile(ValueError):
    """The upload is not a workbook we may open; the message says why, in Vietnamese."""


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def check(data: bytes) -> None:
    """Refuse `data` unless it looks like a plain .xlsx whose zip directory is within the caps."""
    max_bytes = _limit("IMPORT_MAX_BYTES", MAX_BYTES)
    if not data:
        raise UnreadableFile(_("Tệp rỗng: không có nội dung để nhập."))
    if len(data) > max_bytes:
        raise UnreadableFile(
            _("Tệp quá lớn ({size} MB): tối đa {limit} MB.").format(
                size=format_number(-(-len(data) // 1048576)), limit=format_number(max_bytes // 1048576)
            )
        )
    if data.startswith(OLE2_MAGIC):
        raise UnreadableFile(
            _(
                "Tệp được đặt mật khẩu hoặc là tệp Excel cũ (.xls): hãy bỏ mật khẩu và lưu lại dạng "
                "Excel Workbook (.xlsx) rồi tải lên lại."
            )
        )
    if not data.startswith(ZIP_MAGIC):
        raise UnreadableFile(
            _("Tệp không phải là tệp Excel (.xlsx): hãy tải mẫu của phần mềm, điền số liệu rồi tải lên lại.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(_("Tệp Excel bị hỏng, không đọc được.")) from exc
    _check_members(members, archive)


def _check_members(members: list[zipfile.ZipInfo], archive: zipfile.ZipFile) -> None:
    if len(members) > _limit("IMPORT_MAX_MEMBERS", MAX_MEMBERS):
        raise UnreadableFile(_("Tệp có quá nhiều thành phần bên trong: không phải một bảng tính bình thường."))
    declared = sum(m.file_size for m in members)
    if declared > _limit("IMPORT_MAX_UNCOMPRESSED", MAX_UNCOMPRESSED):
        raise UnreadableFile(
            _("Tệp khi giải nén quá lớn ({size} MB): tối đa {limit} MB. Có thể đây là tệp độc hại.").format(
                size=format_number(declared // 1024 // 1024),
                limit=format_number(_limit("IMPORT_MAX_UNCOMPRESSED", MAX_UNCOMPRESSED) // 1024 // 1024),
            )
        )
    ratio = _limit("IMPORT_MAX_RATIO", MAX_RATIO)
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > ratio * max(member.compress_size, 1):
            raise UnreadableFile(
                _("Tệp có thành phần nén bất thường (tỷ lệ nén trên {ratio}:1): có thể đây là tệp độc hại.").format(
                    ratio=ratio
                )
            )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        if "EncryptedPackage" in names or "content.xml" in names:
            raise UnreadableFile(_("Tệp không phải là tệp Excel (.xlsx)."))
        raise UnreadableFile(_("Tệp nén không phải là tệp Excel (.xlsx): không có bảng tính bên trong."))
    archive.close()


def rows(data: bytes, *, max_rows: int | None = None, on_total=None) -> Iterator[tuple]:
    """The first sheet's rows as tuples of cell values (header first); `check` runs before it returns.

    More than `max_rows` data rows (default MAX_ROWS) is refused as soon as the row after the cap is read.
    `on_total(n)` is told the sheet's declared number of rows (for the progress shown), when it has one.
    """
    check(data)
    return _read(data, max_rows, on_total)


def _read(data: bytes, max_rows: int | None, on_total) -> Iterator[tuple]:
    cap = _limit("IMPORT_MAX_ROWS", MAX_ROWS) if max_rows is None else max_rows
    try:
        book = load_workbook(data, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise UnreadableFile(_("Tệp Excel bị hỏng hoặc không đúng định dạng, không đọc được.")) from exc
    try:
        sheet = book.worksheets[0]
        if on_total is not None and sheet.max_row:
            on_total(min(sheet.max_row, cap + 1))
        values = sheet.iter_rows(values_only=True)
        if _has_formulas(sheet):
            values = _with_formulas(values, data)
        for number, row in enumerate(values):
            if number > cap:
                raise UnreadableFile(
                    _("Tệp có quá nhiều dòng: tối đa {limit} dòng số liệu mỗi lần nhập.").format(
                        limit=format_number(cap)
                    )
                )
            yield row
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(_("Tệp Excel bị hỏng hoặc không đúng định dạng, không đọc được.")) from exc
    finally:
        book.close()


class Formula(str):
    """A formula cell saved without its value (openpyxl writes them so): the parsers report it, never read it
    as blank. A formula saved with its value (as Excel and LibreOffice save) is read as that value."""


# A formula element of the sheet XML: <f>, <f t="shared" ...> or <f/> (namespaced or not).
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(sheet) -> bool:
    """Whether the sheet holds any formula, from its XML read in chunks (the second pass is only then)."""
    tail = b""
    with sheet._get_source() as source:
        while chunk := source.read(1 << 20):
            if FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _unsaved(value, written) -> bool:
    """A cell read as nothing whose XML holds a formula: a formula saved without its value."""
    return value is None and isinstance(written, str) and written.startswith("=")


def _with_formulas(values: Iterator[tuple], data: bytes) -> Iterator[tuple]:
    """The rows of values, with each formula cell that has no saved value as a Formula."""
    book = load_workbook(data, data_only=False)
    try:
        formulas = book.worksheets[0].iter_rows(values_only=True)
        for row in values:
            written = next(formulas, ())
            if any(_unsaved(v, f) for v, f in zip(row, written, strict=False)):
                row = tuple(
                    Formula(written[i]) if i < len(written) and _unsaved(v, written[i]) else v
                    for i, v in enumerate(row)
                )
            yield row
    finally:
        book.close()

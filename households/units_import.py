"""Loading administrative units from a CSV file: all or nothing, every bad row named.

Columns (header row required, UTF-8, comma-separated):

    level, code, name, kind, province, district, commune, order[, former_district, valid_from, valid_until]

- level: province | district | commune | village (or tỉnh | huyện | xã | thôn)
- code: official code (mã đơn vị hành chính), optional
- name: the unit's name without its kind ("Điềm He", not "xã Điềm He")
- kind: the unit's kind, as a code ("xa") or as written ("xã", "Tiểu khu"); defaults by level
- province, district, commune: the names of the parents; district is empty for a commune directly
  under its province; a parent may be defined earlier in the file or already exist
- order: a village's place in the commune's documents (whole number), optional
- former_district: for a commune, the district it belonged to before 1 July 2025 (optional; a commune
  still listed under that district is moved directly under its province)
- valid_from, valid_until: the unit's validity (dd/mm/yyyy or yyyy-mm-dd), optional

A unit is matched by its code when it has one, else by its parent and name, so running the same file
again changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

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

COLUMNS = [
    "level",
    "code",
    "name",
    "kind",
    "province",
    "district",
    "commune",
    "order",
    "former_district",
    "valid_from",
    "valid_until",
]
LEVELS = {
    "province": "province",
    "tinh": "province",
    "district": "district",
    "huyen": "district",
    "commune": "commune",
    "xa": "commune",
    "village": "village",
    "thon": "village",
}
KINDS = {"province": ProvinceKind, "district": DistrictKind, "commune": CommuneKind, "village": VillageKind}
DEFAULT_KIND = {
    "province": ProvinceKind.TINH,
    "district": DistrictKind.HUYEN,
    "commune": CommuneKind.XA,
    "village": VillageKind.THON,
}


def _fold(text: str) -> str:
    """Lower case without accents or spaces: 'Tiểu khu' -> 'tieukhu', 'đặc khu' -> 'dackhu'."""
    text = text.strip().lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return "".join(c for c in text if c.isalnum())


def _kind(level: str, raw: str) -> str | None:
    choices = KINDS[level]
    if not raw.strip():
        return DEFAULT_KIND[level]
    wanted = _fold(raw)
    for value, label in choices.choices:
        if wanted in (_fold(value), _fold(str(label))):
            return value
    return None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ImportFailed(Exception):
    """The file was refused; `errors` lists (line number, message)."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__("; ".join(f"{line}: {msg}" for line, msg in errors))
        self.errors = errors


def import_units(text: str) -> ImportResult:
    """Load units from CSV text. Nothing is written unless every row is valid."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("level", "name") if c not in header]
    if missing:
        raise ImportFailed([(1, _("Thiếu cột: {cols}.").format(cols=", ".join(missing)))])
    reader.fieldnames = header
    errors: list[tuple[int, str]] = []
    result = ImportResult()
    with transaction.atomic():
        seen_codes: dict[tuple[str, str], int] = {}
        for raw in reader:
            line = reader.line_num  # the physical line, right even after blank lines
            row = {k: (raw.get(k) or "").strip() for k in COLUMNS}
            try:
                _apply(row, result, seen_codes, line)
            except _RowError as exc:
                errors.append((line, str(exc)))
        if errors:
            raise ImportFailed(errors)  # leaving the block rolls back every row already applied
    return result


class _RowError(Exception):
    pass


def _date(raw: str) -> datetime.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise _RowError(_("ngày “{value}” không hợp lệ (dd/mm/yyyy).").format(value=raw))


def _find_province(name: str) -> Province:
    if not name:
        raise _RowError(_("thiếu tên tỉnh."))
    found = Province.objects.filter(name=name).first()
    if found is None:
        raise _RowError(_("không tìm thấy tỉnh “{name}”.").format(name=name))
    return found


def _find_district(province: Province, name: str) -> District | None:
    if not name:
        return None
    found = District.objects.filter(province=province, name=name).first()
    if found is None:
        raise _RowError(_("không tìm thấy huyện “{name}” thuộc {p}.").format(name=name, p=province))
    return found


def _find_commune(province: Province, district: District | None, name: str) -> Commune:
    if not name:
        raise _RowError(_("thiếu tên xã."))
    found = Commune.objects.filter(province=province, district=district, name=name).first()
    if found is None:
        raise _RowError(_("không tìm thấy xã “{name}”.").format(name=name))
    return found


def _apply(row: dict, result: ImportResult, seen_codes: dict[tuple[str, str], int], line: int) -> None:
    level = LEVELS.get(_fold(row["level"]))
    if level is None:
        raise _RowError(
            _("cấp “{level}” không hợp lệ (province, district, commune hoặc village).").format(level=row["level"])
        )
    if not row["name"]:
        raise _RowError(_("thiếu tên đơn vị."))
    if len(row["name"]) > 120:
        raise _RowError(_("tên dài quá 120 ký tự."))
    kind = _kind(level, row["kind"])
    if kind is None:
        raise _RowError(_("loại “{kind}” không hợp lệ cho cấp này.").format(kind=row["kind"]))
    order = 0
    if row["order"]:
        if not (row["order"].isascii() and row["order"].isdigit()) or int(row["order"]) > 32767:
            raise _RowError(_("thứ tự “{order}” phải là số nguyên không âm.").format(order=row["order"]))
        order = int(row["order"])
    code = row["code"]
    if code and not (code.isascii() and code.isdigit() and len(code) <= 10):
        raise _RowError(_("mã “{code}” phải gồm tối đa 10 chữ số.").format(code=code))
    if code and (level, code) in seen_codes:
        raise _RowError(_("mã {code} đã dùng ở dòng {line}.").format(code=code, line=seen_codes[(level, code)]))
    if code:
        seen_codes[(level, code)] = line

    validity = {name: _date(row[name]) for name in ("valid_from", "valid_until") if row[name]}
    if level == "province":
        model, parent, values = Province, {}, {"kind": kind}
    elif level == "district":
        model, parent, values = District, {"province": _find_province(row["province"])}, {"kind": kind}
    elif level == "commune":
        province = _find_province(row["province"])
        model, parent, values = (
            Commune,
            {"province": province, "district": _find_district(province, row["district"])},
            {"kind": kind},
        )
        former = _find_district(province, row["former_district"])
        if former is not None:
            values["former_district"] = former
    else:
        province = _find_province(row["province"])
        commune = _find_commune(province, _find_district(province, row["district"]), row["commune"])
        model, parent, values = Village, {"commune": commune}, {"kind": kind, "order": order}

    values.update(validity)
    by_code = model.objects.filter(code=code).first() if code else None
    by_name = model.objects.filter(name=row["name"], **parent).first()
    if by_name is None and by_code is None and values.get("former_district") is not None:
        # Loaded before the reform: the commune is still listed under its former district.
        by_name = model.objects.filter(
            name=row["name"], province=parent["province"], district=values["former_district"]
        ).first()
    if by_code and by_name and by_code.pk != by_name.pk:
        raise _RowError(_("mã {code} đã thuộc đơn vị khác ({other}).").format(code=code, other=by_code))
    former = values.get("former_district")
    moved = former is not None and by_code is not None and by_code.district_id == former.pk
    if by_code and not moved and any(getattr(by_code, k) != v for k, v in parent.items()):
        # A code may rename its unit, never move it under another parent.
        raise _RowError(_("mã {code} thuộc {other} ở nơi khác.").format(code=code, other=by_code))
    obj = by_code or by_name
    values = {**values, **parent, "name": row["name"]}
    if code:
        values["code"] = code
    if obj is None:
        model.objects.create(**values)
        result.created += 1
        return
    if all(getattr(obj, k) == v for k, v in values.items()):
        result.unchanged += 1
        return
    for k, v in values.items():
        setattr(obj, k, v)
    obj.save()
    result.updated += 1

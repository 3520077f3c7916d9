"""The national list of administrative units since 1 July 2025, from the maintained package vietnam-provinces.

34 provinces and 3.321 communes (xã, phường, đặc khu) with their official codes (Quyết định 19/2025/QĐ-TTg).
`import_national(...)` brings the database in line with the list, and can be run again:

- a unit of the list is matched by its official code, else by its name within its province (case and
  tone-mark placement ignored, "Tỉnh" / "Thành phố" left out: "Hoà" is "Hòa"), never duplicated;
- a matched commune that had a district is put directly under its province and keeps that district as
  `former_district` (its plans and reviews up to 2025 stay with it, `Commune.district_in`); new units
  are valid from 1 July 2025, matched ones keep the validity they had;
- a unit from before the reform that the list no longer holds (a commune, a province) is kept as history,
  valid until 30 June 2025; a commune gets `merged_into` where the commune that took it over is known: a
  new commune of its province with the same name, or one named in `merges` (old commune -> new code);
- every district is history (valid until 30 June 2025): there are none since the reform.

Everything is computed first (`plan_import`), then written in bulk in one transaction and recorded in the
audit as a bulk write (`apply_import`): a few queries whatever the list's length.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from households.models import Commune, CommuneKind, District, Province, ProvinceKind
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action

REFORM = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE = datetime.date(2025, 6, 30)
# The fields the import sets; anything else (villages, people, plans) is the communes' own.
PROVINCE_FIELDS = ("code", "name", "kind", "valid_from", "valid_until")
COMMUNE_FIELDS = (
    "code",
    "name",
    "kind",
    "province",
    "district",
    "former_district",
    "valid_from",
    "valid_until",
    "merged_into",
)
COMMUNE_PREFIXES = {"Xã ": CommuneKind.XA, "Phường ": CommuneKind.PHUONG, "Đặc khu ": CommuneKind.DAC_KHU}
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


@dataclass(frozen=True)
class Unit:
    """One unit of the national list: its official code, name without its kind, kind, province's code."""

    code: str
    name: str
    kind: str
    province_code: str = ""


def package_units() -> tuple[list[Unit], list[Unit]]:
    """The provinces and communes of the installed vietnam-provinces package."""
    import vietnam_provinces as vp

    provinces = []
    for p in vp.Province.iter_all():
        kind = ProvinceKind.THANH_PHO if p.name.startswith("Thành phố ") else ProvinceKind.TINH
        provinces.append(Unit(f"{int(p.code):02d}", p.name.removeprefix("Thành phố "), kind))
    communes = []
    for w in vp.Ward.iter_all():
        prefix = next(p for p in COMMUNE_PREFIXES if w.name.startswith(p))
        communes.append(
            Unit(
                f"{int(w.code):05d}",
                w.name.removeprefix(prefix),
                COMMUNE_PREFIXES[prefix],
                f"{int(w.province_code):02d}",
            )
        )
    return provinces, communes


def package_version() -> str:
    import vietnam_provinces as vp

    return f"vietnam-provinces {vp.__version__}"


def name_key(name: str) -> str:
    """A name as it is compared: lower case, "tỉnh" / "thành phố" left out, spaces collapsed, each
    syllable's tone mark moved to its end (the old "Hoà" and the new "Hòa" are one name)."""
    text = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    for prefix in ("thành phố ", "tỉnh "):
        text = text.removeprefix(prefix)
    syllables = []
    for syllable in unicodedata.normalize("NFD", text).split(" "):
        tones = [c for c in syllable if c in TONES]
        syllables.append("".join(c for c in syllable if c not in TONES) + "".join(tones))
    return " ".join(syllables)


@dataclass
class Change:
    """One unit the import creates or changes: before and after of the fields that change."""

    obj: Province | Commune | District
    before: dict
    after: dict

    @property
    def fields(self) -> list[str]:
        return [k for k in self.after if self.before.get(k) != self.after[k]]


@dataclass
class ImportPlan:
    """What the import will do (or did): computed before anything is written."""

    source: str = ""
    created: list[Province | Commune] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)  # units the list no longer holds, now kept as history
    districts: list[Change] = field(default_factory=list)
    unchanged: int = 0
    ambiguous: list[str] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.updated or self.history or self.districts)


def _values(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


def _shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def describe(change: Change) -> str:
    """'xã Điềm He: huyện: huyện Văn Quan → —; ...' (the report's line for one change)."""
    opts = type(change.obj)._meta
    parts = [
        f"{opts.get_field(k).verbose_name}: {_shown(opts.get_field(k), change.before.get(k))} → "
        f"{_shown(opts.get_field(k), change.after[k])}"
        for k in change.fields
    ]
    return f"{change.obj}: " + "; ".join(parts)


def _match(found: list, taken: set[int], codes: set[str]):
    """The one unit of `found` (same name, same province) still free, or None; and whether several were.

    A unit holding another code of the list is another unit. Among several, the one already directly
    under its province wins (the name constraint makes it unique).
    """
    found = [c for c in found if c.pk not in taken and (not c.code or c.code not in codes)]
    if len(found) > 1:
        direct = [c for c in found if getattr(c, "district_id", None) is None]
        found = direct if len(direct) == 1 else found
    if len(found) == 1:
        return found[0], False
    return None, len(found) > 1


def plan_import(
    provinces: list[Unit], communes: list[Unit], *, merges: dict[int, str] | None = None, source: str = ""
) -> ImportPlan:
    """What bringing the database in line with the list would do; writes nothing (3 queries).

    `merges`: commune pk -> the official code of the commune that took it over, for communes the list no
    longer holds and whose successor has another name.
    """
    result = ImportPlan(source=source)
    merges = merges or {}
    db_provinces = list(Province.objects.all())
    db_districts = {d.pk: d for d in District.objects.select_related("province")}
    db_communes = list(Commune.objects.select_related("province", "district", "former_district", "merged_into"))
    province_codes = {u.code for u in provinces}
    commune_codes = {u.code for u in communes}

    by_code = {p.code: p for p in db_provinces if p.code}
    by_name = defaultdict(list)
    for p in db_provinces:
        by_name[name_key(p.name)].append(p)
    taken: set[int] = set()
    province_of: dict[str, Province] = {}
    for unit in provinces:
        obj = by_code.get(unit.code)
        if obj is None:
            obj, _ambiguous = _match(by_name.get(name_key(unit.name), []), taken, province_codes)
        wanted = {"code": unit.code, "name": unit.name, "kind": unit.kind, "valid_until": None}
        if obj is None:
            obj = Province(**wanted, valid_from=REFORM)
            result.created.append(obj)
        else:
            taken.add(obj.pk)
            _update(result, obj, wanted, PROVINCE_FIELDS)
        province_of[unit.code] = obj
    for p in db_provinces:
        if p.pk not in taken and p.valid_until is None:
            result.history.append(_retire(p, {}))

    commune_by_code = {c.code: c for c in db_communes if c.code}
    commune_by_name = defaultdict(list)
    for c in db_communes:
        commune_by_name[(c.province_id, name_key(c.name))].append(c)
    taken = set()
    new_by_code: dict[str, Commune] = {}
    new_by_name: dict[tuple[int | None, str], Commune] = {}
    for unit in communes:
        province = province_of[unit.province_code]
        obj = commune_by_code.get(unit.code)
        if obj is None and province.pk is not None:
            obj, ambiguous = _match(commune_by_name.get((province.pk, name_key(unit.name)), []), taken, commune_codes)
            if ambiguous:
                result.ambiguous.append(f"{unit.name} ({province})")
        wanted = {
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind,
            "province": province,
            "district": None,
            "valid_until": None,
            "merged_into": None,
        }
        if obj is None:
            obj = Commune(**wanted, valid_from=REFORM)
            result.created.append(obj)
        else:
            taken.add(obj.pk)
            if obj.district_id is not None and obj.former_district_id is None:
                wanted["former_district"] = db_districts[obj.district_id]
            _update(result, obj, wanted, COMMUNE_FIELDS)
        new_by_code[unit.code] = obj
        new_by_name[(province.pk, name_key(unit.name))] = obj
    for c in db_communes:
        if c.pk in taken or c.valid_until is not None or (c.valid_from and c.valid_from >= REFORM):
            continue
        successor = new_by_code.get(merges.get(c.pk, "")) or new_by_name.get((c.province_id, name_key(c.name)))
        result.history.append(_retire(c, {"merged_into": successor} if successor is not None else {}))
    for d in db_districts.values():
        if d.valid_until is None:
            result.districts.append(_retire(d, {}))
    return result


def _update(result: ImportPlan, obj, wanted: dict, names) -> None:
    before = _values(obj, names)
    after = {**before, **wanted}
    if all(before[k] == after[k] for k in wanted):
        result.unchanged += 1
        return
    result.updated.append(Change(obj, before, {k: v for k, v in after.items() if before[k] != v}))


def _retire(obj, extra: dict) -> Change:
    wanted = {"valid_until": LAST_DAY_BEFORE, **extra}
    return Change(obj, {k: getattr(obj, k) for k in wanted}, wanted)


@transaction.atomic
def apply_import(plan: ImportPlan, *, by=None) -> None:
    """Write what `plan_import` computed, in bulk, and record it in the audit (one entry per unit)."""
    reason = plan.source
    new_provinces = [p for p in plan.created if isinstance(p, Province)]
    Province.objects.bulk_create(new_provinces)
    province_changes = [c for c in plan.updated + plan.history if isinstance(c.obj, Province)]
    _save_changes(province_changes, Province, PROVINCE_FIELDS)
    new_communes = [c for c in plan.created if isinstance(c, Commune)]
    for commune in new_communes:
        commune.province = commune.province  # a province created above: its id now, its cache kept
    commune_changes = [c for c in plan.updated + plan.history if isinstance(c.obj, Commune)]
    # Merges point at communes created in this run: create first, then apply the changes.
    Commune.objects.bulk_create(new_communes, batch_size=500)
    _save_changes(commune_changes, Commune, COMMUNE_FIELDS)
    _save_changes(plan.districts, District, ("valid_until",))

    created = [(u, {}, audit.state(u, _recorded(u))) for u in plan.created]
    changed = [
        (c.obj, _plain(c.before, c.fields), _plain(c.after, c.fields))
        for c in plan.updated + plan.history + plan.districts
    ]
    audit.record_many(by, Action.UNIT_CREATE, created, reason=reason)
    audit.record_many(by, Action.UNIT_UPDATE, changed, reason=reason)


def _recorded(unit) -> list[str]:
    return list(PROVINCE_FIELDS if isinstance(unit, Province) else COMMUNE_FIELDS)


def _plain(values: dict, names: list[str]) -> dict:
    return {k: audit.plain(values.get(k)) for k in names}


def _save_changes(changes: list[Change], model, names) -> None:
    objs = []
    for change in changes:
        for name, value in change.after.items():
            setattr(change.obj, name, value)
        objs.append(change.obj)
    if objs:
        model.objects.bulk_update(objs, [n for n in names if any(n in c.after for c in changes)], batch_size=500)
        if any(f.name == "version" for f in model._meta.concrete_fields):
            # A commune's pages guard it by its version: one opened before the import is now a conflict.
            model.objects.filter(pk__in=[o.pk for o in objs]).update(version=F("version") + 1)


MERGE_COLUMNS = ["province", "district", "commune", "into_code"]


def read_merges(text: str) -> dict[int, str]:
    """A merges file (CSV: province, district, commune, into_code): the pre-reform commune, named by its
    province, district and name as they are in the database, and the official code of the commune that
    took it over. Refused whole (ValueError, in Vietnamese) when a row names no unit."""
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if [h.strip() for h in reader.fieldnames or []] != MERGE_COLUMNS:
        raise ValueError("Tệp sáp nhập cần đúng các cột: " + ", ".join(MERGE_COLUMNS) + ".")
    merges, errors = {}, []
    for row in reader:
        row = {k: (v or "").strip() for k, v in row.items()}
        found = Commune.objects.filter(
            province__name=row["province"], district__name=row["district"] or None, name=row["commune"]
        ).first()
        if found is None or not row["into_code"]:
            errors.append(f"dòng {reader.line_num}: không tìm thấy xã “{row['commune']}” hoặc thiếu mã xã mới")
            continue
        merges[found.pk] = row["into_code"]
    if errors:
        raise ValueError("; ".join(errors) + ".")
    return merges


def import_national(*, dry_run: bool = False, by=None, merges: dict[int, str] | None = None, units=None) -> ImportPlan:
    """Bring the units in line with the national list (`units`: (provinces, communes), the package's by
    default); with `dry_run`, only say what would change."""
    provinces, communes = units if units is not None else package_units()
    with transaction.atomic():
        plan = plan_import(provinces, communes, merges=merges, source=package_version())
        if not dry_run and plan.changes_anything:
            apply_import(plan, by=by)
    return plan

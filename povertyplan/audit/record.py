"""Writing the record: what a service calls, inside its transaction, after it saved.

Wiring a service is two or three lines::

    before = audit.state(household)                     # before the change (None for a new object)
    ...                                                  # the service's own checks and save
    audit.record(by, Action.HOUSEHOLD_UPDATE, household, before=before, after=audit.state(household))

A bulk write (`bulk_create`, `bulk_update`) records one entry per changed row with one `bulk_create`::

    audit.record_many(by, Action.PLAN_GRID, [(t, before[t.pk], audit.state(t)) for t in targets], parent=plan)

Only the fields that changed are kept; a call where nothing changed writes nothing and returns None (or
no entry for that row). Deleting: record before `obj.delete()` (Django clears the pk), with `after={}`.
The unit is found through the object's (or the parent's) `commune_path` / `district_path`, the ones
access.py scopes by; pass `unit=` (a Commune, District or Province) where neither declares one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from povertyplan.audit.models import Action, Entry
from povertyplan.inserts import insert_many

EMPTY = (None, "", [], {})

# Fields never worth recording: bookkeeping, or derived from a recorded field.
SKIPPED_FIELDS = {"id", "version", "created_at", "updated_at", "updated_by", "search_name", "issue_year"}

# The fields recorded for a model when the caller names none: its concrete editable fields (and
# many-to-many ones) minus SKIPPED_FIELDS and the link to the parent the history is shown on.
PARENT_LINKS = {"plan", "household"}

# Per model, fields left out of the default set: they never change after creation (the plan's unit and
# program, a grid row's village), so recording them would only cost a query per row.
UNCHANGING = {
    "plans.plan": {"commune", "district", "previous", "program", "created_by"},
    "plans.villagetarget": {"village"},
}

# Per model, fields not editable in forms but worth recording: the classification a save produced.
DERIVED = {"households.assessment": ["computed_status", "status"]}

# How an object is named in the record (copied: a later rename does not change old entries).
LABELS = {
    "households.household": lambda h: _("Hộ {code} – {name}").format(code=h.pk, name=h.head_name),
    "households.assessment": lambda a: _("Kết quả rà soát năm {year}").format(year=a.year),
    "households.review": lambda r: _("Rà soát năm {year}").format(year=r.year),
    "households.householdevent": lambda e: _("{kind} ngày {date}").format(
        kind=e.get_kind_display(), date=e.date.strftime("%d/%m/%Y")
    ),
    "households.villagecount": lambda c: _("Số liệu {village} năm {year}").format(village=c.village, year=c.year),
    "plans.plan": lambda p: _("{plan} (lần {n})").format(plan=p, n=p.revision),
    "plans.villagetarget": lambda t: t.village_label or str(t.village),
    "plans.reviewcomment": lambda c: _("Ý kiến về “{section}”").format(section=c.get_section_display()),
}

UNIT_TYPES = {"households.commune": "commune", "households.district": "district", "households.province": "province"}


class NotInTransaction(RuntimeError):
    """The record was written outside the service's transaction: it could survive a rolled-back change."""


# ---------------------------------------------------------------- capturing values


_AS_THEY_ARE = frozenset((int, str, bool, float, type(None)))


def plain(value: Any) -> Any:
    """A value as plain JSON: dates ISO, decimals as strings, model instances as {"id", "label"}."""
    if type(value) in _AS_THEY_ARE:  # the common case first: most recorded values are plain
        return value
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def default_fields(model: type[models.Model]) -> list[str]:
    """The fields recorded for `model` when the caller names none."""
    opts = model._meta
    left_out = SKIPPED_FIELDS | PARENT_LINKS | UNCHANGING.get(opts.label_lower, set())
    names = [f.name for f in opts.concrete_fields if f.editable and f.name not in left_out]
    names += DERIVED.get(opts.label_lower, [])
    return names + [f.name for f in opts.many_to_many if f.name not in left_out]


def state(obj: models.Model | None, fields: Iterable[str] | None = None) -> dict:
    """The values of `fields` of `obj` (default: `default_fields`), as `record` compares them.

    None (an object not created yet) gives {}. Foreign keys are {"id", "label"} (select_related them
    to save a query per row), many-to-many fields a list of those sorted by id.
    """
    if obj is None:
        return {}
    names = default_fields(type(obj)) if fields is None else list(fields)
    values = {}
    for name in names:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            values[name] = plain(getattr(obj, name))
            continue
        if field.many_to_many:
            related = getattr(obj, name).all() if obj.pk is not None else []
            values[name] = sorted((plain(r) for r in related), key=lambda r: r["id"])
        elif field.is_relation and field.concrete:
            values[name] = plain(getattr(obj, name)) if getattr(obj, field.attname) is not None else None
        else:
            values[name] = plain(getattr(obj, field.attname))
    return values


def changes(before: Mapping, after: Mapping) -> tuple[dict, dict]:
    """Only what changed: (before, after) limited to the keys whose values differ.

    A key missing on one side counts as empty; empty on both sides (None, "", [], {}) is no change, so
    a new object's blank fields are not listed.
    """
    changed_before, changed_after = {}, {}
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        if old == new or (old in EMPTY and new in EMPTY):
            continue
        if key in before:
            changed_before[key] = old
        if key in after:
            changed_after[key] = new
    return changed_before, changed_after


# ---------------------------------------------------------------- units and labels


def _walk(obj, path: str, cache: dict | None):
    """Follow a lookup path ("village__commune") from `obj`; "" is the object itself."""
    if not path:
        return obj
    first, _sep, rest = path.partition("__")
    key = None
    if cache is not None:
        field = obj._meta.get_field(first)
        key = (field.related_model, getattr(obj, field.attname), rest)
        if key in cache:
            return cache[key]
    target = getattr(obj, first)
    for step in rest.split("__") if rest else []:
        if target is None:
            break
        target = getattr(target, step)
    if key is not None:
        cache[key] = target
    return target


def _owner(obj, cache: dict | None):
    """The commune or district `obj` belongs to by its declared paths, or None."""
    path = getattr(type(obj), "commune_path", None)
    unit = _walk(obj, path, cache) if path is not None else None
    district_path = getattr(type(obj), "district_path", None)
    if unit is None and district_path is not None:
        unit = _walk(obj, district_path, cache)
    return unit


def _unit_fields(unit) -> dict:
    if unit is None:
        return {}
    kind = UNIT_TYPES.get(unit._meta.label_lower)
    if kind is None:
        raise TypeError(f"not an administrative unit: {unit!r}")
    province_id = unit.pk if kind == "province" else unit.province_id
    fields = {"province_id": province_id, "unit_name": str(unit)[:200]}
    if kind != "province":
        fields[f"{kind}_id"] = unit.pk
    return fields


def label(obj) -> str:
    """How `obj` is named in the record."""
    make = LABELS.get(obj._meta.label_lower, str)
    return make(obj)[:400]


def _actor_fields(by) -> dict:
    if by is None or not getattr(by, "is_authenticated", False):
        return {"actor": None}
    name = getattr(by, "display_name", "") or by.get_full_name() or by.get_username()
    return {"actor": by, "actor_username": by.get_username(), "actor_name": name[:300]}


def _year_of(obj) -> int | None:
    year = getattr(obj, "year", None)
    return year if isinstance(year, int) else None


# The id of the request being served (povertyplan.audit.middleware), so that the entries one save wrote
# can be told apart from the next save's; empty outside a request (a command, the demo, a migration).
current_request_id: ContextVar[str] = ContextVar("audit_request_id", default="")


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction("audit entries are written inside the service's transaction (transaction.atomic)")


def _check_action(action: str) -> None:
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}: add it to povertyplan.audit.models.Action")


def _entry(
    common: dict, obj, parent, before: Mapping, after: Mapping, cache: dict, unit=None, units: dict | None = None
) -> Entry | None:
    """The entry of one change, or None. `units`: each unit's fields, computed once per batch."""
    changed_before, changed_after = changes(before, after)
    if not changed_before and not changed_after:
        return None
    if obj.pk is None:
        raise ValueError("record a deletion before obj.delete(), a creation after obj.save()")
    shown_on = parent if parent is not None else obj
    if unit is None:
        unit = _owner(obj, cache) or (_owner(parent, cache) if parent is not None else None)
    if units is None:
        unit_fields = _unit_fields(unit)
    else:
        key = (type(unit), unit.pk) if unit is not None else None
        unit_fields = units.get(key)
        if unit_fields is None:
            units[key] = unit_fields = _unit_fields(unit)
    object_label = label(obj)
    year = _year_of(obj) or (_year_of(parent) if parent is not None else None)
    return Entry(
        year=year,
        **common,
        **unit_fields,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_label=object_label,
        parent_type=shown_on._meta.label_lower,
        parent_id=shown_on.pk,
        parent_label=object_label if shown_on is obj else label(shown_on),
        before=changed_before,
        after=changed_after,
    )


# ---------------------------------------------------------------- the API


def record(
    by,
    action: str,
    obj: models.Model,
    *,
    before: Mapping,
    after: Mapping,
    reason: str = "",
    parent: models.Model | None = None,
    unit: models.Model | None = None,
    request_id: str = "",
) -> Entry | None:
    """Record that `by` did `action` to `obj`, from the state `before` to the state `after`.

    Call it inside the service's transaction, after the write (before it, for a deletion). Returns the
    entry, or None when nothing changed (no entry is written). `parent`: the household or plan whose
    history shows a child row. `reason`: the user's own words (a return, an override).
    """
    _require_transaction()
    _check_action(action)
    with translation.override(settings.LANGUAGE_CODE):
        common = {
            **_actor_fields(by),
            "action": action,
            "reason": reason,
            "request_id": request_id or current_request_id.get(),
        }
        entry = _entry(common, obj, parent, before, after, cache={}, unit=unit)
    if entry is not None:
        entry.save(force_insert=True)
    return entry


def record_many(
    by,
    action: str,
    rows: Iterable[tuple[models.Model, Mapping, Mapping]],
    *,
    reason: str = "",
    parent: models.Model | None = None,
    unit: models.Model | None = None,
    request_id: str = "",
) -> list[Entry]:
    """`record` for a bulk write: `rows` are (obj, before, after), or (obj, before, after, parent) where
    each row has its own parent; one entry per changed row, all written with one bulk_create, at one
    moment. Returns the entries written."""
    _require_transaction()
    _check_action(action)
    cache, units, entries = {}, {}, []
    with translation.override(settings.LANGUAGE_CODE):
        # What every entry of the batch shares, and each unit's name, computed once per batch.
        common = {
            **_actor_fields(by),
            "at": timezone.now(),
            "action": action,
            "reason": reason,
            "request_id": request_id or current_request_id.get(),
        }
        for obj, before, after, *row_parent in rows:
            row_parent = row_parent[0] if row_parent else parent
            entry = _entry(common, obj, row_parent, before, after, cache, unit, units)
            if entry is not None:
                entries.append(entry)
    return insert_many(entries)  # bulk_create's rows, without its per-value compilation (povertyplan/inserts.py)

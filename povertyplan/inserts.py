"""Inserting many new rows of one model: Django's bulk_create without its per-value SQL compilation.

bulk_create runs every value of every row through its SQL compiler (a placeholder compiled per value,
pre_save and get_db_prep_save per value, 999 variables per statement on SQLite): for the 20.000 audit
entries and 10.000 assessments of a 10.000-household import that was a third of the save's CPU.
`insert_many` writes one statement text per batch and prepares a value only when its field needs it (a
date, a decimal, JSON); the plain ints, strings, booleans and None every driver takes as they are go
unchanged. The new rows' ids come back with RETURNING, as bulk_create gets them on SQLite and PostgreSQL.

Like bulk_create it calls no save() and sends no signal: a caller records its writes in the audit, and
tests/test_audit_wiring counts its calls with the bulk writes.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router
from django.utils import timezone

PLAIN = (int, str, bool, type(None))
# Bound parameters per statement: SQLite's limit since 3.32 (Django assumes 999), psycopg's 65.535.
MAX_PARAMS = {"sqlite": 32_766, "postgresql": 65_535}
MAX_ROWS = 1000


def insert_many(objs: Sequence[models.Model]) -> list[models.Model]:
    """Insert the unsaved `objs` (all of one model, pk unset) and set their pk; returns them."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    opts = model._meta
    alias = router.db_for_write(model)
    connection = connections[alias]
    if not connection.features.can_return_rows_from_bulk_insert or connection.vendor not in MAX_PARAMS:
        return model._base_manager.using(alias).bulk_create(objs)
    fields = [f for f in opts.concrete_fields if f is not opts.pk and not getattr(f, "generated", False)]
    auto_now = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    now = timezone.now()  # one moment for the rows of one insert (bulk_create asks the clock per row)
    prepared: dict[str, tuple] = {}  # per field, the last value prepared and its result: one `at` per batch
    relations = [f for f in fields if f.is_relation]
    jsons = {f.attname for f in fields if isinstance(f, models.JSONField)}
    rows = []
    for obj in objs:
        if type(obj) is not model or obj.pk is not None:
            raise ValueError(f"insert_many takes new {model.__name__} objects only, not {obj!r}")
        for field in relations:  # a related object assigned before it was saved: its id now
            if getattr(obj, field.attname) is None and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None:
                    if related.pk is None:
                        raise ValueError(f"{field.name} of {obj!r} is not saved")
                    setattr(obj, field.attname, related.pk)
        row = []
        for field in fields:
            name = field.attname
            if name in auto_now:
                setattr(obj, name, now)
            value = getattr(obj, name)
            if type(value) not in PLAIN or name in jsons:
                last = prepared.get(name)
                if last is not None and last[0] is value and name not in jsons:
                    value = last[1]
                else:
                    prepared[name] = (value, prepared_value := field.get_db_prep_save(value, connection))
                    value = prepared_value
            row.append(value)
        rows.append(row)
    _insert(connection, opts, fields, objs, rows)
    for obj in objs:
        obj._state.adding, obj._state.db = False, alias
    return objs


def _insert(connection, opts, fields, objs, rows) -> None:
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {quote(opts.pk.column)}"
    size = max(1, min(MAX_ROWS, MAX_PARAMS[connection.vendor] // max(len(fields), 1)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            sql = head + ", ".join([one] * len(batch)) + tail
            cursor.execute(sql, [value for row in batch for value in row])
            ids = cursor.fetchall()
            if len(ids) != len(batch):
                raise RuntimeError("the database returned fewer ids than rows inserted")
            for obj, (pk,) in zip(objs[start : start + size], ids, strict=True):
                obj.pk = pk

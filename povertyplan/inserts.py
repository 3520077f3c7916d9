"""Inserting many new rows of one model: Django's bulk_create without its per-value SQL compilation.

bulk_create runs every value of every row through its SQL compiler (a placeholder compiled per value,
pre_save and get_db_prep_save per value, 999 variables per statement on SQLite): for the 20.000 audit
entries and 10.000 assessments of a 10.000-household import that was a third of the save's CPU.
`insert_many` prepares a value only when its field needs it (a date, a decimal, JSON); the plain ints,
strings, booleans and None every driver takes as they are go unchanged. On SQLite it writes one statement
text per 1.000 rows and the new ids come back with RETURNING. On PostgreSQL it draws the ids from the
table's sequence and COPYs the rows: two statements whatever their number (a 1.000-row INSERT there spent
most of a 10.000-household import's save in the driver, scanning and quoting the statement's values).

Like bulk_create it calls no save() and sends no signal: a caller records its writes in the audit, and
tests/test_audit_wiring counts its calls with the bulk writes.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router
from django.db.models.fields import AutoFieldMixin
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
    if (
        not connection.features.can_return_rows_from_bulk_insert
        or connection.vendor not in MAX_PARAMS
        or not isinstance(opts.pk, AutoFieldMixin)  # the ids must come from the database
    ):
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
    if connection.vendor == "postgresql":
        return _copy(connection, opts, fields, objs, rows)
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {quote(opts.pk.column)}"
    size = max(1, min(MAX_ROWS, MAX_PARAMS[connection.vendor] // max(len(fields), 1)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, [v for row in batch for v in row])
            ids = cursor.fetchall()
            if len(ids) != len(batch):
                raise RuntimeError("the database returned fewer ids than rows inserted")
            for obj, (pk,) in zip(objs[start : start + size], ids, strict=True):
                obj.pk = pk


def _copy(connection, opts, fields, objs, rows) -> None:
    """PostgreSQL: draw the ids from the table's sequence, then COPY the rows with them, two statements.

    COPY streams the rows in the driver's C code; a multi-row INSERT had the driver scan its whole
    statement for placeholders and quote every value into it (ClientCursor), most of the save's time.
    """
    quote = connection.ops.quote_name
    table, pk = opts.db_table, opts.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, len(rows)]
        )
        ids = sorted(pk for (pk,) in cursor.fetchall())
        if len(ids) != len(rows):
            raise RuntimeError("the database gave fewer ids than rows to insert")
        columns = ", ".join(quote(c) for c in [pk, *(f.column for f in fields)])
        with cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for pk_value, row in zip(ids, rows, strict=True):
                copy.write_row([pk_value, *row])
    for obj, pk_value in zip(objs, ids, strict=True):
        obj.pk = pk_value

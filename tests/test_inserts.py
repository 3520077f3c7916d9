"""povertyplan.inserts.insert_many: what it writes reads back as given, with the ids it set, on both databases.

On SQLite it sends one multi-row INSERT ... RETURNING per 1.000 rows; on PostgreSQL it draws the ids from
the table's sequence and COPYs the rows, two statements whatever their number.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from povertyplan.audit.models import Entry
from povertyplan.inserts import MAX_ROWS, insert_many

pytestmark = pytest.mark.django_db

# Text a COPY line must escape (tab, newline, backslash, carriage return), quotes, and every Vietnamese tone.
AWKWARD = "Thôn\tNà Súng\nxã Điềm He \\ \"Ủy ban\" 'Hợp' \r ầẩẫấậ ỳỷỹýỵ đĐ"


def entry(n: int, **values) -> Entry:
    fields = {
        "action": "household.create",
        "object_type": "households.household",
        "object_id": n,
        "parent_type": "households.household",
        "parent_id": n,
        "object_label": f"Hàng chèn {n}",
        **values,
    }
    return Entry(**fields)


def test_rows_read_back_as_written_with_the_ids_set_on_the_objects(world):
    at = timezone.make_aware(datetime.datetime(2025, 6, 6, 9, 30, 15, 123456), datetime.UTC)
    rows = [
        entry(1, object_label=AWKWARD, reason=AWKWARD, at=at, year=2025),
        entry(2, before={"tên": AWKWARD, "số": [1, 2.5, None], "có": True}, after={}, year=None),
        entry(3, commune=world.communes.diem_he, unit_name=str(world.communes.diem_he)),
    ]
    made = insert_many(rows)
    assert made == rows and all(a is b for a, b in zip(made, rows, strict=True))  # the objects given, in order
    ids = [e.pk for e in rows]
    assert None not in ids and len(set(ids)) == 3 and ids == sorted(ids)
    stored = {e.pk: e for e in Entry.objects.filter(pk__in=ids)}
    first, second, third = (stored[pk] for pk in ids)
    assert (first.object_label, first.reason, first.at, first.year) == (AWKWARD, AWKWARD, at, 2025)
    assert (second.before, second.after, second.year, second.object_id) == (
        {"tên": AWKWARD, "số": [1, 2.5, None], "có": True},
        {},
        None,
        2,
    )
    assert (third.commune_id, third.unit_name) == (world.communes.diem_he.pk, str(world.communes.diem_he))
    assert all(not e._state.adding for e in rows)


def test_the_ids_follow_the_table_and_later_saves_do_not_collide(world):
    first = insert_many([entry(n) for n in range(5)])
    later = entry(99)
    later.save()
    second = insert_many([entry(n) for n in range(3)])
    ids = [e.pk for e in first] + [later.pk] + [e.pk for e in second]
    assert ids == sorted(ids) and len(set(ids)) == 9
    assert Entry.objects.filter(pk__in=ids).count() == 9


def test_statements_per_insert(world):
    rows = 2 * MAX_ROWS + 1
    with CaptureQueriesContext(connection) as queries:
        insert_many([entry(n) for n in range(rows)])
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert statements == ["SELECT", "COPY"]  # the ids from the sequence, then the rows
    else:
        assert statements == ["INSERT", "INSERT", "INSERT"]  # one per 1.000 rows
    assert Entry.objects.filter(object_label__startswith="Hàng chèn ").count() == rows


def test_nothing_to_insert_sends_nothing(world):
    with CaptureQueriesContext(connection) as queries:
        assert insert_many([]) == []
    assert queries.captured_queries == []


def test_a_saved_object_or_another_model_is_refused(world):
    saved = entry(1)
    saved.save()
    with pytest.raises(ValueError, match="new Entry objects only"):
        insert_many([entry(2), saved])
    with pytest.raises(ValueError, match="new Entry objects only"):
        insert_many([entry(2), world.communes.diem_he])

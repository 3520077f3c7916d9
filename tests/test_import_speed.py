"""The shape of the household import's save: its queries do not grow with its rows, and every row is recorded.

Seconds are measured by bench/import_households.py (see bench/README.md), not here: a test guards the
work a save does, which is what keeps it fast on any machine.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households import lookups
from households.imports import apply, jobs
from households.imports.models import ImportKind
from households.models import Assessment, Household
from povertyplan.audit.models import Action, Entry
from tests.support.xlsx import household_header, xlsx

pytestmark = pytest.mark.django_db
YEAR = 2024
# A save's fixed queries (access, locks, lookups, version checks, the updates, the link tables' deletes and
# one executemany each) plus the writes of the new rows (povertyplan/inserts.py): new households, their
# assessments, and the audit entries for them and for the one updated assessment. On SQLite that is one
# INSERT per 1.000 rows of each; on PostgreSQL two statements each (the ids from the sequence, then a
# COPY) whatever the rows. A query per row would be hundreds. One more since the review year: the check that
# the year's review is not closed.
QUERIES_FOR_200 = {"sqlite": 29, "postgresql": 34}
NEW_KINDS = 4
ROWS_PER_INSERT = 1000


def preview(world, rows: int, update=None):
    indicators = list(lookups.indicators_for(YEAR))
    lines = [household_header(indicators)]
    if update is not None:
        marks = ["x" if i.number <= 3 else None for i in indicators]
        lines.append(["Nà Súng", update.pk, update.head_name, update.members, "Tày", "1.600.000", *marks, "", ""])
    for n in range(rows):
        marks = ["x" if (n + i.number) % 4 == 0 else None for i in indicators]
        village = "Nà Súng" if n % 2 else "Thống Nhất"
        lines.append(
            [
                village,
                None,
                f"Nguyễn Văn {n}",
                1 + n % 6,
                "Tày",
                f"{(5 + n % 30) * 100_000:,}".replace(",", "."),
                *marks,
                "Chủ hộ là nữ" if n % 3 == 0 else "",
                "",
            ]
        )
    result = jobs.read(ImportKind.HOUSEHOLDS, xlsx(lines), world.communes.diem_he, YEAR)
    assert [i.line() for i in result.issues] == []
    return result


def save(world, result) -> int:
    with CaptureQueriesContext(connection) as queries:
        apply.save_households(
            by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR, plan=result.plan
        )
    return len(queries)


def test_a_200_row_save_takes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    result = preview(world, 200, update=world.households.diem_he_poor)
    with django_assert_max_num_queries(QUERIES_FOR_200[connection.vendor]):
        apply.save_households(
            by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR, plan=result.plan
        )
    assert Household.objects.filter(head_name__startswith="Nguyễn Văn ").count() == 200


def test_2000_rows_take_the_queries_of_200_plus_on_sqlite_one_insert_per_further_1000_rows(world):
    from povertyplan import inserts

    assert inserts.MAX_ROWS == ROWS_PER_INSERT
    small = save(world, preview(world, 200))
    Entry.objects.all().delete()
    Household.objects.filter(head_name__startswith="Nguyễn Văn ").delete()
    large = save(world, preview(world, 2000))
    # Households, assessments, and their two kinds of entries: on SQLite 2 inserts each instead of 1; on
    # PostgreSQL the same COPY each.
    assert large == small + (NEW_KINDS if connection.vendor == "sqlite" else 0)
    assert Household.objects.filter(head_name__startswith="Nguyễn Văn ").count() == 2000
    assert Entry.objects.filter(action=Action.ASSESSMENT_CREATE).count() == 2000


def test_every_created_household_and_assessment_has_one_entry_with_its_values(world):
    before = Entry.objects.count()
    result = preview(world, 200, update=world.households.diem_he_poor)
    save(world, result)
    households = Household.objects.filter(head_name__startswith="Nguyễn Văn ")
    ids = set(households.values_list("pk", flat=True))
    created = Entry.objects.filter(action=Action.HOUSEHOLD_CREATE, object_id__in=ids)
    assert sorted(created.values_list("object_id", flat=True)) == sorted(ids)
    assessments = Assessment.objects.filter(household__in=ids, year=YEAR)
    recorded = Entry.objects.filter(action=Action.ASSESSMENT_CREATE, parent_id__in=ids)
    assert sorted(recorded.values_list("object_id", flat=True)) == sorted(assessments.values_list("pk", flat=True))
    one = households.get(head_name="Nguyễn Văn 7")
    entry = created.get(object_id=one.pk)
    assert (entry.unit_name, entry.commune_id, entry.after["head_name"], entry.after["members"]) == (
        str(world.communes.diem_he),
        world.communes.diem_he.pk,
        "Nguyễn Văn 7",
        2,
    )
    record = assessments.get(household=one)
    entry = recorded.get(object_id=record.pk)
    assert [d["id"] for d in entry.after["deprivations"]] == sorted(record.deprivations.values_list("pk", flat=True))
    assert entry.after["deprivations"]  # row 7 is deprived of some indicators: the link rows were written
    update = Entry.objects.get(action=Action.ASSESSMENT_UPDATE)
    assert update.before["income_per_capita"] == 1_200_000 and update.after["income_per_capita"] == 1_600_000
    assert Entry.objects.count() - before == 2 * 200 + 1

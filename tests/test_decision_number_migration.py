"""households/0012: decisions numbered twice in one commune and year before the rule stop the migration
with their names, instead of failing on the unique index; none is renumbered."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("households", "0011_government")]
AFTER = [("households", "0012_review_decision_number")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_two_decisions_with_one_number_in_a_year_stop_the_migration_and_are_named():
    old = _migrate(BEFORE)
    get = lambda name: old.get_model("households", name)  # noqa: E731
    province = get("Province").objects.create(name="Lạng Sơn", kind="tinh")
    commune = get("Commune").objects.create(province=province, name="Điềm He", kind="xa")
    user = old.get_model("povertyplan", "User").objects.create(username="xa.diemhe")
    reviews = get("Review").objects
    reviews.create(
        opened_by=user,
        commune=commune,
        year=2025,
        state="closed",
        decision_number=1,
        decision_date=datetime.date(2025, 1, 10),
    )
    reviews.create(
        opened_by=user,
        commune=commune,
        year=2026,
        state="closed",
        decision_number=1,
        decision_date=datetime.date(2025, 12, 20),
    )
    with pytest.raises(RuntimeError) as stopped:
        _migrate(AFTER)
    assert f"xã #{commune.pk}: số 1 năm 2025 (đợt rà soát 2025 và 2026)" in str(stopped.value)
    assert sorted(reviews.values_list("year", "decision_number")) == [(2025, 1), (2026, 1)]
    reviews.filter(year=2026).update(decision_number=2)  # corrected to the signed document
    _migrate(AFTER)

"""simple-history's rows become entries (audit/0002) before its tables go (households/0006_audit)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("households", "0005_admin_reference"), ("audit", "0001_entry")]
AFTER = [("households", "0006_audit"), ("audit", "0002_from_simple_history")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    """After the test, the database is migrated to every app's latest migration again (the tests after
    this one write the current models: an audit column added after 0002 must exist)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_the_history_of_simple_history_is_converted_into_entries_and_its_tables_dropped():
    old = _migrate(BEFORE)
    try:
        get = lambda name: old.get_model("households", name)  # noqa: E731
        user = old.get_model("povertyplan", "User").objects.create(
            username="xa.diemhe", last_name="Lục Văn", first_name="Thắng"
        )
        province = get("Province").objects.create(name="Lạng Sơn", kind="tinh")
        commune = get("Commune").objects.create(province=province, name="Điềm He", kind="xa")
        village = get("Village").objects.create(commune=commune, name="Nà Súng", kind="thon", order=1)
        ethnicity = get("Ethnicity").objects.first()
        now = timezone.now()
        household = get("Household").objects.create(
            village=village, head_name="Hoàng Văn Bình", members=4, ethnicity=ethnicity, created_at=now, updated_at=now
        )
        common = {
            "id": household.pk,
            "village_id": village.pk,
            "ethnicity_id": ethnicity.pk,
            "head_name": "Hoàng Văn Bình",
        }
        common |= {"version": 1, "created_at": now, "updated_at": now, "history_user_id": user.pk}
        history = get("HistoricalHousehold").objects
        history.create(**common, members=4, history_type="+", history_date=now - datetime.timedelta(hours=2))
        history.create(**common, members=4, history_type="~", history_date=now - datetime.timedelta(hours=1))
        history.create(
            **common, members=6, history_type="~", history_date=now, history_change_reason="Tách hộ con ra ở riêng"
        )
    finally:
        new = _migrate(AFTER)

    entries = new.get_model("audit", "Entry").objects.filter(request_id="simple-history").order_by("at", "id")
    created, changed = entries  # the row that changed nothing wrote nothing
    assert (created.action, created.before) == ("household.create", {})
    assert created.after["members"] == 4 and created.after["village"] == {"id": village.pk, "label": "Thôn Nà Súng"}
    assert (changed.action, changed.before, changed.after) == ("household.update", {"members": 4}, {"members": 6})
    assert (changed.actor_id, changed.actor_username, changed.actor_name) == (user.pk, "xa.diemhe", "Lục Văn Thắng")
    assert (changed.commune_id, changed.province_id, changed.unit_name) == (commune.pk, province.pk, "xã Điềm He")
    assert (changed.parent_type, changed.parent_id) == ("households.household", household.pk)
    assert changed.reason == "Tách hộ con ra ở riêng"
    assert "households_historicalhousehold" not in connection.introspection.table_names()

"""The record of who changed what: writing it (record, record_many), scoping it, showing it.

The services are wired to the record in a later step: these tests call `record` themselves, inside a
transaction, around real writes of the world's households and plans, as a service will.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import Assessment, Household, VillageCount
from plans.models import Officer, PlanStatus, VillageTarget
from povertyplan.audit.history import recent_history
from povertyplan.audit.models import Action, Entry
from povertyplan.audit.record import NotInTransaction, changes, record, record_many, state
from povertyplan.models import User
from tests.support.queries import row_writes


@pytest.fixture(autouse=True)
def no_entries_from_the_world(request):
    """The world is built through the services, which record: these tests start from an empty record."""
    for name in ("world", "plans"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
    if "world" in request.fixturenames:
        Entry.objects.all().delete()


def edit(by, action, obj, *, reason="", parent=None, **values):
    """Change `obj` and record it, in one transaction, as a service does."""
    with transaction.atomic():
        before = state(obj)
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        return record(by, action, obj, before=before, after=state(obj), reason=reason, parent=parent)


def at(entry, moment: datetime.datetime) -> None:
    """Pin an entry's time (test only: nothing updates an entry otherwise)."""
    Entry.objects.filter(pk=entry.pk).update(at=moment)


# ------------------------------------------------------------------ writing


def test_record_keeps_only_the_changed_fields_with_the_actor_and_unit_at_the_time(world):
    official = world.users.official_diem_he
    official.last_name, official.first_name = "Lục Văn", "Thắng"
    household = Household.objects.get(pk=world.households.diem_he_poor.pk)
    entry = edit(official, Action.HOUSEHOLD_UPDATE, household, members=5, address="Nà Súng, Điềm He")
    assert entry.before == {"members": 4, "address": ""}
    assert entry.after == {"members": 5, "address": "Nà Súng, Điềm He"}
    assert (entry.actor, entry.actor_username, entry.actor_name) == (official, "xa.diemhe", "Lục Văn Thắng")
    assert (entry.commune, entry.district, entry.province) == (world.communes.diem_he, None, world.provinces.lang_son)
    assert entry.unit_name == "xã Điềm He"
    assert (entry.object_type, entry.object_id, entry.object_label) == (
        "households.household",
        household.pk,
        f"Hộ {household.pk} – Hoàng Văn Bình",
    )
    assert (entry.parent_type, entry.parent_id) == ("households.household", household.pk)
    assert list(Entry.objects.values_list("pk", flat=True)) == [entry.pk]


def test_a_save_that_changes_nothing_writes_no_entry(world):
    household = world.households.diem_he_poor
    assert edit(world.users.official_diem_he, Action.HOUSEHOLD_UPDATE, household, members=household.members) is None
    with transaction.atomic():
        assert record_many(world.users.official_diem_he, Action.HOUSEHOLD_UPDATE, [(household, {}, {})]) == []
    assert Entry.objects.count() == 0


def test_changes_ignores_fields_empty_on_both_sides():
    assert changes({"a": None, "b": "", "c": 1}, {"a": "", "b": [], "c": 1, "d": None}) == ({}, {})
    assert changes({"a": None}, {"a": 0}) == ({"a": None}, {"a": 0})  # unknown is not zero


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the reference data
def test_record_outside_a_transaction_is_refused_and_writes_nothing():
    from households.models import Province

    province = Province.objects.create(name="Cao Bằng")
    with pytest.raises(NotInTransaction):
        record(None, Action.UNIT_UPDATE, province, before={"name": "Cao Bang"}, after=state(province, ["name"]))
    with pytest.raises(NotInTransaction):
        record_many(None, Action.UNIT_UPDATE, [(province, {"name": "Cao Bang"}, {"name": "Cao Bằng"})])
    assert Entry.objects.count() == 0


def test_an_unknown_action_is_refused(world):
    household = world.households.diem_he_poor
    with transaction.atomic(), pytest.raises(ValueError, match="household.rename"):
        record(None, "household.rename", household, before={"members": 4}, after={"members": 5})
    assert Entry.objects.count() == 0


def test_values_are_plain_json_dates_iso_decimals_as_text_foreign_keys_with_their_label(world, plans):
    officer = Officer.objects.create(commune=world.communes.diem_he, name="Hoàng Thị Lan", position="Công chức")
    plan = plans.diem_he
    target = VillageTarget.objects.select_related("village").get(plan=plan, village=world.villages.na_sung)
    entry = edit(
        world.users.official_diem_he,
        Action.PLAN_GRID,
        target,
        parent=plan,
        printed_poor_rate=Decimal("4.21"),
        officer=officer,
    )
    assert entry.after == {"printed_poor_rate": "4.21", "officer": {"id": officer.pk, "label": "Hoàng Thị Lan"}}
    assert entry.before == {"printed_poor_rate": None, "officer": None}
    assert (entry.object_label, entry.parent_type, entry.parent_id) == ("Thôn Nà Súng", "plans.plan", plan.pk)
    assert entry.parent_label == "Kế hoạch năm 2024 – xã Điềm He (lần 1)"
    entry = edit(world.users.official_diem_he, Action.PLAN_FIELDS, plan, issue_date=datetime.date(2024, 4, 5))
    assert (entry.before, entry.after) == ({"issue_date": None}, {"issue_date": "2024-04-05"})
    assert Entry.objects.get(pk=entry.pk).after == {"issue_date": "2024-04-05"}  # read back as written


def test_an_assessment_shows_in_its_households_history_with_its_deprivations(world):
    household = world.households.diem_he_near
    assessment = Assessment.objects.get(household=household, year=2024)
    fields = ["income_per_capita", "deprivations", "status"]
    indicators = list(assessment.standard.indicators.order_by("number")[:3])
    with transaction.atomic():
        before = state(assessment, fields)
        assessment.income_per_capita = 1_100_000
        assessment.status = "poor"
        assessment.save()
        assessment.deprivations.set(indicators)
        entry = record(
            world.users.official_diem_he,
            Action.ASSESSMENT_UPDATE,
            assessment,
            before=before,
            after=state(assessment, fields),
            parent=household,
        )
    assert entry.before["income_per_capita"] == 1_400_000 and entry.after["income_per_capita"] == 1_100_000
    assert [d["id"] for d in entry.after["deprivations"]] == [i.pk for i in indicators]
    assert [d["label"] for d in entry.after["deprivations"]] == [str(i) for i in indicators]
    assert len(entry.before["deprivations"]) == 1
    assert (entry.object_label, entry.parent_label) == ("Kết quả rà soát năm 2024", f"Hộ {household.pk} – Nông Thị Hoa")
    assert list(Entry.objects.history_of(household)) == [entry]


def test_a_new_object_lists_its_filled_fields_and_a_deletion_keeps_the_old_values(world):
    with transaction.atomic():
        count = VillageCount.objects.create(village=world.villages.to1, year=2025, total_households=90, poor=3)
        created = record(None, Action.COUNTS_SAVE, count, before=state(None), after=state(count))
    assert created.before == {}
    assert created.after == {
        "village": {"id": world.villages.to1.pk, "label": "Tổ dân phố 1"},
        "year": 2025,
        "total_households": 90,
        "poor": 3,
    }
    assert (created.commune, created.province) == (world.communes.hac_thanh, world.provinces.thanh_hoa)
    with transaction.atomic():
        deleted = record(None, Action.COUNTS_CLEAR, count, before=state(count), after={})
        count.delete()
    assert deleted.after == {} and deleted.before["total_households"] == 90
    assert deleted.object_label == "Số liệu Tổ dân phố 1 năm 2025"


def test_deleting_or_renaming_the_user_keeps_their_name_on_their_entries(world, client):
    user = User.objects.create_user(
        username="xa.diemhe2", role="official", commune=world.communes.diem_he, last_name="Vi Thị", first_name="Mai"
    )
    household = world.households.diem_he_poor
    entry = edit(user, Action.HOUSEHOLD_UPDATE, household, members=6)
    user.last_name, user.username = "Hoàng", "xa.diemhe.cu"
    user.save()
    user.delete()
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_username, entry.actor_name) == (None, "xa.diemhe2", "Vi Thị Mai")
    client.force_login(world.users.official_diem_he)
    page = client.get(reverse("household_history", args=[household.pk])).content.decode()
    assert "Vi Thị Mai" in page and "xa.diemhe.cu" not in page


def test_record_many_writes_one_entry_per_changed_row_in_one_insert(world, plans):
    plan = plans.diem_he
    targets = list(plan.village_targets.select_related("village", "officer").order_by("village__order"))
    before = {t.pk: state(t) for t in targets}
    targets[0].exits_poor = 2  # Nà Súng changes; Thống Nhất is saved as it was
    with transaction.atomic():
        VillageTarget.objects.bulk_update(targets, ["exits_poor"])
        with CaptureQueriesContext(connection) as queries:
            entries = record_many(
                world.users.official_diem_he,
                Action.PLAN_GRID,
                [(t, before[t.pk], state(t)) for t in targets],
                parent=plan,
            )
    inserts = row_writes(queries, "audit_entry")
    assert len(inserts) == 1
    assert [(e.object_label, e.before, e.after) for e in entries] == [
        ("Thôn Nà Súng", {"exits_poor": None}, {"exits_poor": 2})
    ]
    assert list(Entry.objects.history_of(plan).values_list("object_id", flat=True)) == [targets[0].pk]


# ------------------------------------------------------------------ scoping


@pytest.fixture
def entries(world, plans):
    """One entry in each of Điềm He, Hà Trung, Hạc Thành (no district) and the Văn Quan district's plan."""
    with transaction.atomic():
        count = VillageCount.objects.create(village=world.villages.to1, year=2025, total_households=90, poor=3)
        made = {"hac_thanh": record(None, Action.COUNTS_SAVE, count, before={}, after=state(count))}
    made["diem_he"] = edit(None, Action.HOUSEHOLD_UPDATE, world.households.diem_he_poor, members=7)
    made["ha_trung"] = edit(None, Action.HOUSEHOLD_UPDATE, world.households.ha_trung_poor, members=7)
    made["van_quan"] = edit(None, Action.PLAN_FIELDS, plans.van_quan, summary="Kế hoạch của huyện")
    assert (made["van_quan"].commune, made["van_quan"].district) == (None, world.districts.van_quan)
    return made


VISIBLE = {
    "official_diem_he": {"diem_he"},
    "official_ha_trung": {"ha_trung"},
    "reviewer_van_quan": {"diem_he", "van_quan"},
    "reviewer_thanh_hoa": {"ha_trung", "hac_thanh"},
    "admin_lang_son": {"diem_he", "van_quan"},
    "no_role": set(),
}


@pytest.mark.parametrize("user", list(VISIBLE))
def test_each_role_sees_the_entries_of_its_area_only(world, entries, user):
    names = {e.pk: name for name, e in entries.items()}
    seen = Entry.objects.for_user(getattr(world.users, user)).values_list("pk", flat=True)
    assert {names[pk] for pk in seen} == VISIBLE[user]


def test_a_superuser_sees_every_entry(world, entries):
    superuser = User.objects.create_superuser(username="quantri", password=None, email="")
    assert set(Entry.objects.for_user(superuser)) == set(entries.values())


# ------------------------------------------------------------------ showing


def test_household_history_page_shows_who_when_what_before_and_after_the_vietnamese_way(world, client):
    official = world.users.official_diem_he
    official.last_name, official.first_name = "Lục Văn", "Thắng"
    assessment = Assessment.objects.get(household=world.households.diem_he_poor, year=2024)
    entry = edit(
        official,
        Action.ASSESSMENT_UPDATE,
        assessment,
        parent=world.households.diem_he_poor,
        reason="Hộ có thêm thu nhập từ chăn nuôi.",
        income_per_capita=1_500_000,
        override_status="near_poor",
        override_reason="Hộ có thêm thu nhập từ chăn nuôi.",
    )
    at(entry, datetime.datetime(2026, 12, 1, 13, 5, tzinfo=datetime.UTC))
    client.force_login(world.users.reviewer_van_quan)
    response = client.get(reverse("household_history", args=[world.households.diem_he_poor.pk]))
    assert response.status_code == 200
    [shown] = response.context["page"].object_list
    assert (shown.who, shown.when, shown.action, shown.object_label) == (
        "Lục Văn Thắng",
        "01/12/2026 20:05",
        "Sửa kết quả rà soát",
        "Kết quả rà soát năm 2024",
    )
    assert [(c.label, c.before, c.after) for c in shown.changes] == [
        ("thu nhập bình quân (đồng/người/tháng)", "1.200.000", "1.500.000"),
        ("phân loại ghi nhận", "(trống)", "Hộ cận nghèo"),
        ("lý do ghi nhận khác", "(trống)", "Hộ có thêm thu nhập từ chăn nuôi."),
    ]
    assert shown.reason == "Hộ có thêm thu nhập từ chăn nuôi."
    page = response.content.decode()
    assert "01/12/2026 20:05" in page and "1.500.000" in page and 'data-testid="history-reason"' in page


def test_history_pages_outside_the_area_are_404_and_show_nothing(world, plans, client):
    edit(None, Action.HOUSEHOLD_UPDATE, world.households.diem_he_poor, members=8)
    client.force_login(world.users.official_ha_trung)
    assert client.get(reverse("household_history", args=[world.households.diem_he_poor.pk])).status_code == 404
    assert client.get(reverse("plan_history", args=[plans.diem_he.pk])).status_code == 404


def test_plan_history_shows_transitions_with_their_reason_and_grid_rows(world, plans, client):
    plan = plans.diem_he
    target = VillageTarget.objects.select_related("village").get(plan=plan, village=world.villages.na_sung)
    edit(world.users.official_diem_he, Action.PLAN_GRID, target, parent=plan, exits_poor=3)
    edit(world.users.reviewer_van_quan, Action.PLAN_RETURN, plan, reason="Xem lại thôn Nà Súng.", status="returned")
    client.force_login(world.users.official_diem_he)
    response = client.get(reverse("plan_history", args=[plan.pk]))
    returned, grid = response.context["page"].object_list
    assert (returned.action, returned.who, returned.reason, returned.is_child) == (
        "Trả lại để sửa",
        "huyen.vanquan",
        "Xem lại thôn Nà Súng.",
        False,
    )
    assert [(c.label, c.before, c.after) for c in returned.changes] == [
        ("trạng thái", str(PlanStatus.DRAFT.label), str(PlanStatus.RETURNED.label))
    ]
    # An exit not stated is unknown: shown as "—", never as 0.
    assert (grid.object_label, grid.is_child) == ("Thôn Nà Súng", True)
    assert [(c.label, c.before, c.after) for c in grid.changes] == [("dự kiến thoát nghèo", "—", "3")]


def test_history_pages_hold_fifty_entries_and_link_to_older_ones(world, client):
    household = world.households.diem_he_poor
    for members in range(5, 56):
        edit(None, Action.HOUSEHOLD_UPDATE, household, members=members % 50 + 1)
    client.force_login(world.users.official_diem_he)
    url = reverse("household_history", args=[household.pk])
    first = client.get(url)
    assert len(first.context["page"].object_list) == 50
    assert 'data-testid="history-older"' in first.content.decode()
    second = client.get(url + "?page=2")
    assert [(c.before, c.after) for c in second.context["page"].object_list[0].changes] == [("4", "6")]


def test_recent_history_is_capped_and_says_there_is_more(world):
    household = world.households.diem_he_poor
    for members in (5, 6, 7):
        edit(None, Action.HOUSEHOLD_UPDATE, household, members=members)
    shown, more = recent_history(world.users.official_diem_he, household, limit=2)
    assert ([e.changes[0].after for e in shown], more) == (["7", "6"], True)
    shown, more = recent_history(world.users.official_diem_he, household, limit=3)
    assert (len(shown), more) == (3, False)


def test_household_and_plan_pages_link_to_their_history(world, plans, client):
    client.force_login(world.users.reviewer_van_quan)
    household = client.get(reverse("household", args=[world.households.diem_he_poor.pk])).content.decode()
    assert f'href="{reverse("household_history", args=[world.households.diem_he_poor.pk])}"' in household
    plan = client.get(reverse("plan", args=[plans.diem_he.pk])).content.decode()
    assert f'href="{reverse("plan_history", args=[plans.diem_he.pk])}"' in plan


# ------------------------------------------------------------------ the admin


def test_nobody_changes_or_deletes_an_entry_in_the_admin_superuser_included(world, client):
    entry = edit(None, Action.HOUSEHOLD_UPDATE, world.households.diem_he_poor, members=9)
    client.force_login(User.objects.create_superuser(username="quantri", password=None, email=""))
    change = reverse("admin:audit_entry_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # read only
    assert client.post(change, {"reason": "sửa"}).status_code == 403
    assert client.post(reverse("admin:audit_entry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    changelist = client.post(
        reverse("admin:audit_entry_changelist"), {"action": "delete_selected", "_selected_action": [entry.pk]}
    )
    assert changelist.status_code == 200
    entry.refresh_from_db()
    assert (entry.reason, entry.after) == ("", {"members": 9})


def test_province_admin_lists_only_their_provinces_entries(world, entries, client):
    client.force_login(world.users.admin_lang_son)
    response = client.get(reverse("admin:audit_entry_changelist"))
    assert set(response.context["cl"].result_list) == {entries["diem_he"], entries["van_quan"]}


def test_the_history_page_costs_the_same_queries_for_3_or_30_entries(world, client):
    household = world.households.diem_he_poor
    client.force_login(world.users.official_diem_he)
    url = reverse("household_history", args=[household.pk])
    counted = []
    for members in range(5, 35):
        edit(None, Action.HOUSEHOLD_UPDATE, household, members=members)
        if members in (7, 34):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counted.append(len(queries.captured_queries))
    # session, user, household, count, entries, the user's commune (header), the session's save (3)
    assert counted == [9, 9]


def test_an_assessments_default_state_includes_the_classification_it_produced(world):
    assessment = Assessment.objects.get(household=world.households.diem_he_poor, year=2024)
    recorded = state(assessment)
    assert (recorded["computed_status"], recorded["status"]) == ("poor", "poor")
    assert "household" not in recorded and "version" not in recorded

"""Results against targets: what a plan achieved per village, read from the registry's movements (recomputed
here independently), typed where the commune keeps counts, unknown until known; the services' rules
(issued plans only, one report a period, versions, frozen once sent) and their record."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from households.models import Assessment, Household, HouseholdEvent, Status
from households.review_models import EventKind
from plans import results
from plans.achieved import achieved
from plans.result_models import Period, ReportState, ResultReport, RowSource
from plans.result_table import report_table
from povertyplan.audit.models import Action, Entry
from povertyplan.concurrency import ConflictError
from tests.support.factories import VillageFactory
from tests.support.results import issued_with_targets, reassess
from tests.support.world import fresh, make_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(plans, world):
    return issued_with_targets(plans, world, {world.villages.na_sung: (1, 1), world.villages.thong_nhat: (2, 3)})


def _start(world, plan, period=Period.ANNUAL):
    return results.start_report(by=world.users.official_diem_he, plan=plan, period=period, version=plan.version)


def _row(report, village):
    return report.rows.get(village=village)


# ---------------------------------------------------------------- the registry's movements


def test_exits_are_read_from_a_small_registry_and_agree_with_an_independent_count(world):
    official = world.users.official_diem_he
    village = VillageFactory(commune=world.communes.diem_he, name="Khòn Nà", order=5)
    # 2024: four poor, three near-poor, two above; 2025 after the review:
    plan_2024 = [("poor", 1_000_000, 4), ("poor", 1_100_000, 3), ("poor", 900_000, 5), ("poor", 1_200_000, 3)]
    plan_2024 += [("near", 1_300_000, 1), ("near", 1_400_000, 0), ("near", 1_450_000, 2)]
    plan_2024 += [("above", 2_000_000, 0), ("above", 2_500_000, 0)]
    after = [
        (1_000_000, 4),  # still poor
        (1_600_000, 0),  # poor -> above: escaped poverty
        (1_400_000, 1),  # poor -> near-poor: escaped poverty
        (1_200_000, 3),  # still poor
        (1_700_000, 0),  # near -> above: escaped near-poverty
        (1_000_000, 4),  # near -> poor: neither
        (1_450_000, 2),  # still near
        (1_300_000, 1),  # above -> near: newly near-poor
        (1_000_000, 3),  # above -> poor: newly poor
    ]
    households = []
    for (_kind, income, dep), (income_after, dep_after) in zip(plan_2024, after, strict=True):
        h = make_household(official, village, 2024, income=income, deprivations=dep).household
        households.append(h)
        reassess(official, fresh(h), 2025, income=income_after, deprivations=dep_after)

    statuses = {a.household_id: {} for a in Assessment.objects.filter(village=village)}
    for a in Assessment.objects.filter(village=village):
        statuses[a.household_id][a.year] = a.status
    expected_poor = sum(1 for s in statuses.values() if s[2024] == Status.POOR and s[2025] != Status.POOR)
    expected_near = sum(
        1 for s in statuses.values() if s[2024] == Status.NEAR_POOR and s[2025] in (Status.MIDDLE, Status.NOT_POOR)
    )
    expected_newly_poor = sum(
        1 for s in statuses.values() if s[2025] == Status.POOR and s[2024] not in (Status.POOR, Status.NEAR_POOR)
    )
    expected_newly_near = sum(
        1 for s in statuses.values() if s[2025] == Status.NEAR_POOR and s[2024] in (Status.MIDDLE, Status.NOT_POOR)
    )
    got = achieved([village.pk], 2024)[village.pk]
    assert (expected_poor, expected_near, expected_newly_poor, expected_newly_near) == (2, 1, 1, 1)
    assert (got.escaped_poverty, got.escaped_near_poverty, got.newly_poor, got.newly_near_poor) == (2, 1, 1, 1)


def test_a_household_carried_forward_and_not_reassessed_leaves_the_exits_unknown(world):
    official = world.users.official_diem_he
    poor = world.households.diem_he_poor
    near = world.households.diem_he_near
    reassess(official, fresh(near), 2025, income=1_700_000)
    carried = reassess(official, fresh(poor), 2025, income=1_200_000, deprivations=3)
    Assessment.objects.filter(pk=carried.pk).update(carried_forward=True)  # copied forward by the review

    got = achieved([world.villages.na_sung.pk], 2024)[world.villages.na_sung.pk]
    assert got.escaped_poverty is None and got.poor_pending == 1
    assert got.escaped_near_poverty == 1
    assert got.newly_poor is None and not got.known


def test_a_household_that_moved_out_is_resolved_and_counts_as_no_exit(world):
    official = world.users.official_diem_he
    reassess(official, fresh(world.households.diem_he_near), 2025, income=1_400_000, deprivations=1)
    HouseholdEvent.objects.create(
        household=world.households.diem_he_poor, kind=EventKind.MOVED_OUT, date=datetime.date(2024, 9, 1),
        year=2025, recorded_by=official,
    )  # fmt: skip
    got = achieved([world.villages.na_sung.pk], 2024)[world.villages.na_sung.pk]
    assert (got.escaped_poverty, got.escaped_near_poverty, got.newly_poor, got.newly_near_poor) == (0, 0, 0, 0)


def test_a_village_keeping_counts_only_is_not_read_from_the_registry(world):
    assert world.villages.thong_nhat.pk not in achieved([world.villages.thong_nhat.pk], 2024)


# ---------------------------------------------------------------- the services


def test_a_report_starts_only_for_an_issued_plan(plans, world):
    plan = plans.diem_he
    with pytest.raises(ValidationError, match="đã ban hành"):
        _start(world, plan)
    assert not ResultReport.objects.exists()


def test_starting_reads_the_registry_and_leaves_typed_villages_unknown(issued, world):
    official = world.users.official_diem_he
    reassess(official, fresh(world.households.diem_he_poor), 2025, income=1_700_000)
    reassess(official, fresh(world.households.diem_he_near), 2025, income=1_450_000, deprivations=1)
    report = _start(world, issued)
    na_sung, thong_nhat = _row(report, world.villages.na_sung), _row(report, world.villages.thong_nhat)
    assert (na_sung.source, na_sung.escaped_poverty, na_sung.escaped_near_poverty) == (RowSource.REGISTRY, 1, 0)
    assert (thong_nhat.source, thong_nhat.escaped_poverty, thong_nhat.newly_poor) == (RowSource.TYPED, None, None)
    table = report_table(report)
    assert [(line.label, line.target_poor, line.escaped_poverty) for line in table.lines] == [
        ("Thôn Nà Súng", 1, 1),
        ("Thôn Thống Nhất", 2, None),
    ]
    assert table.total.escaped_poverty is None  # a row is unknown: so is the total, never a partial sum
    assert [line.label for line in table.behind] == ["Thôn Nà Súng"]  # near-poor: 0 of 1
    [entry] = Entry.objects.filter(action=Action.RESULT_START)
    assert (entry.parent_id, entry.actor_username, entry.year) == (issued.pk, "xa.diemhe", 2024)


def test_a_second_start_of_the_same_period_is_refused_and_names_the_report(issued, world):
    report = _start(world, issued)
    with pytest.raises(results.AlreadyStarted) as refused:
        _start(world, fresh(issued))
    assert refused.value.report == report
    assert ResultReport.objects.count() == 1
    half = _start(world, fresh(issued), Period.HALF_YEAR)
    assert half.period == Period.HALF_YEAR and ResultReport.objects.count() == 2


def test_typed_rows_are_saved_with_unknown_kept_as_none(issued, world):
    report = _start(world, issued)
    row = _row(report, world.villages.thong_nhat)
    report = results.save_rows(
        by=world.users.official_diem_he,
        report=report,
        version=report.version,
        rows={row.pk: {"escaped_poverty": 2, "escaped_near_poverty": 0, "newly_poor": None, "newly_near_poor": None}},
    )
    row = fresh(row)
    assert (row.escaped_poverty, row.escaped_near_poverty, row.newly_poor, row.source) == (2, 0, None, RowSource.TYPED)
    [entry] = Entry.objects.filter(action=Action.RESULT_ROWS)
    assert entry.before == {"escaped_poverty": None, "escaped_near_poverty": None}
    assert entry.after == {"escaped_poverty": 2, "escaped_near_poverty": 0}


def test_typing_more_exits_than_households_at_the_start_is_refused(issued, world):
    report = _start(world, issued)
    row = _row(report, world.villages.thong_nhat)  # 4 poor at the start of 2024
    with pytest.raises(ValidationError, match="nhiều hơn số hộ nghèo đầu năm"):
        results.save_rows(
            by=world.users.official_diem_he,
            report=report,
            version=report.version,
            rows={row.pk: {"escaped_poverty": 5}},
        )
    assert fresh(row).escaped_poverty is None


def test_a_registry_row_cannot_be_overwritten_by_typing(issued, world):
    official = world.users.official_diem_he
    reassess(official, fresh(world.households.diem_he_poor), 2025, income=1_700_000)
    reassess(official, fresh(world.households.diem_he_near), 2025, income=1_700_000)
    report = _start(world, issued)
    row = _row(report, world.villages.na_sung)
    with pytest.raises(ValidationError, match="lấy từ sổ hộ"):
        results.save_rows(by=official, report=report, version=report.version, rows={row.pk: {"escaped_poverty": 0}})


def test_a_stale_or_missing_version_is_a_conflict(issued, world):
    report = _start(world, issued)
    for version in (None, report.version + 1):
        with pytest.raises(ConflictError):
            results.save_report_fields(
                by=world.users.official_diem_he, report=report, version=version, data={"assessment": "x"}
            )
    assert fresh(report).assessment == ""


def test_refresh_reads_the_review_done_since_the_report_was_started(issued, world):
    official = world.users.official_diem_he
    report = _start(world, issued)
    assert _row(report, world.villages.na_sung).escaped_poverty is None
    reassess(official, fresh(world.households.diem_he_poor), 2025, income=1_700_000)
    reassess(official, fresh(world.households.diem_he_near), 2025, income=1_700_000)
    report = results.refresh_report(by=official, report=report, version=report.version)
    row = _row(report, world.villages.na_sung)
    assert (row.escaped_poverty, row.escaped_near_poverty, row.source) == (1, 1, RowSource.REGISTRY)
    assert Entry.objects.filter(action=Action.RESULT_REFRESH).count() == 1


def test_a_sent_report_is_frozen(issued, world):
    official = world.users.official_diem_he
    report = _start(world, issued)
    with pytest.raises(ValidationError, match="Chưa có đánh giá chung"):
        results.send_report(by=official, report=report, version=report.version)
    report = results.save_report_fields(
        by=official,
        report=report,
        version=report.version,
        data={"assessment": "Cơ bản hoàn thành.", "report_date": datetime.date(2024, 12, 5), "number": 12},
    )
    report = results.send_report(by=official, report=report, version=report.version)
    assert report.state == ReportState.SENT and report.sent_at is not None
    with pytest.raises(ValidationError, match="đã gửi"):
        results.save_report_fields(by=official, report=report, version=report.version, data={"assessment": "y"})
    assert [e.action for e in Entry.objects.filter(object_type="plans.resultreport").order_by("id")] == [
        Action.RESULT_START,
        Action.RESULT_FIELDS,
        Action.RESULT_SEND,
    ]


def test_another_communes_official_cannot_write_the_report(issued, world):
    from django.core.exceptions import PermissionDenied

    report = _start(world, issued)
    with pytest.raises(PermissionDenied):
        results.save_report_fields(
            by=world.users.official_ha_trung, report=report, version=report.version, data={"assessment": "x"}
        )
    assert Household.objects.exists()

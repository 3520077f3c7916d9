"""The review year's services: open and carry forward, confirm as is, events, close, final after close."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households import review, services
from households.counts import commune_counts
from households.models import Assessment, HouseholdEvent, Review, ReviewState, Status, VillageCount
from households.review_models import EventKind
from plans.grid import village_grid
from povertyplan.audit.models import Action, Entry
from povertyplan.concurrency import ConflictError
from tests.support.review import DECISION, YEAR, add_households, confirm_all, open_diem_he, pending_versions, split_from
from tests.support.world import fresh, make_household


def _edit(world, household, year=YEAR, **assessment):
    """The household edit of `year` as the form sends it, on the versions now."""
    record = Assessment.objects.get(household=household, year=year)
    return services.save_household(
        by=world.users.official_diem_he,
        household=household,
        data={"village": household.village, "head_name": household.head_name, "members": household.members,
              "ethnicity": household.ethnicity, "address": "", "area": ""},
        year=year,
        assessment={"income_per_capita": record.income_per_capita, **assessment},
        household_version=fresh(household).version,
        assessment_version=record.version,
    )  # fmt: skip


def test_opening_carries_every_household_forward_marked_and_not_counted(world):
    created = open_diem_he(world)
    assert (created.state, created.year, created.opened_by) == (ReviewState.OPEN, YEAR, world.users.official_diem_he)
    carried = Assessment.objects.filter(year=YEAR, village__commune=world.communes.diem_he)
    assert sorted((a.household.head_name, a.status, a.carried_forward) for a in carried) == [
        ("Hoàng Văn Bình", Status.POOR, True),
        ("Nông Thị Hoa", Status.NEAR_POOR, True),
    ]
    poor = carried.get(household=world.households.diem_he_poor)
    assert poor.deprivations.count() == 3 and poor.standard.first_year <= YEAR
    rows, total = commune_counts(world.communes.diem_he, YEAR)
    na_sung = rows[0]
    assert (na_sung.total, na_sung.poor, na_sung.near_poor, na_sung.pending) == (0, 0, 0, 2)
    assert total.pending == 2 and "2 hộ chưa rà soát lại" in " ".join(total.notes)
    assert Entry.objects.filter(action=Action.ASSESSMENT_CARRY).count() == 2
    assert Entry.objects.filter(action=Action.REVIEW_OPEN).count() == 1


def test_a_second_open_is_refused_and_leaves_one_review(world):
    open_diem_he(world)
    with pytest.raises(ValidationError, match="đã được mở"):
        open_diem_he(world)
    assert Review.objects.count() == 1
    assert Assessment.objects.filter(year=YEAR).count() == 2


def test_open_is_refused_without_last_years_registry_and_for_a_commune_of_counts(world):
    with pytest.raises(ValidationError, match="Năm 2025 chưa có danh sách hộ"):
        open_diem_he(world, 2026)
    tri_le = world.communes.tri_le
    VillageCount.objects.create(village=world.villages.tri_le_1, year=2024, total_households=50, poor=3)
    tri_le_official = world.users.official_diem_he
    tri_le_official.commune = tri_le
    tri_le_official.save()
    with pytest.raises(ValidationError, match="chỉ nhập số liệu"):
        review.open_review(tri_le_official, tri_le, YEAR)
    assert not Review.objects.exists()


def test_a_reviewer_or_another_communes_official_cannot_open(world):
    for user in (world.users.reviewer_van_quan, world.users.official_ha_trung):
        with pytest.raises(PermissionDenied):
            review.open_review(user, world.communes.diem_he, YEAR)
    assert not Review.objects.exists()


def test_carrying_forward_asks_the_same_queries_for_3_or_12_households(world):
    def opening_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            open_diem_he(world)
        return len(ctx.captured_queries)

    add_households(world, 1)
    few = opening_queries()
    Review.objects.all().delete()
    Entry.objects.filter(action__in=[Action.REVIEW_OPEN, Action.ASSESSMENT_CARRY]).delete()
    Assessment.objects.filter(year=YEAR).delete()
    add_households(world, 9)
    assert opening_queries() == few


def test_re_assessing_clears_the_mark_and_classifies_by_the_years_standard(world):
    open_diem_he(world)
    household = world.households.diem_he_near
    record = _edit(world, household, income_per_capita=1_600_000)
    assert (record.carried_forward, record.status, record.year) == (False, Status.MIDDLE, YEAR)
    rows, _total = commune_counts(world.communes.diem_he, YEAR)
    assert (rows[0].total, rows[0].poor, rows[0].near_poor, rows[0].pending) == (1, 0, 0, 1)


def test_confirm_as_is_recomputes_the_status_and_a_second_click_confirms_nothing(world):
    open_diem_he(world)
    village = world.villages.na_sung
    versions = pending_versions(village)
    assert review.confirm_as_is(world.users.official_diem_he, village=village, year=YEAR, versions=versions) == 2
    rows, _total = commune_counts(world.communes.diem_he, YEAR)
    assert (rows[0].total, rows[0].poor, rows[0].near_poor, rows[0].pending) == (2, 1, 1, 0)
    again = {pk: v + 1 for pk, v in versions.items()}
    assert review.confirm_as_is(world.users.official_diem_he, village=village, year=YEAR, versions=again) == 0
    assert Entry.objects.filter(action=Action.ASSESSMENT_CONFIRM).count() == 2


def test_confirm_on_a_stale_version_refuses_the_whole_selection(world):
    open_diem_he(world)
    village = world.villages.na_sung
    versions = pending_versions(village)
    _edit(world, world.households.diem_he_poor, income_per_capita=1_100_000)
    with pytest.raises(ConflictError, match="Hoàng Văn Bình"):
        review.confirm_as_is(world.users.official_diem_he, village=village, year=YEAR, versions=versions)
    assert Assessment.objects.get(household=world.households.diem_he_near, year=YEAR).carried_forward
    with pytest.raises(ConflictError):
        review.confirm_as_is(world.users.official_diem_he, village=village, year=YEAR, versions=dict.fromkeys(versions))


def test_moving_out_removes_the_years_assessment_and_records_the_event(world):
    open_diem_he(world)
    household = world.households.diem_he_poor
    event = review.record_event(
        world.users.official_diem_he,
        household,
        {"kind": EventKind.MOVED_OUT, "date": datetime.date(2024, 10, 2), "year": YEAR,
         "household_version": household.version, "note": "Chuyển vào Lạng Sơn"},
    )  # fmt: skip
    assert (event.kind, event.year) == (EventKind.MOVED_OUT, YEAR)
    assert not Assessment.objects.filter(household=household, year=YEAR).exists()
    assert Assessment.objects.filter(household=household, year=YEAR - 1).exists()  # last year's stays
    rows, progress_total = review.progress(world.communes.diem_he, YEAR)
    assert (rows[0].pending, rows[0].left, progress_total.total) == (1, 1, 1)
    assert Entry.objects.filter(action=Action.ASSESSMENT_REMOVE, parent_id=household.pk).count() == 1
    with pytest.raises(ValidationError, match="rời khỏi danh sách"):
        _edit_left = services.save_household(
            by=world.users.official_diem_he, household=household,
            data={"village": household.village, "head_name": household.head_name, "members": 4,
                  "ethnicity": household.ethnicity},
            year=YEAR, assessment={"income_per_capita": 1}, household_version=fresh(household).version,
            assessment_version=0,
        )  # fmt: skip
        assert _edit_left is None


def test_a_stale_household_version_refuses_the_event(world):
    open_diem_he(world)
    household = world.households.diem_he_poor
    data = {"kind": EventKind.DIED, "date": datetime.date(2024, 9, 1), "year": YEAR, "household_version": 0}
    with pytest.raises(ConflictError):
        review.record_event(world.users.official_diem_he, household, data)
    assert not HouseholdEvent.objects.exists()


def test_split_makes_a_new_household_named_after_the_original(world):
    open_diem_he(world)
    original = world.households.diem_he_poor
    event = split_from(world, original)
    assert (event.kind, event.other, event.household.head_name) == (EventKind.SPLIT, original, "Hoàng Văn Nam")
    rows, total = review.progress(world.communes.diem_he, YEAR)
    assert (total.assessed, total.pending, total.new) == (1, 2, 1)


def test_close_is_refused_while_households_are_pending_naming_each_village(world):
    created = open_diem_he(world)
    with pytest.raises(ValidationError, match="Còn 2 hộ chưa rà soát lại: Thôn Nà Súng: 2 hộ"):
        review.close_review(world.users.official_diem_he, created, created.version, DECISION)
    assert fresh(created).state == ReviewState.OPEN


def test_close_checks_the_version_and_the_decision(world):
    created = open_diem_he(world)
    confirm_all(world)
    with pytest.raises(ConflictError):
        review.close_review(world.users.official_diem_he, created, None, DECISION)
    with pytest.raises(ValidationError) as refused:
        review.close_review(world.users.official_diem_he, created, created.version, {**DECISION, "signer_name": " "})
    assert refused.value.message_dict == {"signer_name": ["Cần ghi họ tên người ký."]}
    with pytest.raises(PermissionDenied):
        review.close_review(world.users.reviewer_van_quan, created, created.version, DECISION)


def test_after_close_the_years_assessments_are_final(world):
    created = open_diem_he(world)
    confirm_all(world)
    closed = review.close_review(world.users.official_diem_he, created, created.version, DECISION)
    assert (closed.state, closed.decision_number, closed.signer_name) == (ReviewState.CLOSED, 12, "Hoàng Văn Hùng")
    with pytest.raises(ValidationError, match="Đợt rà soát năm 2025 đã kết thúc"):
        _edit(world, world.households.diem_he_near, income_per_capita=1_000_000)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        make_household(world.users.official_diem_he, world.villages.na_sung, YEAR, income=1_000_000)
    household = world.households.diem_he_poor
    with pytest.raises(ValidationError, match="đã kết thúc"):
        review.record_event(
            world.users.official_diem_he, household,
            {"kind": EventKind.DIED, "date": datetime.date(2024, 9, 1), "year": YEAR,
             "household_version": household.version},
        )  # fmt: skip
    with pytest.raises(ValidationError, match="đã kết thúc"):
        review.close_review(world.users.official_diem_he, closed, closed.version, DECISION)
    rows, total = commune_counts(world.communes.diem_he, YEAR)
    assert (rows[0].total, rows[0].poor, rows[0].near_poor, total.pending) == (2, 1, 1, 0)


def test_the_plan_grid_waits_for_the_review_then_starts_from_its_counts(world):
    from plans.creation import create_plan

    open_diem_he(world)
    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR)
    na_sung = next(r for r in village_grid(plan).rows if r.key == world.villages.na_sung.pk)
    assert (na_sung.households, na_sung.poor_start) == (None, None)
    confirm_all(world)
    na_sung = next(r for r in village_grid(fresh(plan)).rows if r.key == world.villages.na_sung.pk)
    assert (na_sung.households, na_sung.poor_start, na_sung.near_poor_start) == (2, 1, 1)


def test_the_2027_review_classifies_by_the_new_standard_on_carry_forward_and_confirm(world):
    # 1.900.000 đ a person, 3 deprivations: above the 2026 line (1.500.000), poor under 2027's (2.200.000).
    household = make_household(
        world.users.official_diem_he, world.villages.na_sung, 2026, income=1_900_000, deprivations=3, name="Đàm Văn Lộc"
    ).household
    assert Assessment.objects.get(household=household, year=2026).status == Status.MIDDLE
    open_diem_he(world, 2027)
    carried = Assessment.objects.get(household=household, year=2027)
    assert carried.carried_forward and carried.standard.first_year == 2027
    assert sorted(carried.deprivations.values_list("number", flat=True)) == [1, 2, 3]
    assert {i.standard_id for i in carried.deprivations.all()} == {carried.standard_id}
    confirm_all(world, 2027)
    confirmed = fresh(carried)
    assert (confirmed.carried_forward, confirmed.status) == (False, Status.POOR)

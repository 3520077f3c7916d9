"""Revisions of an issued plan (workflow.new_revision), the snapshots and their diff (what changed since
the return), and the review queue listing only the latest revision."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plans import services, workflow
from plans.models import LegalBasis, Officer, Plan, PlanStatus, Recipient
from plans.snapshot import Change, diff, snapshot
from tests.support.plans import ISSUE_DATE, SIGNER, YEAR, go, sign, targets_by_village
from tests.support.world import fresh


@pytest.fixture
def issued_with_parts(plans, world, users):
    """Điềm He's plan with officers on its village rows, exits, a legal basis; then issued."""
    official, reviewer = users.official_diem_he, users.reviewer_van_quan
    diem_he = world.communes.diem_he
    lan = Officer.objects.create(commune=diem_he, name="Nông Thị Lan", position="Công chức VH-XH")
    tung = Officer.objects.create(commune=diem_he, name="Hoàng Văn Tùng", position="Phó Chủ tịch UBND xã")
    plan = sign(plans.diem_he, official)
    targets = {t.village_id: t for t in plan.village_targets.all()}
    rows = {
        targets[world.villages.na_sung.pk].pk: {"exits_poor": 1, "exits_near_poor": 1, "officer": lan},
        targets[world.villages.thong_nhat.pk].pk: {"exits_poor": 2, "exits_near_poor": 3, "officer": tung},
    }
    plan = services.save_grid(by=official, plan=plan, version=plan.version, rows=rows)
    LegalBasis.objects.create(
        plan=plan, order=1, doc_type="Quyết định", doc_number="90/QĐ-TTg", issuer="Thủ tướng Chính phủ"
    )
    plan = go(fresh(plan), official, "submit")
    plan = go(plan, reviewer, "approve")
    return go(plan, official, "issue", number=5, issue_date=ISSUE_DATE)


def _parts(plan: Plan) -> dict:
    return {
        "recipients": list(plan.recipients.values_list("order", "name", "purpose")),
        "legal_bases": list(plan.legal_bases.values_list("order", "verb", "doc_type", "doc_number", "issuer")),
        "reporting": list(plan.reporting.values_list("order", "what", "to_whom", "due_date")),
        "villages": sorted(plan.village_targets.values_list("village", "exits_poor", "exits_near_poor", "officer")),
    }


def test_new_revision_copies_an_issued_plan_into_a_new_draft(issued_with_parts, users):
    issued = fresh(issued_with_parts)
    parts_before, snap_before = _parts(issued), snapshot(issued)
    assert len(parts_before["legal_bases"]) == 1 and len(parts_before["recipients"]) == 4

    revision = workflow.new_revision(by=users.official_diem_he, plan=issued, version=issued.version)
    assert (revision.revision, revision.status, revision.year) == (2, PlanStatus.DRAFT, issued.year)
    assert (revision.previous_id, revision.number, revision.issue_date) == (issued.pk, None, None)
    assert revision.signer_name == SIGNER
    assert _parts(revision) == parts_before
    assert all(t.households_start is None for t in revision.village_targets.all())  # live again
    event = revision.events.get()
    assert (event.from_status, event.to_status, event.by) == ("", "draft", users.official_diem_he)
    assert "05/KH-UBND" in event.reason

    # The revision is edited on its own rows; the issued plan is untouched.
    target = revision.village_targets.first()
    services.save_grid(
        by=users.official_diem_he, plan=revision, version=revision.version, rows={target.pk: {"exits_poor": 0}}
    )
    Recipient.objects.filter(plan=revision).delete()
    issued_now = fresh(issued)
    assert (issued_now.status, issued_now.version, issued_now.number) == (PlanStatus.ISSUED, issued.version, 5)
    assert _parts(issued_now) == parts_before
    assert snapshot(issued_now) == snap_before


def test_a_second_revision_from_the_same_issued_plan_is_refused(issued_with_parts, users):
    workflow.new_revision(by=users.official_diem_he, plan=issued_with_parts, version=issued_with_parts.version)
    with pytest.raises(ValidationError):
        workflow.new_revision(by=users.official_diem_he, plan=issued_with_parts, version=issued_with_parts.version)
    assert Plan.objects.filter(commune=issued_with_parts.commune, year=YEAR).count() == 2


@pytest.mark.parametrize("state", ["draft", "submitted", "approved"])
def test_new_revision_only_from_an_issued_plan(request, users, state):
    plan = request.getfixturevalue(state)
    with pytest.raises(ValidationError):
        workflow.new_revision(by=users.official_diem_he, plan=plan, version=plan.version)


@pytest.mark.parametrize("user", ["reviewer_van_quan", "official_ha_trung", "admin_lang_son"])
def test_new_revision_only_by_who_may_change_the_plan(issued, users, user):
    with pytest.raises(PermissionDenied):
        workflow.new_revision(by=getattr(users, user), plan=issued, version=issued.version)
    assert Plan.objects.filter(commune=issued.commune, year=YEAR).count() == 1


def test_a_revision_is_issued_under_a_new_number(issued_with_parts, users):
    revision = workflow.new_revision(
        by=users.official_diem_he, plan=issued_with_parts, version=issued_with_parts.version
    )
    revision = go(revision, users.official_diem_he, "submit")
    revision = go(revision, users.reviewer_van_quan, "approve")
    with pytest.raises(ValidationError):
        go(revision, users.official_diem_he, "issue", number=5, issue_date=datetime.date(2024, 3, 1))
    revision = go(revision, users.official_diem_he, "issue", number=6, issue_date=datetime.date(2024, 3, 1))
    assert (revision.status, revision.reference) == (PlanStatus.ISSUED, "06/KH-UBND")
    # ...and then a revision 3 comes from revision 2, not from the first issued plan.
    with pytest.raises(ValidationError):
        workflow.new_revision(by=users.official_diem_he, plan=issued_with_parts, version=issued_with_parts.version)
    assert workflow.new_revision(by=users.official_diem_he, plan=revision, version=revision.version).revision == 3


def test_review_queue_lists_only_the_latest_revision(signed, world, reviewer):
    """Same bug as PlanQuerySet.latest_revisions in tests/test_rollup.py: both revisions are listed."""
    official, district = world.users.official_diem_he, world.users.reviewer_van_quan
    plan = workflow.perform(by=official, plan=signed, name="submit", version=signed.version)
    plan = workflow.perform(by=district, plan=plan, name="approve", version=plan.version)
    plan = workflow.perform(
        by=official, plan=plan, name="issue", version=plan.version, number=1, issue_date=datetime.date(2024, 1, 20)
    )
    revision = workflow.new_revision(by=official, plan=plan, version=plan.version)
    response = reviewer.get(reverse("review_queue"))
    assert response.status_code == 200
    assert [p for p, _at in response.context["rows"]] == [revision]


def test_diff_of_two_snapshots_lists_the_changed_cell_and_recipient_lines(plans, world):
    official = world.users.official_diem_he
    plan = plans.diem_he
    before = snapshot(plan)
    assert diff(before, snapshot(plan)) == []

    na_sung = targets_by_village(plan)[world.villages.na_sung.pk]
    plan = services.save_grid(by=official, plan=plan, version=plan.version, rows={na_sung.pk: {"exits_poor": 1}})
    Recipient.objects.filter(plan=plan, name="Lưu: VT").update(name="Lưu: VT, BCĐ giảm nghèo xã")

    changes = diff(before, snapshot(fresh(plan)))
    assert changes == [
        Change("village-table", "Thôn Nà Súng – Dự kiến thoát nghèo", "", "1"),
        Change("recipients", "Dòng bị bỏ", "Lưu: VT", ""),
        Change("recipients", "Dòng thêm mới", "", "Lưu: VT, BCĐ giảm nghèo xã"),
    ]
    assert changes[0].section_label == "1. Bảng chỉ tiêu theo thôn"  # the node as the outline numbers it


def test_diff_between_the_returned_and_the_resubmitted_plan(plans, world):
    official, reviewer = world.users.official_diem_he, world.users.reviewer_van_quan
    plan = services.save_plan_fields(
        by=official, plan=plans.diem_he, version=plans.diem_he.version, data={"signer_name": "Hiếu"}
    )
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=reviewer, plan=plan, name="return", version=plan.version, reason="Tăng chỉ tiêu.")
    thong_nhat = targets_by_village(plan)[world.villages.thong_nhat.pk]
    plan = services.save_grid(
        by=official, plan=plan, version=plan.version, rows={thong_nhat.pk: {"exits_near_poor": 2}}
    )
    plan = services.save_plan_fields(
        by=official, plan=plan, version=plan.version, data={"signer_name": "Hoàng Thị Hiếu"}
    )
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    returned = plan.events.get(to_status="returned")
    resubmitted = plan.events.filter(to_status="submitted").latest("id")
    assert diff(returned.snapshot, resubmitted.snapshot) == [
        Change("village-table", "Thôn Thống Nhất – Dự kiến thoát cận nghèo", "", "2"),
        Change("signature", "người ký", "Hiếu", "Hoàng Thị Hiếu"),
    ]


def test_diff_counts_a_line_listed_twice_then_once_as_one_removal():
    line = ["recipients", "UBND huyện (b/c)"]
    before = {"items": [], "lines": [line, line]}
    after = {"items": [], "lines": [line]}
    changes = diff(before, after)
    assert [(c.section, c.before, c.after) for c in changes] == [("recipients", "UBND huyện (b/c)", "")]
    assert [(c.before, c.after) for c in diff(after, before)] == [("", "UBND huyện (b/c)")]
    assert diff(before, before) == []

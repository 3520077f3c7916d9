"""The review workflow of a plan (plans/workflow.py): states, who may do what, versions, issue, revisions.

Every transition goes through `workflow.perform`, as the pages do; writes to the plan go through
plans.services. The fixtures build on conftest's `world` and `plans` (Điềm He's 2024 draft, whose two
villages both have counts: Nà Súng from the registry, Thống Nhất typed).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from households.counts import commune_counts
from households.models import Village, VillageCount
from plans import services, workflow
from plans.creation import create_plan
from plans.findings import plan_findings
from plans.forms import PARTS
from plans.grid import village_grid
from plans.models import LegalBasis, Officer, Plan, PlanEvent, PlanStatus, Recipient, VillageTarget
from plans.snapshot import snapshot
from povertyplan.access import Role
from povertyplan.concurrency import ConflictError
from povertyplan.models import User
from tests.support.world import make_household

YEAR = 2024
SIGNER = "Hoàng Thị Hiếu"
ISSUE_DATE = datetime.date(2024, 1, 20)

# ---------------------------------------------------------------- helpers


def go(plan: Plan, by, name: str, **kwargs) -> Plan:
    """Perform a transition from the version the user saw (the plan as they loaded it)."""
    kwargs.setdefault("version", plan.version)
    return workflow.perform(by=by, plan=plan, name=name, **kwargs)


def sign(plan: Plan, by) -> Plan:
    return services.save_plan_fields(by=by, plan=plan, version=plan.version, data={"signer_name": SIGNER})


def fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def snapshot_value(event: PlanEvent, section: str, key: str) -> str:
    for s, k, _label, value in event.snapshot["items"]:
        if (s, k) == (section, key):
            return value
    raise AssertionError(f"{section}/{key} not in the snapshot")


def row_figures(plan: Plan) -> dict:
    return {r.key: (r.households, r.poor_start, r.near_poor_start) for r in village_grid(plan).rows}


def commune_counts_by_village(commune) -> dict:
    rows, _total = commune_counts(commune, YEAR)
    return {r.village.pk: (r.total, r.poor, r.near_poor) for r in rows}


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def users(world):
    return world.users


@pytest.fixture
def province_reviewer_lang_son(world):
    """A province-level reviewer of Lạng Sơn (no district): reviews the districts' own plans there."""
    return User.objects.create_user(
        username="tinh.langson.tdinh", password="x", role=Role.REVIEWER, province=world.provinces.lang_son
    )


@pytest.fixture
def draft(plans, users):
    """Điềm He's 2024 draft with a signer: no errors, ready to submit."""
    return sign(plans.diem_he, users.official_diem_he)


@pytest.fixture
def submitted(draft, users):
    return go(draft, users.official_diem_he, "submit")


@pytest.fixture
def approved(submitted, users):
    return go(submitted, users.reviewer_van_quan, "approve")


@pytest.fixture
def issued(approved, users):
    return go(approved, users.reviewer_van_quan, "issue", number=5, issue_date=ISSUE_DATE)


@pytest.fixture
def hac_thanh_plan(world):
    """Hạc Thành (Thanh Hóa, no district): its official, counts for its one village, a signed draft."""
    official = User.objects.create_user(
        username="xa.hacthanh",
        password="x",
        role=Role.OFFICIAL,
        commune=world.communes.hac_thanh,
        province=world.provinces.thanh_hoa,
    )
    VillageCount.objects.create(village=world.villages.to1, year=YEAR, total_households=240, poor=3, near_poor=5)
    plan = create_plan(by=official, commune=world.communes.hac_thanh, year=YEAR)
    plan = sign(plan, official)
    return plan, official


# ---------------------------------------------------------------- the full path


def test_full_path_records_each_transition_and_bumps_the_version(draft, users):
    official, reviewer = users.official_diem_he, users.reviewer_van_quan
    steps = [
        ("submit", official, ""),
        ("return", reviewer, "Xem lại chỉ tiêu thôn Nà Súng."),
        ("submit", official, "Đã sửa theo ý kiến."),
        ("approve", reviewer, ""),
        ("issue", reviewer, ""),
    ]
    expected_states = ["submitted", "returned", "submitted", "approved", "issued"]
    plan = draft
    seen = []
    for (name, by, reason), state in zip(steps, expected_states, strict=True):
        before = plan.version
        extra = {"number": 5, "issue_date": ISSUE_DATE} if name == "issue" else {}
        plan = go(plan, by, name, reason=reason, **extra)
        assert plan.status == state
        assert plan.version == before + 1
        assert fresh(plan).status == state and fresh(plan).version == before + 1
        seen.append((name, by, reason))

    events = list(PlanEvent.objects.filter(plan=draft).order_by("id"))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
        ("approved", "issued"),
    ]
    assert [e.by for e in events[1:]] == [by for _name, by, _reason in seen]
    assert [e.reason for e in events[1:]] == [reason for _name, _by, reason in seen]
    for event in events:
        assert event.snapshot is not None and event.snapshot["items"], event
    # The creation came before the signer was typed; every transition after it carries the signer.
    assert [snapshot_value(e, "signature", "signer_name") for e in events] == [""] + [SIGNER] * 5
    # Each snapshot is the plan at that moment: the number appears only from the issue on.
    assert [snapshot_value(e, "header", "number") for e in events] == ["", "", "", "", "", "5"]

    plan = fresh(plan)
    assert (plan.number, plan.issue_date, plan.signer_name, plan.reference) == (5, ISSUE_DATE, SIGNER, "05/KH-UBND")
    assert not plan.is_editable


def test_recall_takes_a_submitted_plan_back_to_draft(submitted, users):
    plan = go(submitted, users.official_diem_he, "recall")
    assert plan.status == PlanStatus.DRAFT
    assert plan.is_editable


# ---------------------------------------------------------------- refused while the plan has errors


def test_submission_is_refused_without_a_signer_and_allowed_once_signed(plans, users):
    plan = plans.diem_he
    codes = [f.code for f in plan_findings(plan) if f.severity == "error"]
    assert codes == ["missing_signer"]
    events = PlanEvent.objects.filter(plan=plan).count()

    with pytest.raises(ValidationError) as exc:
        go(plan, users.official_diem_he, "submit")
    assert "1 lỗi" in exc.value.messages[0]
    assert (fresh(plan).status, fresh(plan).version) == ("draft", plan.version)
    assert PlanEvent.objects.filter(plan=plan).count() == events

    plan = sign(plan, users.official_diem_he)
    assert go(plan, users.official_diem_he, "submit").status == PlanStatus.SUBMITTED


def test_submission_is_refused_while_a_village_has_no_counts(world, users):
    diem_he = world.communes.diem_he
    pac_lang = Village.objects.create(commune=diem_he, name="Pác Làng", order=3)
    plan = sign(create_plan(by=users.official_diem_he, commune=diem_he, year=YEAR), users.official_diem_he)
    findings = [f for f in plan_findings(plan) if f.severity == "error"]
    assert [(f.code, f.anchor) for f in findings] == [("missing_counts", f"village-table:{pac_lang.pk}:households")]

    with pytest.raises(ValidationError):
        go(plan, users.official_diem_he, "submit")
    assert fresh(plan).status == PlanStatus.DRAFT

    VillageCount.objects.create(village=pac_lang, year=YEAR, total_households=127, poor=5, near_poor=14)
    assert go(fresh(plan), users.official_diem_he, "submit").status == PlanStatus.SUBMITTED


def test_resubmission_is_refused_when_the_returned_plan_has_errors(submitted, users):
    plan = go(submitted, users.reviewer_van_quan, "return", reason="Bổ sung nơi nhận.")
    Recipient.objects.filter(plan=plan).delete()
    with pytest.raises(ValidationError):
        go(plan, users.official_diem_he, "submit")
    assert fresh(plan).status == PlanStatus.RETURNED


# ---------------------------------------------------------------- who may do what


@pytest.mark.parametrize("name", ["return", "approve"])
def test_an_official_cannot_review(submitted, users, name):
    with pytest.raises(PermissionDenied):
        go(submitted, users.official_diem_he, name, reason="x")
    assert fresh(submitted).status == PlanStatus.SUBMITTED


def test_an_official_cannot_issue(approved, users):
    with pytest.raises(PermissionDenied):
        go(approved, users.official_diem_he, "issue", number=5, issue_date=ISSUE_DATE)
    assert fresh(approved).status == PlanStatus.APPROVED


@pytest.mark.parametrize(("state", "name"), [("draft", "submit"), ("submitted", "recall")])
def test_a_reviewer_cannot_submit_or_recall(request, users, state, name):
    plan = request.getfixturevalue(state)
    with pytest.raises(PermissionDenied):
        go(plan, users.reviewer_van_quan, name)
    assert fresh(plan).status == state


@pytest.mark.parametrize("user", ["reviewer_thanh_hoa", "official_ha_trung", "admin_lang_son", "no_role"])
@pytest.mark.parametrize(
    ("state", "name"),
    [("draft", "submit"), ("submitted", "return"), ("submitted", "approve"), ("approved", "issue")],
)
def test_outsiders_and_the_province_admin_can_do_nothing(request, users, user, state, name):
    plan = request.getfixturevalue(state)
    with pytest.raises(PermissionDenied):
        go(plan, getattr(users, user), name, reason="x", number=7, issue_date=ISSUE_DATE, signer_name=SIGNER)
    assert fresh(plan).status == state


def test_the_province_level_reviewer_reviews_a_commune_without_a_district(hac_thanh_plan, users):
    plan, official = hac_thanh_plan
    plan = go(plan, official, "submit")
    with pytest.raises(PermissionDenied):
        go(plan, users.reviewer_van_quan, "approve")
    plan = go(plan, users.reviewer_thanh_hoa, "approve")
    plan = go(plan, users.reviewer_thanh_hoa, "issue", number=1, issue_date=ISSUE_DATE)
    assert plan.status == PlanStatus.ISSUED


def test_the_province_level_reviewer_does_not_review_communes_of_a_district(submitted, world, users):
    """Điềm He is reviewed by Văn Quan; Thanh Hóa's province reviewer cannot, nor can Lạng Sơn's."""
    lang_son = User.objects.create_user(
        username="tinh.langson.tdinh", password="x", role=Role.REVIEWER, province=world.provinces.lang_son
    )
    for reviewer in (users.reviewer_thanh_hoa, lang_son):
        with pytest.raises(PermissionDenied):
            go(submitted, reviewer, "approve")
    assert fresh(submitted).status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_return_requires_a_reason(submitted, users, reason):
    with pytest.raises(ValidationError):
        go(submitted, users.reviewer_van_quan, "return", reason=reason)
    assert fresh(submitted).status == PlanStatus.SUBMITTED


@pytest.mark.parametrize(
    ("state", "name"),
    [("draft", "approve"), ("draft", "return"), ("draft", "issue"), ("submitted", "issue"), ("issued", "approve")],
)
def test_a_transition_from_the_wrong_state_is_refused(request, users, state, name):
    plan = request.getfixturevalue(state)
    with pytest.raises(ValidationError) as exc:
        go(plan, users.reviewer_van_quan, name, reason="x", number=9, issue_date=ISSUE_DATE)
    assert not isinstance(exc.value, ConflictError)
    assert fresh(plan).status == state


def test_official_submitting_twice_gets_a_wrong_state_error(submitted, users):
    with pytest.raises(ValidationError):
        go(submitted, users.official_diem_he, "submit")


def test_unknown_transition_is_refused(draft, users):
    with pytest.raises(ValidationError):
        go(draft, users.official_diem_he, "publish")


def test_a_stale_version_is_a_conflict_and_changes_nothing(draft, users):
    seen = draft.version
    services.save_plan_fields(by=users.official_diem_he, plan=draft, version=seen, data={"purpose": "Mục đích."})
    with pytest.raises(ConflictError):
        go(draft, users.official_diem_he, "submit", version=seen)
    assert fresh(draft).status == PlanStatus.DRAFT
    assert fresh(draft).version == seen + 1


def test_two_reviewers_acting_on_the_same_version_the_second_gets_a_conflict(submitted, users):
    seen = submitted.version
    go(submitted, users.reviewer_van_quan, "approve", version=seen)
    # The second one loaded the page before the approval: the state check comes first.
    with pytest.raises(ValidationError):
        go(submitted, users.reviewer_van_quan, "return", version=seen, reason="Sửa lại.")
    assert fresh(submitted).status == PlanStatus.APPROVED


# ---------------------------------------------------------------- issue


@pytest.mark.parametrize(
    "missing",
    [
        {"number": None},
        {"issue_date": None},
        {"number": 0},
        {"signer_name": "   "},
    ],
    ids=["no-number", "no-date", "number-zero", "blank-signer"],
)
def test_issue_requires_number_date_and_signer(approved, users, missing):
    values = {"number": 5, "issue_date": ISSUE_DATE, "signer_name": SIGNER, **missing}
    with pytest.raises(ValidationError):
        go(approved, users.reviewer_van_quan, "issue", **values)
    plan = fresh(approved)
    assert (plan.status, plan.number, plan.issue_date) == (PlanStatus.APPROVED, None, None)


def test_issue_signer_defaults_to_the_plans_signer_and_may_be_corrected(approved, users):
    plan = go(approved, users.reviewer_van_quan, "issue", number=5, issue_date=ISSUE_DATE, signer_name=" Lộc Văn Hưng ")
    assert fresh(plan).signer_name == "Lộc Văn Hưng"


@pytest.mark.parametrize("date", [datetime.date(2022, 12, 30), datetime.date(2025, 1, 2)])
def test_issue_date_outside_the_plan_year_or_the_end_of_the_year_before_is_refused(approved, users, date):
    with pytest.raises(ValidationError):
        go(approved, users.reviewer_van_quan, "issue", number=5, issue_date=date)


def test_issue_date_late_in_the_year_before_is_accepted(approved, users):
    plan = go(approved, users.reviewer_van_quan, "issue", number=5, issue_date=datetime.date(2023, 12, 28))
    assert plan.status == PlanStatus.ISSUED


def _plan_2025_approved(world, users) -> Plan:
    for village in (world.villages.na_sung, world.villages.thong_nhat):
        VillageCount.objects.create(village=village, year=2025, total_households=90, poor=3, near_poor=8)
    plan = create_plan(by=users.official_diem_he, commune=world.communes.diem_he, year=2025)
    plan = go(plan, users.official_diem_he, "submit")  # the signer came from 2024
    return go(plan, users.reviewer_van_quan, "approve")


def test_a_number_already_issued_by_the_unit_that_year_is_refused(issued, world, users):
    plan = _plan_2025_approved(world, users)
    with pytest.raises(ValidationError) as exc:
        go(plan, users.reviewer_van_quan, "issue", number=5, issue_date=datetime.date(2024, 12, 28))
    assert "5" in exc.value.messages[0]
    assert fresh(plan).status == PlanStatus.APPROVED
    # Another number the same year, or the same number the next year (numbers restart each year), is fine.
    assert workflow.next_number(fresh(issued)) == 6
    plan = go(plan, users.reviewer_van_quan, "issue", number=5, issue_date=datetime.date(2025, 1, 3))
    assert (plan.status, plan.number) == (PlanStatus.ISSUED, 5)


def test_the_same_number_in_another_unit_is_fine(issued, hac_thanh_plan, users):
    plan, official = hac_thanh_plan
    plan = go(go(plan, official, "submit"), users.reviewer_thanh_hoa, "approve")
    plan = go(plan, users.reviewer_thanh_hoa, "issue", number=5, issue_date=ISSUE_DATE)
    assert plan.status == PlanStatus.ISSUED


def _recipients_formset(plan: Plan):
    """A bound inline formset adding one recipient, as the part page would post it."""
    _section, related, formset_class = PARTS["noi-nhan"]
    blank = formset_class(instance=plan, queryset=getattr(plan, related).all(), program=plan.program)
    prefix = blank.prefix
    existing = list(plan.recipients.all())
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(existing) + 1),
        f"{prefix}-INITIAL_FORMS": str(len(existing)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, r in enumerate(existing):
        data |= {f"{prefix}-{i}-id": str(r.pk), f"{prefix}-{i}-order": str(r.order), f"{prefix}-{i}-name": r.name}
        data[f"{prefix}-{i}-purpose"] = r.purpose
    n = len(existing)
    data |= {f"{prefix}-{n}-order": "9", f"{prefix}-{n}-name": "Mặt trận Tổ quốc xã", f"{prefix}-{n}-purpose": "p/h"}
    formset = formset_class(data, instance=plan, queryset=getattr(plan, related).all(), program=plan.program)
    assert formset.is_valid(), formset.errors
    return formset


@pytest.mark.parametrize("state", ["submitted", "approved", "issued"])
def test_a_plan_past_draft_cannot_be_edited_through_any_service(request, users, state):
    plan = request.getfixturevalue(state)
    official = users.official_diem_he
    target = plan.village_targets.first()
    before = snapshot(fresh(plan))
    with pytest.raises(ValidationError) as exc:
        services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"purpose": "Sửa."})
    assert not isinstance(exc.value, ConflictError)
    with pytest.raises(ValidationError):
        services.save_grid(by=official, plan=plan, version=plan.version, rows={target.pk: {"exits_poor": 1}})
    with pytest.raises(ValidationError):
        services.save_part(by=official, plan=plan, version=plan.version, formset=_recipients_formset(fresh(plan)))
    assert snapshot(fresh(plan)) == before
    assert fresh(plan).version == plan.version


def test_a_returned_plan_is_editable_again(submitted, users):
    plan = go(submitted, users.reviewer_van_quan, "return", reason="Sửa mục tiêu.")
    plan = services.save_plan_fields(
        by=users.official_diem_he, plan=plan, version=plan.version, data={"general_goal": "Giảm nghèo bền vững."}
    )
    assert fresh(plan).general_goal == "Giảm nghèo bền vững."


# ---------------------------------------------------------------- start figures frozen on submission


def test_start_figures_are_live_while_draft_and_frozen_from_submission(draft, world, users):
    na_sung, thong_nhat = world.villages.na_sung, world.villages.thong_nhat
    assert row_figures(draft) == commune_counts_by_village(world.communes.diem_he)
    assert row_figures(draft)[thong_nhat.pk] == (82, 4, 12)

    # Live while a draft: a typed count changed now shows in the grid.
    VillageCount.objects.filter(village=thong_nhat, year=YEAR).update(total_households=83)
    assert row_figures(fresh(draft))[thong_nhat.pk] == (83, 4, 12)

    plan = go(fresh(draft), users.official_diem_he, "submit")
    frozen = row_figures(plan)
    assert frozen == {na_sung.pk: (2, 1, 1), thong_nhat.pk: (83, 4, 12)}
    assert village_grid(plan).live is False
    assert set(VillageTarget.objects.filter(plan=plan).values_list("households_start", "poor_start")) == {
        (2, 1),
        (83, 4),
    }

    # Counts change after submission, typed and from the registry: the plan keeps what it was submitted with.
    VillageCount.objects.filter(village=thong_nhat, year=YEAR).update(total_households=90, poor=6, near_poor=10)
    make_household(users.official_diem_he, na_sung, YEAR, income=1_000_000, deprivations=4, name="Lộc Văn Tư")
    assert commune_counts_by_village(world.communes.diem_he) != frozen
    assert row_figures(fresh(plan)) == frozen

    plan = go(
        go(plan, users.reviewer_van_quan, "approve"), users.reviewer_van_quan, "issue", number=1, issue_date=ISSUE_DATE
    )
    assert row_figures(fresh(plan)) == frozen
    total = village_grid(fresh(plan)).total
    assert (total.households, total.poor_start, total.near_poor_start) == (85, 5, 13)


# ---------------------------------------------------------------- new revision


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
    return go(plan, reviewer, "issue", number=5, issue_date=ISSUE_DATE)


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
        go(revision, users.reviewer_van_quan, "issue", number=5, issue_date=datetime.date(2024, 3, 1))
    revision = go(revision, users.reviewer_van_quan, "issue", number=6, issue_date=datetime.date(2024, 3, 1))
    assert (revision.status, revision.reference) == (PlanStatus.ISSUED, "06/KH-UBND")
    # ...and then a revision 3 comes from revision 2, not from the first issued plan.
    with pytest.raises(ValidationError):
        workflow.new_revision(by=users.official_diem_he, plan=issued_with_parts, version=issued_with_parts.version)
    assert workflow.new_revision(by=users.official_diem_he, plan=revision, version=revision.version).revision == 3


# ---------------------------------------------------------------- the district's own plan


def test_district_plan_is_changed_and_submitted_by_the_district_and_reviewed_by_its_province(
    plans, users, province_reviewer_lang_son
):
    plan = plans.van_quan
    assert plan.is_district_plan and plan.village_targets.count() == 0
    district = users.reviewer_van_quan
    with pytest.raises(ValidationError):  # no signer yet
        go(plan, district, "submit")
    plan = sign(plan, district)
    with pytest.raises(PermissionDenied):  # the province reviews, it does not write the district's plan
        sign(plan, province_reviewer_lang_son)
    plan = go(plan, district, "submit")
    for outsider in (district, users.reviewer_thanh_hoa, users.admin_lang_son, users.official_diem_he):
        with pytest.raises(PermissionDenied):
            go(plan, outsider, "approve")
    plan = go(plan, province_reviewer_lang_son, "approve")
    plan = go(plan, province_reviewer_lang_son, "issue", number=12, issue_date=ISSUE_DATE)
    assert (plan.status, plan.reference) == (PlanStatus.ISSUED, "12/KH-UBND")
    events = plan.events.order_by("id")
    assert [(e.to_status, e.by) for e in events][1:] == [
        ("submitted", district),
        ("approved", province_reviewer_lang_son),
        ("issued", province_reviewer_lang_son),
    ]


def test_officials_cannot_see_or_act_on_the_district_plan(plans, users, province_reviewer_lang_son):
    visible = {
        name: set(Plan.objects.for_user(user).values_list("pk", flat=True))
        for name, user in [
            ("official", users.official_diem_he),
            ("district", users.reviewer_van_quan),
            ("province", province_reviewer_lang_son),
            ("other_province", users.reviewer_thanh_hoa),
            ("admin", users.admin_lang_son),
        ]
    }
    both = {plans.diem_he.pk, plans.van_quan.pk}
    assert visible == {
        "official": {plans.diem_he.pk},
        "district": both,
        "province": both,
        "other_province": set(),
        "admin": both,
    }
    with pytest.raises(PermissionDenied):
        go(plans.van_quan, users.official_diem_he, "submit")
    with pytest.raises(PermissionDenied):
        sign(plans.van_quan, users.official_diem_he)


# ---------------------------------------------------------------- the issue form's defaults


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2024, 3, 5), datetime.date(2024, 3, 5)),  # during the plan's year
        (datetime.date(2023, 12, 20), datetime.date(2023, 12, 20)),  # prepared ahead
        (datetime.date(2026, 11, 23), datetime.date(2024, 12, 31)),  # an old plan transcribed late
        (datetime.date(2021, 6, 1), datetime.date(2023, 1, 1)),  # far ahead
    ],
)
def test_default_issue_date_is_always_one_the_issue_accepts(approved, users, today, expected):
    default = workflow.default_issue_date(approved, today)
    assert default == expected
    plan = go(approved, users.reviewer_van_quan, "issue", number=5, issue_date=default)
    assert (plan.status, plan.issue_date) == (PlanStatus.ISSUED, expected)


def test_next_number_counts_only_issued_plans_of_the_unit_in_that_year(issued, world, users):
    assert workflow.next_number(issued, 2024) == issued.number + 1
    assert workflow.next_number(issued, 2025) == 1
    other = create_plan(by=users.official_diem_he, commune=world.communes.diem_he, year=2025)
    assert workflow.next_number(other, 2024) == issued.number + 1


def test_the_refusal_names_both_years_it_accepts(approved, users):
    with pytest.raises(ValidationError) as exc:
        go(approved, users.reviewer_van_quan, "issue", number=5, issue_date=datetime.date(2022, 5, 1))
    assert "2024" in exc.value.messages[0] and "2023" in exc.value.messages[0]


# ---------------------------------------------------------------- what services accept


@pytest.mark.parametrize("name", ["status", "number", "issue_date", "version", "commune_id", "year"])
def test_save_plan_fields_refuses_fields_only_the_workflow_sets(draft, users, name):
    with pytest.raises(ValueError):
        services.save_plan_fields(by=users.official_diem_he, plan=draft, version=draft.version, data={name: 1})
    assert fresh(draft).version == draft.version

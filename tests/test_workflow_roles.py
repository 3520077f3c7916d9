"""Who may move a plan along the workflow: officials submit and issue, the district's reviewer reviews,
the province reviews communes without a district and the districts' own plans; wrong states, unknown
steps and stale versions are refused and change nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans import services
from plans.models import Plan, PlanStatus
from povertyplan.access import Role
from povertyplan.concurrency import ConflictError
from povertyplan.models import User
from tests.support.plans import ISSUE_DATE, SIGNER, go, sign
from tests.support.world import fresh


@pytest.fixture
def province_reviewer_lang_son(world):
    """A province-level reviewer of Lạng Sơn (no district): reviews the districts' own plans there."""
    return User.objects.create_user(
        username="tinh.langson.tdinh", password="x", role=Role.REVIEWER, province=world.provinces.lang_son
    )


@pytest.mark.parametrize("name", ["return", "approve"])
def test_an_official_cannot_review(submitted, users, name):
    with pytest.raises(PermissionDenied):
        go(submitted, users.official_diem_he, name, reason="x")
    assert fresh(submitted).status == PlanStatus.SUBMITTED


def test_the_reviewer_approves_but_cannot_issue(approved, users):
    """The reviewing level approves; the commune issues its own plan."""
    with pytest.raises(PermissionDenied):
        go(approved, users.reviewer_van_quan, "issue", number=5, issue_date=ISSUE_DATE, signer_name=SIGNER)
    plan = fresh(approved)
    assert (plan.status, plan.number, plan.issue_date) == (PlanStatus.APPROVED, None, None)
    plan = go(approved, users.official_diem_he, "issue", number=5, issue_date=ISSUE_DATE)
    assert (plan.status, plan.events.latest("id").by) == (PlanStatus.ISSUED, users.official_diem_he)


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
    with pytest.raises(PermissionDenied):
        go(plan, users.reviewer_thanh_hoa, "issue", number=1, issue_date=ISSUE_DATE)
    plan = go(plan, official, "issue", number=1, issue_date=ISSUE_DATE)
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
    by = users.official_diem_he if name == "issue" else users.reviewer_van_quan
    with pytest.raises(ValidationError) as exc:
        go(plan, by, name, reason="x", number=9, issue_date=ISSUE_DATE)
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
    services.save_plan_fields(by=users.official_diem_he, plan=draft, version=seen, data={"closing": "Mục đích."})
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
    with pytest.raises(PermissionDenied):  # the province approves; the district issues its own plan
        go(plan, province_reviewer_lang_son, "issue", number=12, issue_date=ISSUE_DATE)
    plan = go(plan, district, "issue", number=12, issue_date=ISSUE_DATE)
    assert (plan.status, plan.reference) == (PlanStatus.ISSUED, "12/KH-UBND")
    events = plan.events.order_by("id")
    assert [(e.to_status, e.by) for e in events][1:] == [
        ("submitted", district),
        ("approved", province_reviewer_lang_son),
        ("issued", district),
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

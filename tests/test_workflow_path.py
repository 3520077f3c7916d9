"""The review workflow of a plan (plans/workflow.py) along its path: each transition recorded with its
snapshot and a new version, submission refused while the plan has errors, start figures frozen from
the submission on.

Every transition goes through `workflow.perform`, as the pages do; writes to the plan go through
plans.services. The fixtures (tests/support/plan_fixtures.py) build on conftest's `world` and `plans`
(Điềm He's 2024 draft, whose two villages both have counts: Nà Súng from the registry, Thống Nhất typed)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from households.counts import commune_counts
from households.models import Village, VillageCount
from plans.creation import create_plan
from plans.findings import plan_findings
from plans.grid import village_grid
from plans.models import Plan, PlanEvent, PlanStatus, Recipient, VillageTarget
from tests.support.plans import ISSUE_DATE, SIGNER, YEAR, go, sign
from tests.support.world import fresh, make_household


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


def test_full_path_records_each_transition_and_bumps_the_version(draft, users):
    official, reviewer = users.official_diem_he, users.reviewer_van_quan
    steps = [
        ("submit", official, ""),
        ("return", reviewer, "Xem lại chỉ tiêu thôn Nà Súng."),
        ("submit", official, "Đã sửa theo ý kiến."),
        ("approve", reviewer, ""),
        ("issue", official, ""),
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
        go(plan, users.reviewer_van_quan, "approve"), users.official_diem_he, "issue", number=1, issue_date=ISSUE_DATE
    )
    assert row_figures(fresh(plan)) == frozen
    total = village_grid(fresh(plan)).total
    assert (total.households, total.poor_start, total.near_poor_start) == (85, 5, 13)

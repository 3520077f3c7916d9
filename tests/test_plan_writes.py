"""The plan's write services (plans.services) refuse what they must: another commune's officer or plan's
row, who may not change the plan, a stale version, fields only the workflow sets, any edit past draft."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans import outline, services
from plans.creation import create_plan
from plans.forms import PARTS
from plans.models import Officer, Plan
from plans.snapshot import snapshot
from povertyplan.concurrency import ConflictError
from tests.support.plans import YEAR, go
from tests.support.world import fresh


def test_save_grid_refuses_an_officer_of_another_commune(plans, world):
    official = world.users.official_diem_he
    plan = plans.diem_he
    other = Officer.objects.create(commune=world.communes.ha_trung, name="Nguyễn Ngọc Khanh")
    own = Officer.objects.create(commune=world.communes.diem_he, name="Nông Thị Lan")
    target = plan.village_targets.first()
    with pytest.raises(ValidationError):
        services.save_grid(
            by=official, plan=plan, version=plan.version, rows={target.pk: {"exits_poor": 1, "officer": other}}
        )
    target.refresh_from_db()
    assert (target.exits_poor, target.officer_id, fresh(plan).version) == (None, None, plan.version)

    plan = services.save_grid(by=official, plan=plan, version=plan.version, rows={target.pk: {"officer": own}})
    target.refresh_from_db()
    assert target.officer == own and plan.version == 2


def test_save_grid_refuses_a_row_of_another_plan(plans, world):
    other = create_plan(by=world.users.official_ha_trung, commune=world.communes.ha_trung, year=YEAR)
    foreign = other.village_targets.first()
    with pytest.raises(ValidationError):
        services.save_grid(
            by=world.users.official_diem_he,
            plan=plans.diem_he,
            version=plans.diem_he.version,
            rows={foreign.pk: {"exits_poor": 1}},
        )
    foreign.refresh_from_db()
    assert foreign.exits_poor is None


def test_save_grid_is_refused_to_who_may_not_change_the_plan(plans, world):
    target = plans.diem_he.village_targets.first()
    for user in (world.users.reviewer_van_quan, world.users.official_ha_trung):
        with pytest.raises(PermissionDenied):
            services.save_grid(by=user, plan=plans.diem_he, version=None, rows={target.pk: {"exits_poor": 1}})
    target.refresh_from_db()
    assert target.exits_poor is None


def test_save_grid_from_a_stale_version_is_a_conflict(plans, world):
    official = world.users.official_diem_he
    plan = plans.diem_he
    first, second = plan.village_targets.all()
    services.save_grid(by=official, plan=plan, version=1, rows={first.pk: {"exits_poor": 1}})
    with pytest.raises(ConflictError):
        services.save_grid(by=official, plan=plan, version=1, rows={second.pk: {"exits_poor": 3}})
    second.refresh_from_db()
    assert second.exits_poor is None
    assert fresh(plan).version == 2


def test_save_plan_fields_validates_the_model(plans, world):
    plan = plans.diem_he
    with pytest.raises(ValidationError):
        services.save_plan_fields(
            by=world.users.official_diem_he, plan=plan, version=plan.version, data={"issuing_body": ""}
        )
    assert fresh(plan).issuing_body and fresh(plan).version == plan.version


@pytest.mark.parametrize("name", ["status", "number", "issue_date", "version", "commune_id", "year"])
def test_save_plan_fields_refuses_fields_only_the_workflow_sets(draft, users, name):
    with pytest.raises(ValueError):
        services.save_plan_fields(by=users.official_diem_he, plan=draft, version=draft.version, data={name: 1})
    assert fresh(draft).version == draft.version


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
        services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"closing": "Sửa."})
    assert not isinstance(exc.value, ConflictError)
    with pytest.raises(ValidationError):
        services.save_grid(by=official, plan=plan, version=plan.version, rows={target.pk: {"exits_poor": 1}})
    with pytest.raises(ValidationError):
        services.save_part(by=official, plan=plan, version=plan.version, formset=_recipients_formset(fresh(plan)))
    assert snapshot(fresh(plan)) == before
    assert fresh(plan).version == plan.version


def test_a_returned_plan_is_editable_again(submitted, users):
    plan = go(submitted, users.reviewer_van_quan, "return", reason="Sửa mục tiêu.")
    outline.save_node(
        by=users.official_diem_he, plan=plan, version=plan.version, key="goals", data={"text": "Giảm nghèo bền vững."}
    )
    assert plan.outline.get(key="goals").text == "Giảm nghèo bền vững."

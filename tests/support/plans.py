"""What the plan tests share: the year and signer they use, the conflict message, building a commune with
its villages and counts, and moving a plan along the workflow as the user saw it."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from households.models import Commune, CommuneKind, Village, VillageCount
from plans import services, workflow
from plans.models import Plan
from povertyplan.access import Role
from povertyplan.models import User

YEAR = 2024
SIGNER = "Hoàng Thị Hiếu"
ISSUE_DATE = datetime.date(2024, 1, 20)
PLAN_CONFLICT = "Kế hoạch vừa được người khác cập nhật. Hãy tải lại trang để xem nội dung mới rồi sửa lại."


def targets_by_village(plan: Plan) -> dict:
    """The plan's village rows (VillageTarget) by village id."""
    return {t.village_id: t for t in plan.village_targets.all()}


def make_commune(district, name, villages, *, kind=CommuneKind.XA, year=YEAR):
    """A commune with its official and villages; `villages` is [(name, kind, households, poor, near_poor)].

    A village whose households is None gets no counts.
    """
    commune = Commune.objects.create(province=district.province, district=district, name=name, kind=kind)
    official = User.objects.create_user(
        username=f"xa.{commune.pk}", password="x", role=Role.OFFICIAL, commune=commune, province=district.province
    )
    made = {}
    for order, (village_name, village_kind, households, poor, near_poor) in enumerate(villages, start=1):
        village = Village.objects.create(commune=commune, name=village_name, kind=village_kind, order=order)
        if households is not None:
            VillageCount.objects.create(
                village=village, year=year, total_households=households, poor=poor, near_poor=near_poor
            )
        made[village_name] = village
    return SimpleNamespace(commune=commune, official=official, villages=made)


def go(plan: Plan, by, name: str, **kwargs) -> Plan:
    """Perform a transition from the version the user saw (the plan as they loaded it)."""
    kwargs.setdefault("version", plan.version)
    return workflow.perform(by=by, plan=plan, name=name, **kwargs)


def sign(plan: Plan, by) -> Plan:
    """The plan with its signer (SIGNER) typed in: a draft without errors, ready to submit."""
    return services.save_plan_fields(by=by, plan=plan, version=plan.version, data={"signer_name": SIGNER})


def set_text(plan: Plan, key_or_heading: str, text: str) -> None:
    """Set the text of the plan's outline node named by its key ("goals") or its heading, directly (a
    fixture, not a user's edit: no version bump, no record)."""
    from django.db.models import Q

    node = plan.outline.get(Q(key=key_or_heading) | Q(heading=key_or_heading))
    node.text = text
    node.save(update_fields=["text"])


def node_text(plan: Plan, key: str) -> str:
    """The text of the plan's outline node `key`, read afresh."""
    return plan.outline.get(key=key).text

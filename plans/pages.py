"""The contexts of the plans' list and review pages, built beside the models so that a view only fetches,
binds a form, calls a service and renders: a commune's plans, the reviewer's queue, a district's roll-up,
the issue confirmation and the changes since a plan was returned. (The plan page is built in
plans/detail.py, which lays out the roll-up's table too.)"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q
from django.http import Http404
from django.urls import reverse

from households.areas import communes_of_area
from households.models import Commune, District, Province
from plans import rollup
from plans.detail import rollup_table
from plans.forms import IssueForm, PlanCreateForm
from plans.models import Plan, PlanEvent, PlanStatus, ProgramVersion
from plans.reads import unit_plans
from plans.snapshot import diff, snapshot
from povertyplan import access, years
from povertyplan.collation import vi_order


def program_year(year: int) -> bool:
    """A year a plan can have: accepted (povertyplan.years) and covered by a program of the catalogue."""
    if not years.accepted(year):
        return False
    return ProgramVersion.objects.filter(first_year__lte=year, last_year__gte=year).exists()


def commune_plans_page(commune: Commune, *, form: PlanCreateForm, can_change: bool) -> dict:
    """A commune's plans, newest first, which of them are in force, and the form creating a year's plan."""
    plans = unit_plans(commune=commune).select_related("program")
    in_force = set(plans.in_force().values_list("pk", flat=True))
    return {"commune": commune, "plans": plans, "form": form, "can_change": can_change, "in_force": in_force}


def review_queue_page(user, status: str) -> dict:
    """The plans `user` reviews, latest revision of each, with their open comments and when each was last
    submitted; only those of `status` when it is one."""
    plans = (
        Plan.objects.for_user(user, access.REVIEW)
        .latest_revisions()
        .select_related("commune__district", "commune__former_district", "district")
        .annotate(open_comments=Count("comments", filter=Q(comments__resolved=False)))
        .order_by("-year", "status", "commune__name")
    )
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    submitted_at = dict(
        PlanEvent.objects.filter(plan__in=plans, to_status=PlanStatus.SUBMITTED)
        .values_list("plan")
        .annotate(m=Max("at"))
        .values_list("plan", "m")
    )
    districts = list(District.objects.for_user(user).order_by("name"))
    provinces = rollup_provinces(user)
    rows = [(p, submitted_at.get(p.pk)) for p in plans]
    for p, _at in rows:
        p.rollup_url = _rollup_url(p, {d.pk for d in districts}, {pr.pk for pr in provinces})
    # The roll-up links at the top open the newest year in the queue (this year when it is empty).
    year = rows[0][0].year if rows else datetime.date.today().year
    return {
        "rows": rows,
        "status": status,
        "statuses": PlanStatus.choices,
        "districts": districts,
        "provinces": provinces,
        "now_year": year,
    }


def _rollup_url(plan: Plan, districts: set[int], provinces: set[int]) -> str:
    """The roll-up of the plan's year the plan's row links to: the district's it was under that year, else
    its province's; "" when the user may open neither."""
    if plan.commune is None:
        district = plan.district
        province_id = district.province_id
    else:
        district = plan.commune.district_in(plan.year)
        province_id = plan.commune.province_id
    if district is not None and district.pk in districts:
        return reverse("district_rollup", args=[district.pk, plan.year])
    if province_id in provinces:
        return reverse("province_rollup", args=[province_id, plan.year])
    return ""


def district_rollup_page(district: District, year: int, *, can_change: bool) -> dict:
    """A district's table of its communes for a year, its own plans of the year and the years around."""
    rows, total = rollup.district_rows(district, year)
    return {
        "district": district,
        "year": year,
        "rows": rows,
        "total": total,
        "rollup": rollup_table(rows, total),
        "plans": unit_plans(district=district).filter(year=year),
        "can_change": can_change,
        "previous_year": year - 1 if program_year(year - 1) else None,
        "next_year": year + 1 if program_year(year + 1) else None,
    }


def rollup_province(user, pk: int, year: int) -> Province:
    """The province whose table of communes of `year` `user` may open, or 404: its own province, when
    they may see every commune of it that year (a province-level reviewer or administrator; a superuser).
    The table shows nothing the user could not open commune by commune."""
    province = Province.objects.for_user(user).filter(pk=pk).first()
    if province is None or not access.sees_all(user, communes_of_area(province, year), year):
        raise Http404
    return province


def rollup_provinces(user) -> list[Province]:
    """The provinces whose table of communes `user` may open, whatever the year (for the review queue's
    links): no commune of theirs, in effect or history, is hidden from the user."""
    hidden = access.unseen(user, Commune.objects.all())
    return list(
        Province.objects.for_user(user).exclude(pk__in=hidden.values("province")).order_by(vi_order("name"), "pk")
    )


def province_rollup_page(province: Province, year: int) -> dict:
    """A province's table of its communes for a year; for a year of the district level, also grouped
    by the district of that year (plans/rollup.py)."""
    made = rollup.province_rollup(province, year)
    groups = [
        (district, _prefixed(rollup_table(rows, sub), f"g{i}")) for i, (district, rows, sub) in enumerate(made.groups)
    ]
    return {
        "province": province,
        "year": year,
        "rows": made.rows,
        "total": made.total,
        "rollup": rollup_table(made.rows, made.total),
        "groups": groups,
        "district_totals": _prefixed(rollup_table([sub for _d, _r, sub in made.groups], made.total), "districts")
        if made.groups
        else None,
        "previous_year": year - 1 if program_year(year - 1) else None,
        "next_year": year + 1 if program_year(year + 1) else None,
    }


def _prefixed(view, prefix: str):
    """A table shown beside others on one page: its cells' ids made unique (each table has a total row)."""
    for cell in [*(c for row in view.rows for c in row.cells), *view.total]:
        cell.id = f"{prefix}-{cell.id}"
    return view


def issue_confirm_page(plan: Plan, form: IssueForm) -> dict:
    """What becomes final when the plan is issued as typed in `form` (valid), and the values to post again."""
    data = form.cleaned_data
    replaced = plan.previous if plan.previous and plan.previous.year == plan.year else None
    if replaced is not None and replaced.status != PlanStatus.ISSUED:
        replaced = None
    return {
        "plan": plan,
        "form": form,
        "reference": f"{data['number']:02d}/{plan.symbol}",
        "issue_date": data["issue_date"],
        "signer_name": data["signer_name"],
        "replaced": replaced,
        # The values exactly as typed, posted again by the confirmation.
        "hidden": [(name, form[name].value()) for name in ("version", "number", "issue_date", "signer_name")],
    }


def changes_page(plan: Plan) -> dict:
    """What changed between the version last returned and the one resubmitted (or the plan now)."""
    returned = plan.events.filter(to_status=PlanStatus.RETURNED).order_by("-at", "-id").first()
    after_event = None
    if returned is not None:
        after_event = (
            plan.events.filter(to_status=PlanStatus.SUBMITTED, id__gt=returned.id).order_by("-at", "-id").first()
        )
    after = after_event.snapshot if after_event else snapshot(plan)
    changes = diff(returned.snapshot, after) if returned else []
    return {"plan": plan, "returned": returned, "after_event": after_event, "changes": changes}

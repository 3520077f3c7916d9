"""The plan lines of the home pages (povertyplan/needs.py): what a plan needs of the user now.

A commune official (the user whose menu names their own commune): the plan of the planning year
(povertyplan.years.planning_year) and what it needs: none yet, a draft not submitted, a return with its
reason, open comments, approved but not issued. An issued plan needs nothing. In the last quarter, when
the planning year is the next one, this year's plan too if it exists and is not issued yet.

A reviewer (any user who reviews plans: a district, or a province's department): the plans waiting for
them (submitted), with their age in days, and the communes they review without a plan submitted for the
planning year; late once the year's due date has passed (years.plan_due). Everything is read through
povertyplan.access: a line is only about what the user may see, in a bounded number of queries.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from households.areas import in_effect_q
from households.models import Commune
from plans.models import Plan, PlanEvent, PlanStatus
from povertyplan import access, years
from povertyplan.collation import vi_order
from povertyplan.needs import Need, Urgency

# States in which a plan counts as submitted for its year (the commune is not late with it).
SUBMITTED_STATES = (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.ISSUED)

# Beyond this many communes late or without a plan, a reviewer gets one line naming the first of them
# instead of a line each (a province department reviews a hundred communes).
MAX_COMMUNE_LINES = 8


def plan_needs(user, today: datetime.date) -> list[Need]:
    """The plan lines for `user` on `today` (official: their commune's plan; reviewer: their queue)."""
    found: list[Need] = []
    own = access.menu(user)
    year = years.planning_year(today)
    if own.own_commune:
        if year != today.year:  # the last quarter: this year's plan, when still not issued, comes first
            found += _own_plan(user, own.own_commune, today.year, today, missing_line=False)
        found += _own_plan(user, own.own_commune, year, today)
    if own.review_queue:
        found += _waiting(user, today)
        found += _communes_without_plan(user, year, today, own.rollup_district)
    return found


# ---------------------------------------------------------------- the commune's own plan


def _urgency_by(due: datetime.date | None, today: datetime.date) -> str:
    return Urgency.LATE if due is not None and today > due else Urgency.ACT


def _own_plan(user, commune_id: int, year: int, today: datetime.date, *, missing_line: bool = True) -> list[Need]:
    plan = (
        Plan.objects.for_user(user, access.CHANGE)
        .filter(commune_id=commune_id, year=year)
        .annotate(open_comments=Count("comments", filter=Q(comments__resolved=False)))
        .order_by("-revision")
        .first()
    )
    due = years.plan_due(year)
    if plan is None:
        if not missing_line:
            return []
        text = _("Lập kế hoạch giảm nghèo năm %(year)s") % {"year": year}
        url = f"{reverse('commune_plans', args=[commune_id])}?year={year}"  # the form opens on that year
        return [Need("plan_missing", text, url, _urgency_by(due, today), due, _("Chưa có kế hoạch."))]
    url = reverse("plan", args=[plan.pk])
    if plan.revision > 1:
        due = None  # an amendment: the year's plan was issued, the new revision has no due date
    found = []
    if plan.status == PlanStatus.DRAFT:
        text = _("Hoàn thành và trình duyệt kế hoạch năm %(year)s") % {"year": year}
        detail = _draft_detail(plan)
        found.append(Need("plan_draft", text, url, _urgency_by(due, today), due, detail))
    elif plan.status == PlanStatus.RETURNED:
        text = _("Kế hoạch năm %(year)s bị trả lại: sửa và trình lại") % {"year": year}
        found.append(Need("plan_returned", text, url, _urgency_by(due, today), due, _return_detail(plan)))
    elif plan.status == PlanStatus.SUBMITTED:
        text = _("Kế hoạch năm %(year)s đã trình, đang chờ thẩm định") % {"year": year}
        found.append(Need("plan_submitted", text, url, Urgency.INFO, None, _on(plan, PlanStatus.SUBMITTED)))
    elif plan.status == PlanStatus.APPROVED:
        text = _("Ban hành kế hoạch năm %(year)s (đã được thông qua)") % {"year": year}
        found.append(Need("plan_approved", text, url, Urgency.ACT, None, _on(plan, PlanStatus.APPROVED)))
    if plan.open_comments and plan.status != PlanStatus.ISSUED:
        editable = plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)
        found.append(_comments_need(plan, year, due if editable else None, today))
    return found


def _draft_detail(plan: Plan) -> str:
    if plan.error_count:
        return ngettext(
            "Còn %(n)s lỗi cần sửa trước khi trình.", "Còn %(n)s lỗi cần sửa trước khi trình.", plan.error_count
        ) % {"n": plan.error_count}
    return _("Dự thảo, chưa trình.")


def _last_event(plan: Plan, status: str) -> PlanEvent | None:
    return plan.events.filter(to_status=status).order_by("-at", "-id").first()


def _return_detail(plan: Plan) -> str:
    event = _last_event(plan, PlanStatus.RETURNED)
    if event is None:
        return ""
    day = timezone.localtime(event.at).date().strftime("%d/%m/%Y")
    return _("Trả lại ngày %(date)s: %(reason)s") % {"date": day, "reason": event.reason}


def _on(plan: Plan, status: str) -> str:
    """'Đã trình ngày 05/01/2024.' / 'Thông qua ngày ...': when the plan last reached `status`."""
    event = _last_event(plan, status)
    if event is None:
        return ""
    day = timezone.localtime(event.at).date().strftime("%d/%m/%Y")
    if status == PlanStatus.SUBMITTED:
        return _("Đã trình ngày %(date)s.") % {"date": day}
    return _("Đã thông qua ngày %(date)s.") % {"date": day}


def _comments_need(plan: Plan, year: int, due: datetime.date | None, today: datetime.date) -> Need:
    first = plan.comments.filter(resolved=False).order_by("at", "id").first()
    n = plan.open_comments
    text = ngettext(
        "%(n)s ý kiến thẩm định chưa xử lý (kế hoạch năm %(year)s)",
        "%(n)s ý kiến thẩm định chưa xử lý (kế hoạch năm %(year)s)",
        n,
    ) % {"n": n, "year": year}
    url = reverse("plan", args=[plan.pk]) + (f"#y-kien-{first.pk}" if first else "")
    detail = first.text if first else ""
    return Need("plan_comments", text, url, _urgency_by(due, today), due, detail)


# ---------------------------------------------------------------- the reviewer's plans and communes


def _waiting(user, today: datetime.date) -> list[Need]:
    plans = (
        Plan.objects.for_user(user, access.REVIEW)
        .latest_revisions()
        .filter(status=PlanStatus.SUBMITTED)
        .select_related("commune", "district")
        .annotate(submitted_at=Max("events__at", filter=Q(events__to_status=PlanStatus.SUBMITTED)))
        .order_by("submitted_at", "pk")
    )
    found = []
    for plan in plans:
        submitted = timezone.localtime(plan.submitted_at).date() if plan.submitted_at else None
        due = years.review_due(submitted) if submitted else None
        text = _("Thẩm định kế hoạch năm %(year)s của %(unit)s") % {"year": plan.year, "unit": plan.unit}
        if submitted is None:
            detail = ""
        else:
            days = max((today - submitted).days, 0)
            if days:
                detail = ngettext(
                    "Đã trình ngày %(date)s, chờ %(days)s ngày.", "Đã trình ngày %(date)s, chờ %(days)s ngày.", days
                ) % {"date": submitted.strftime("%d/%m/%Y"), "days": days}
            else:
                detail = _("Đã trình hôm nay (%(date)s).") % {"date": submitted.strftime("%d/%m/%Y")}
        url = reverse("plan", args=[plan.pk])
        found.append(Need("plan_waiting", text, url, _urgency_by(due, today), due, detail))
    return found


def _communes_without_plan(user, year: int, today: datetime.date, rollup_district: int | None) -> list[Need]:
    """The communes the user reviews for `year` (a district its communes of that year: up to
    LAST_DISTRICT_YEAR its former ones too), in effect that year, with no plan of `year` submitted: one
    line each once late (past years.plan_due), else (or when too many) one line for all, naming them."""
    of_year = Plan.objects.filter(commune=OuterRef("pk"), year=year)
    communes = list(
        Commune.objects.for_user(user, access.REVIEW, year)
        .filter(in_effect_q(year))
        .annotate(has_plan=Exists(of_year), submitted=Exists(of_year.filter(status__in=SUBMITTED_STATES)))
        .filter(submitted=False)
        .order_by(vi_order("name"), "pk")
    )
    if not communes:
        return []
    due = years.plan_due(year)
    late = today > due
    if late and len(communes) <= MAX_COMMUNE_LINES:
        return [_commune_line(c, year, due) for c in communes]
    names = ", ".join(str(c) for c in communes[:MAX_COMMUNE_LINES])
    if len(communes) > MAX_COMMUNE_LINES:
        names += ", …"
    n = len(communes)
    text = ngettext(
        "%(n)s xã chưa trình kế hoạch năm %(year)s",
        "%(n)s xã chưa trình kế hoạch năm %(year)s",
        n,
    ) % {"n": n, "year": year}
    url = reverse("district_rollup", args=[rollup_district, year]) if rollup_district else reverse("review_queue")
    return [Need("communes_without_plan", text, url, Urgency.LATE if late else Urgency.INFO, due, names)]


def _commune_line(commune: Commune, year: int, due: datetime.date) -> Need:
    if commune.has_plan:
        text = _("%(commune)s chưa trình kế hoạch năm %(year)s") % {"commune": commune, "year": year}
        detail = _("Có dự thảo, chưa trình duyệt.")
    else:
        text = _("%(commune)s chưa lập kế hoạch năm %(year)s") % {"commune": commune, "year": year}
        detail = _("Chưa có kế hoạch.")
    url = reverse("commune_plans", args=[commune.pk])
    return Need("commune_late", text, url, Urgency.LATE, due, detail)

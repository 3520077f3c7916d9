"""Home-page needs of the results reports (povertyplan/needs.py).

An official: the reports of its commune's issued plan of the year (`today`'s year) that are due (the
6-month before 20/6, the annual before 10/12, plans.result_models.DUE): to start or to send, late once the
date has passed. A reviewer: the communes of its area whose issued plan of the year has no sent report of
a period whose due date has passed. Scoped through povertyplan.access like every read.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.result_models import DUE, Period, ReportState, ResultReport
from povertyplan import access
from povertyplan.needs import Need, Urgency

# How long before its date a report shows as due on the official's home page.
NOTICE = datetime.timedelta(days=30)


def _due(year: int, period: str) -> datetime.date:
    month, day = DUE[Period(period)]
    return datetime.date(year, month, day)


def report_needs(user, today: datetime.date) -> list[Need]:
    if not getattr(user, "is_authenticated", False):
        return []
    year = today.year
    plans = list(
        Plan.objects.in_force().for_user(user).filter(year=year, commune__isnull=False).select_related("commune")
    )
    if not plans:
        return []
    sent = {(r.plan_id, r.period): r for r in ResultReport.objects.filter(plan__in=plans).order_by()}
    own = access.menu(user).own_commune
    needs = []
    for plan in plans:
        for period in Period:
            due = _due(year, period.value)
            report = sent.get((plan.pk, period.value))
            if report is not None and report.state == ReportState.SENT:
                continue
            late = today > due
            label = str(period.label).lower()
            if own and access.can(user, access.CHANGE, plan):
                if not late and today < due - NOTICE:
                    continue
                url = reverse("result_report", args=[report.pk]) if report else reverse("plan_results", args=[plan.pk])
                text = (
                    _("Báo cáo kết quả %(period)s %(year)s quá hạn gửi")
                    if late
                    else _("Báo cáo kết quả %(period)s %(year)s đến hạn gửi")
                ) % {"period": label, "year": year}
                needs.append(
                    Need(
                        kind="result_report_late" if late else "result_report_due",
                        text=text,
                        url=url,
                        urgency=Urgency.LATE if late else Urgency.ACT,
                        due=due,
                        detail=_("Đang soạn") if report else _("Chưa lập"),
                    )
                )
            elif not own and late:
                needs.append(
                    Need(
                        kind="result_report_missing",
                        text=_("%(commune)s chưa gửi báo cáo kết quả %(period)s %(year)s")
                        % {"commune": plan.commune, "period": label, "year": year},
                        url=reverse("plan_results", args=[plan.pk]),
                        urgency=Urgency.LATE,
                        due=due,
                        detail=_("Đang soạn") if report else _("Chưa lập"),
                    )
                )
    return needs


__all__ = ["report_needs"]

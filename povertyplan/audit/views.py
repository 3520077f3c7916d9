"""The history pages: a household's and a plan's, for the people who may see the object."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from households.models import Household
from plans.models import Plan
from povertyplan import access
from povertyplan.audit.history import history_page


@login_required
def household_history(request, pk: int):
    household = access.get_for_user_or_404(Household.objects.select_related("village__commune"), request.user, pk=pk)
    context = {
        "page": history_page(request.user, household, request.GET.get("page")),
        "title": _("Lịch sử thay đổi: hộ {name}").format(name=household.head_name),
        "back_url": reverse("household", args=[household.pk]),
        "back_label": _("Hộ {name}").format(name=household.head_name),
        "commune": household.village.commune,
    }
    return render(request, "audit/history.html", context)


@login_required
def plan_history(request, pk: int):
    plan = access.get_for_user_or_404(Plan.objects.select_related("commune", "district"), request.user, pk=pk)
    context = {
        "page": history_page(request.user, plan, request.GET.get("page")),
        "title": _("Lịch sử thay đổi: {plan}").format(plan=plan),
        "back_url": reverse("plan", args=[plan.pk]),
        "back_label": _("Kế hoạch năm {year}").format(year=plan.year),
        "commune": plan.commune,
    }
    return render(request, "audit/history.html", context)

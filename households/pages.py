"""Page contexts of the registry: home, commune, village, household, the household form and the counts.

Each function builds what its template reads from objects the view has already fetched through access;
the views stay to fetching, binding a form, calling a service and answering.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.urls import reverse

from households.counts import area_counts, commune_counts, total_of, village_count
from households.lookups import standard_for_or_none
from households.models import CATEGORY_FIELDS, Assessment, Commune, Household, Village
from households.movements import labelled_history
from households.names import search_key
from households.review_pages import review_context
from households.review_rules import left_in
from plans.reads import unit_plans
from povertyplan import access, years
from povertyplan.audit.history import recent_context
from povertyplan.collation import vi_order

PAGE_SIZE = 50


def years_around(year: int) -> list[int]:
    """The years the year picker offers: a few around the page's year and this year."""
    this = datetime.date.today().year
    return sorted(set(range(min(year, this) - 3, max(year, this) + 2)))


def home_page(communes, year: int) -> dict:
    """The communes of a reviewer's or administrator's area with their totals of `year`."""
    counted = area_counts(communes, year)
    # Each commune with the district it was under that year (none since the reform; its former one before).
    rows = [(commune, commune.district_in(year), counts) for commune, counts in counted]
    return {"rows": rows, "total": total_of([t for _, t in counted]), "year": year, "years": years_around(year)}


def official_home_page(commune: Commune, year: int, needs: list, today: datetime.date) -> dict:
    """An official's home: what needs them (`needs`), the state of the planning year's plan, then their
    commune's totals of `year`."""
    _rows, total = commune_counts(commune, year)
    planning = years.planning_year(today)
    plan = unit_plans(commune=commune).filter(year=planning).first()
    return {"commune": commune, "year": year, "total": total, "needs": needs, "planning_year": planning, "plan": plan}


def commune_page(user, commune: Commune, year: int) -> dict:
    rows, total = commune_counts(commune, year)
    return {
        **review_context(commune, year),
        "commune": commune,
        "year": year,
        "years": years_around(year),
        "rows": rows,
        "total": total,
        "can_change": access.can(user, access.CHANGE, commune),
        "standard": standard_for_or_none(year),
    }


def village_assessments(user, village: Village, year: int, filters, *, pending_only: bool = False):
    """The village's assessments of `year` the user may see, by head's name, narrowed by the valid filters
    (and to those not yet re-assessed in an open review with `pending_only`).

    A bad filter is shown with its error beside it; the valid ones still apply.
    """
    assessments = (
        Assessment.objects.for_user(user)
        .filter(village=village, year=year)
        .select_related("household", "household__ethnicity")
        .order_by(vi_order("household__head_name"), "household_id")
    )
    if pending_only:
        assessments = assessments.filter(carried_forward=True)
    if filters.is_bound:
        filters.is_valid()
        data = filters.cleaned_data
        if data.get("status"):
            assessments = assessments.filter(status=data["status"])
        if data.get("category"):
            field = CATEGORY_FIELDS[data["category"]]
            assessments = assessments.filter(**{field: True})
        if data.get("cause"):
            assessments = assessments.filter(causes=data["cause"])
        if data.get("q"):
            # Case and diacritics ignored on both databases ("dinh" finds "Đinh") through the stored key.
            assessments = assessments.filter(household__search_name__contains=search_key(data["q"]))
    return assessments


def village_page(user, village: Village, year: int, filters, page_number, *, pending_only: bool = False) -> dict:
    assessments = village_assessments(user, village, year, filters, pending_only=pending_only)
    page = Paginator(assessments, PAGE_SIZE).get_page(page_number)
    in_registry = Household.objects.filter(village=village).exclude(
        pk__in=left_in(Household.objects.filter(village=village).values("pk"), year).values("household")
    )
    review = review_context(village.commune, year)
    can_change = access.can(user, access.CHANGE, village)
    return {
        **review,
        # The review mode: the confirm-as-is buttons and the event links, while the year's review is open.
        "reviewing": can_change and review["review"] is not None and not review["review"].is_closed,
        "pending_only": pending_only,
        "village": village,
        "commune": village.commune,
        "year": year,
        "years": years_around(year),
        "count": village_count(village, year),
        "filters": filters,
        "page": page,
        "query": f"year={year}" + ("&chua-ra-soat=1" if pending_only else ""),
        "can_change": can_change,
        "unassessed": in_registry.exclude(assessments__year=year).count(),
    }


def household_page(user, household: Household) -> dict:
    """The household and its assessments year by year, each with the movements into its year."""
    records = list(
        household.assessments.select_related("standard").prefetch_related("deprivations", "causes").order_by("year")
    )
    return {
        "household": household,
        "village": household.village,
        "commune": household.village.commune,
        "history": labelled_history(records),
        "events": list(household.events.select_related("other").order_by("date", "pk")),
        "can_change": access.can(user, access.CHANGE, household),
        "recent": recent_context(user, household, reverse("household_history", args=[household.pk])),
    }


def assessment_of(household: Household, year: int) -> Assessment | None:
    """The household's assessment of `year` with its lists, as the edit form opens on it."""
    return household.assessments.filter(year=year).prefetch_related(Prefetch("deprivations"), "causes").first()


def household_form_page(*, form, village: Village, year: int, household=None, assessment=None) -> dict:
    return {
        "form": form,
        "village": village,
        "commune": village.commune,
        "year": year,
        "household": household,
        "assessment": assessment,
    }


def counts_page(commune: Commune, year: int, form, total) -> dict:
    """The counts grid: each village's row with its form, and the commune's total."""
    return {"commune": commune, "year": year, "pairs": form.pairs, "total": total}

"""Page contexts of the review year: the commune's review page, the close form and its confirmation, the
event forms; and the review links the commune and village pages show (`review_context`)."""

from __future__ import annotations

from households.models import Assessment, Commune, Review
from households.review import pending_by_village, progress, review_for
from povertyplan import access


def review_context(commune: Commune, year: int) -> dict:
    """What the commune and village pages say of the review (two queries): the review of the year shown,
    and where the review link goes: the year shown when it has a review or its review may be opened
    (last year has a registry), else the next year when the year shown has a registry. None for a
    commune that keeps only typed counts."""
    reviews = {r.year: r for r in Review.objects.filter(commune=commune, year__in=[year, year + 1])}
    registry = set(
        Assessment.objects.filter(village__commune=commune, year__in=[year - 1, year])
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    link_year = None
    if year in reviews or (year - 1 in registry and year not in registry):
        link_year = year
    elif year in registry:
        link_year = year + 1
    return {
        "review": reviews.get(year),
        "review_link_year": link_year,
        "review_link": reviews.get(link_year),
        "no_results": year not in registry,
    }


def review_page(user, commune: Commune, year: int) -> dict:
    review = review_for(commune, year)
    rows, total = progress(commune, year) if review is not None else ([], None)
    previous = Assessment.objects.filter(village__commune=commune, year=year - 1).exists()
    return {
        "commune": commune,
        "year": year,
        "review": review,
        "rows": rows,
        "total": total,
        "has_previous_registry": previous,
        "can_change": access.can(user, access.CHANGE, commune),
    }


def close_page(commune: Commune, review: Review, form, lists=None) -> dict:
    return {
        "commune": commune,
        "year": review.year,
        "review": review,
        "form": form,
        "pending": pending_by_village(commune.pk, review.year),
        "lists": lists,
    }

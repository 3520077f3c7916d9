"""Home-page needs of the review year (povertyplan/needs.py): for an official, the season's review of their
commune not opened (November-December), open with households pending, or ready to close; for a reviewer or
a province user, the communes of their area whose review of the season is not closed.

The season: the review for year N is carried out in November and December of N-1 (povertyplan.years.review_season). Only a
commune with a household registry the year before has a review; one that keeps typed counts has none.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from households.areas import in_effect_q
from households.models import Assessment, Commune, Review, ReviewState
from povertyplan import access, years
from povertyplan.needs import Need, Urgency


def _with_registry(communes, year: int):
    """The ids of `communes` with a household registry in `year`."""
    return set(
        Assessment.objects.filter(village__commune__in=communes, year=year)
        .order_by()
        .values_list("village__commune", flat=True)
        .distinct()
    )


def _official_needs(user, commune_id: int, season: int, today: datetime.date) -> list[Need]:
    commune = Commune.objects.for_user(user, access.CHANGE).filter(pk=commune_id).first()
    if commune is None:
        return []
    url = reverse("review", args=[commune.pk, season])
    due = years.review_close_by(season)
    late = today > due
    review = Review.objects.filter(commune=commune, year=season).first()
    if review is None:
        if not years.in_review_season(today) and not late:
            return []
        if commune.pk not in _with_registry([commune.pk], season - 1):
            return []
        return [
            Need(
                kind="review_not_opened",
                text=_("Chưa mở đợt rà soát hộ nghèo, hộ cận nghèo năm {year}.").format(year=season),
                url=url,
                urgency=Urgency.LATE if late else Urgency.ACT,
                due=due,
            )
        ]
    if review.is_closed:
        return []
    pending = Assessment.objects.filter(village__commune=commune, year=season, carried_forward=True).count()
    if pending:
        return [
            Need(
                kind="review_pending",
                text=_("Rà soát năm {year}: còn {n} hộ chưa rà soát lại.").format(year=season, n=pending),
                url=url,
                urgency=Urgency.LATE if late else Urgency.ACT,
                due=due,
                detail=str(commune),
            )
        ]
    return [
        Need(
            kind="review_ready",
            text=_("Rà soát năm {year}: mọi hộ đã được rà soát, có thể kết thúc đợt rà soát.").format(year=season),
            url=reverse("review_close", args=[commune.pk, season]),
            urgency=Urgency.LATE if late else Urgency.ACT,
            due=due,
            detail=str(commune),
        )
    ]


def _area_needs(user, season: int, today: datetime.date) -> list[Need]:
    # The communes of the user's area for the season's year (a district's former communes up to 2025),
    # those in effect that year only: a commune merged away has no review to close.
    communes = list(
        Commune.objects.for_user(user, access.VIEW, season).filter(in_effect_q(season)).order_by("name", "pk")
    )
    if not communes:
        return []
    with_registry = _with_registry(communes, season - 1)
    states = dict(Review.objects.filter(commune__in=communes, year=season).values_list("commune", "state"))
    due = years.review_close_by(season)
    needs = []
    for commune in communes:
        state = states.get(commune.pk)
        if commune.pk not in with_registry or state == ReviewState.CLOSED:
            continue
        if state is None and not years.in_review_season(today) and today <= due:
            continue  # not in season yet
        text = (
            _("{commune}: đợt rà soát năm {year} đang thực hiện, chưa kết thúc.")
            if state == ReviewState.OPEN
            else _("{commune}: chưa mở đợt rà soát năm {year}.")
        )
        needs.append(
            Need(
                kind="review_not_closed",
                text=text.format(commune=capfirst(str(commune)), year=season),
                url=reverse("review", args=[commune.pk, season]),
                urgency=Urgency.LATE if today > due else Urgency.INFO,
                due=due,
                detail=str(commune),
            )
        )
    return needs


def review_needs(user, today: datetime.date) -> list[Need]:
    if not getattr(user, "is_authenticated", False):
        return []
    season = years.review_season(today)
    own = access.menu(user).own_commune
    if own:
        return _official_needs(user, own, season, today)
    return _area_needs(user, season, today)

"""The communes of an area in a year: the one rule the roll-ups, the review forms and the results pages read.

A unit is in effect in year Y when its validity (valid_from .. valid_until, either open) meets the year: a
commune merged away before Y has no row in Y's tables, one created during Y has. A district's communes of
Y are those whose district in effect that year is the district (`Commune.district_in`: up to
LAST_DISTRICT_YEAR its former communes too, now directly under their province), the same rule as a
district's review (povertyplan.access.under_district_q); a province's are its communes.

Ordering is each caller's (by Vietnamese name, or grouped by the district of the year first).
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from households.models import Commune, District, Province
from povertyplan import access


def in_effect_q(year: int, path: str = "") -> Q:
    """The units (communes, villages; or the rows leading to them by `path`) in effect during `year`."""
    prefix = f"{path}__" if path else ""
    ended = Q(**{f"{prefix}valid_until__lt": datetime.date(year, 1, 1)})
    not_yet = Q(**{f"{prefix}valid_from__gt": datetime.date(year, 12, 31)})
    return ~ended & ~not_yet


def communes_of_area(unit: District | Province, year: int):
    """The communes of a district or of a province in effect in `year` (a queryset, unordered), their
    district, former district and province joined: `district_in(year)` reads without a query."""
    if isinstance(unit, District):
        where = access.under_district_q("", unit.pk, year=year)
    elif isinstance(unit, Province):
        where = Q(province=unit.pk)
    else:
        raise TypeError(f"not an area: {unit!r}")
    return (
        Commune.objects.filter(where)
        .filter(in_effect_q(year))
        .select_related("district", "former_district", "province")
        .order_by()
    )

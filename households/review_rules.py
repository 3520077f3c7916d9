"""What the review's close makes final, and who has left the registry: asked by the household service and
the import too (households/review.py holds the review's own services)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from households.review_models import LEAVING_KINDS, HouseholdEvent, Review, ReviewState


def final_message(year: int) -> str:
    return _("Đợt rà soát năm {year} đã kết thúc: kết quả rà soát năm {year} là chính thức, không sửa được.").format(
        year=year
    )


def refuse_if_final(commune_id, year: int) -> None:
    """Refuse (ValidationError) a change to the assessments of a commune's year whose review is closed."""
    if Review.objects.is_closed(commune_id, year):
        raise ValidationError(final_message(year))


def left_in(household_ids, year: int):
    """Household ids among `household_ids` that left the registry (moved out, died, merged) by `year`."""
    return HouseholdEvent.objects.filter(household__in=household_ids, kind__in=LEAVING_KINDS, year__lte=year)


def event_window(commune_id, year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day an event of the commune's review for `year` may be dated: the period between
    the reviews for `year - 1` and `year`. It starts the day after the decision closing the review for
    `year - 1` (from 1 January of `year - 1` when the application has no such decision) and ends on
    31 December of `year` (a late review is still open in its own year)."""
    previous = (
        Review.objects.filter(commune_id=commune_id, year=year - 1, state=ReviewState.CLOSED)
        .exclude(decision_date=None)
        .values_list("decision_date", flat=True)
        .first()
    )
    first = previous + datetime.timedelta(days=1) if previous else datetime.date(year - 1, 1, 1)
    return first, datetime.date(year, 12, 31)

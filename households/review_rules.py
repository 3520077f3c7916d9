"""What the review's close makes final, and who has left the registry: asked by the household service and
the import too (households/review.py holds the review's own services)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from households.review_models import LEAVING_KINDS, HouseholdEvent, Review


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

"""Reference data the registry's forms and services look up: the year's standard, its indicators, causes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from households.models import Indicator, PovertyCause, PovertyStandard


def standard_for(year: int) -> PovertyStandard:
    """The standard in force for `year`; refused (ValidationError) when there is none."""
    standard = PovertyStandard.objects.for_year(year)
    if standard is None:
        raise ValidationError(_("Chưa có chuẩn nghèo áp dụng cho năm {year}.").format(year=year))
    return standard


def standard_for_or_none(year: int) -> PovertyStandard | None:
    return PovertyStandard.objects.for_year(year)


def indicators_for(year: int):
    """The deprivation indicators of the standard of `year`, in their order."""
    return Indicator.objects.filter(standard=standard_for(year)).order_by("number")


def causes():
    return PovertyCause.objects.order_by("order")

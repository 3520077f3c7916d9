"""`{% issued_copy_of plan as issued %}`: the stored original of an issued plan (without its bytes), or None."""

from __future__ import annotations

from django import template

from reports.models import IssuedCopy

register = template.Library()


@register.simple_tag
def issued_copy_of(plan):
    if plan is None or plan.pk is None:
        return None
    return IssuedCopy.objects.without_bytes().filter(plan=plan).first()

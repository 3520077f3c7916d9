"""Template filters for Vietnamese numbers, rates and dates (builtins: no {% load %} needed)."""

from __future__ import annotations

from django import template

from povertyplan import numbers

register = template.Library()


@register.filter
def vnum(value, places=None):
    """{{ 1182|vnum }} -> 1.182; {{ x|vnum:2 }} -> 2,62."""
    if value is None or value == "":
        return ""
    return numbers.format_number(value, None if places is None else int(places))


@register.filter
def vrate(value):
    """{{ rate|vrate }} -> 2,62%; a missing variable renders as unknown."""
    return numbers.format_rate(None if value == "" else value)


@register.filter
def vdate(value):
    """{{ d|vdate }} -> ngày 06 tháng 6 năm 2024."""
    return numbers.document_date(value) if value else ""

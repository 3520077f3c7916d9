"""The results table's cells read through its declaration (plans/result_table.value)."""

from __future__ import annotations

from django import template

from plans.result_table import value

register = template.Library()


@register.filter
def result_value(line, key: str):
    """{{ line|result_value:"poor_pct" }}: the line's figure for the column, None when unknown."""
    return value(line, key)

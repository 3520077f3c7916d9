"""The years the application accepts, and what a year means (docs/years.md).

"Year N" of counts and assessments is the situation at the start of year N: the result of the review
(rà soát) closed at the end of year N-1. The plan for year N starts from the counts of year N and sets
the targets for the end of year N; it is issued during year N or, prepared ahead, during year N-1.

Every bound on a year (model validators, forms, the years read from a URL or a query string) is FIRST
and LAST from here.
"""

from __future__ import annotations

FIRST, LAST = 2000, 2100

# The last plan and review year under districts: the review for year 2026 was closed at the end of 2025,
# after the two-level government took effect (1 July 2025). Plans and reviews up to this year belong to
# the district in effect then; from the next one the commune is directly under its province.
LAST_DISTRICT_YEAR = 2025


def accepted(year: int) -> bool:
    """Whether the application takes `year` for counts, assessments, standards and plans."""
    return FIRST <= year <= LAST

"""The years the application accepts, and what a year means (docs/years.md).

"Year N" of counts and assessments is the situation at the start of year N: the result of the review
(rà soát) closed at the end of year N-1. The plan for year N starts from the counts of year N and sets
the targets for the end of year N; it is issued during year N or, prepared ahead, during year N-1.

Every bound on a year (model validators, forms, the years read from a URL or a query string) is FIRST
and LAST from here.
"""

from __future__ import annotations

import datetime

FIRST, LAST = 2000, 2100

# The last plan and review year under districts: the review for year 2026 was closed at the end of 2025,
# after the two-level government took effect (1 July 2025). Plans and reviews up to this year belong to
# the district in effect then; from the next one the commune is directly under its province.
LAST_DISTRICT_YEAR = 2025


def accepted(year: int) -> bool:
    """Whether the application takes `year` for counts, assessments, standards and plans."""
    return FIRST <= year <= LAST


# ---------------------------------------------------------------- the planning calendar (home pages)

# From 1 October the next year's plan is being written (Q4 of year N-1, "prepared ahead"); before it,
# the current year's plan is the one to have.
NEXT_PLAN_FROM_MONTH = 10

# A commune's plan for year N is due at its reviewer, submitted, by 31 January of year N: a commune with
# no plan submitted (or approved, or issued) by then is late. Our choice (no text fixes the date), kept
# here and nowhere else.
PLAN_SUBMIT_BY = (1, 31)  # (month, day) of the plan's own year

# A submitted plan waits for its review this many days before the reviewer is late with it.
REVIEW_DAYS = 15


def planning_year(today: datetime.date) -> int:
    """The year whose plan is being prepared or carried out on `today`: the next year from October (its
    plan is written in the last quarter), else this year (2026-12-02 -> 2027, 2026-09-30 -> 2026)."""
    return today.year + 1 if today.month >= NEXT_PLAN_FROM_MONTH else today.year


def plan_due(year: int) -> datetime.date:
    """The day the plan for `year` is due, submitted to its reviewer (PLAN_SUBMIT_BY)."""
    month, day = PLAN_SUBMIT_BY
    return datetime.date(year, month, day)


def review_due(submitted: datetime.date) -> datetime.date:
    """The day a plan submitted on `submitted` should have been reviewed by (REVIEW_DAYS later)."""
    return submitted + datetime.timedelta(days=REVIEW_DAYS)


# ---------------------------------------------------------------- the review calendar (rà soát)

# The review for year N is carried out in November and December of N-1 and closed by 31 December.
REVIEW_SEASON_FROM_MONTH = 11


def review_season(today: datetime.date) -> int:
    """The review year in season on `today`: the next year from November; from January on, the late one is
    still this year's (2026-11-02 -> 2027, 2027-01-05 -> 2027)."""
    return today.year + 1 if today.month >= REVIEW_SEASON_FROM_MONTH else today.year


def in_review_season(today: datetime.date) -> bool:
    """Whether `today` falls in November or December, when the next year's review is carried out."""
    return today.month >= REVIEW_SEASON_FROM_MONTH


def review_close_by(year: int) -> datetime.date:
    """The day the review for `year` should be closed by: 31 December of the year before."""
    return datetime.date(year - 1, 12, 31)

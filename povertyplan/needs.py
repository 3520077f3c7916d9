"""What needs the user: the lines of a home page, each with one link to the place to act.

Each app contributes a provider, a function `(user, today) -> iterable of Need`, named here by its
dotted path (imported when asked, so this module depends on no app). A provider returns only what the
user may see and act on: it scopes through povertyplan.access like every other read.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.module_loading import import_string

PROVIDERS = (
    "plans.needs.plan_needs",  # the year's plan, returns with their reason, open comments, plans waiting
    "households.review_needs.review_needs",  # the review year: not opened, progress, not closed
    "plans.result_needs.report_needs",  # results reports due, late, missing
)


class Urgency:
    LATE = "late"  # past its date
    ACT = "act"  # the user has something to do
    INFO = "info"  # worth knowing, nothing to do


ORDER = {Urgency.LATE: 0, Urgency.ACT: 1, Urgency.INFO: 2}


@dataclass(frozen=True)
class Need:
    kind: str  # a stable key, e.g. "plan_returned"; tests and templates read it
    text: str  # what needs doing, in the user's language
    url: str  # the one place to act
    urgency: str = Urgency.ACT
    due: datetime.date | None = None
    detail: str = ""  # a reason, a count, a name


Provider = Callable[[object, datetime.date], Iterable[Need]]


def local_today() -> datetime.date:
    """The day the home pages judge by (the local date; tests fix it here)."""
    return timezone.localdate()


def needs_for(user, today: datetime.date | None = None) -> list[Need]:
    """Every provider's needs for `user` on `today` (default: local_today()), the late first, then by
    due date (lines without one last), each group in the providers' order."""
    today = today or local_today()
    found = [need for path in PROVIDERS for need in import_string(path)(user, today)]
    return sorted(found, key=lambda n: (ORDER.get(n.urgency, 9), n.due or datetime.date.max))

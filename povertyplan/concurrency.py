"""Lost races as conflicts, not server errors.

Two people acting at the same moment can make a write fail in the database: a unique constraint another
transaction satisfied first (IntegrityError), a lock not obtained in time on SQLite ("database is
locked"), a deadlock or a serialization failure on PostgreSQL (OperationalError). At the service
boundary these become the app's ConflictError with a Vietnamese message, which every view shows beside
the form it redisplays; the transaction (or its savepoint) has been rolled back, nothing is half-saved.
"""

from __future__ import annotations

import functools

from django.db import IntegrityError, OperationalError
from django.utils.translation import gettext as _

from households.services import ConflictError

# OperationalErrors that mean "someone else holds it now": anything else (a lost connection, a missing
# table) stays a server error.
_RACE_WORDS = ("locked", "deadlock", "could not serialize", "could not obtain lock")


def is_lost_race(exc: Exception) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    return isinstance(exc, OperationalError) and any(w in str(exc).lower() for w in _RACE_WORDS)


def race_message() -> str:
    return _("Có người khác vừa thao tác cùng lúc trên dữ liệu này. Hãy tải lại trang để xem kết quả rồi thử lại.")


def conflict_on_race(func):
    """Decorate a service function (outside its @transaction.atomic) so that a lost race raises
    ConflictError instead of a database error."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (IntegrityError, OperationalError) as exc:
            if not is_lost_race(exc):
                raise
            raise ConflictError(race_message()) from exc

    return wrapper

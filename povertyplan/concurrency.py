"""Lost updates and lost races as conflicts, not server errors: shared by the households and plans apps.

A lost update: the user edited a version of an object that someone else has saved since. Every write
service states the version the form was opened on and `check_version` refuses a stale or missing one
with a ConflictError that says what the other person saved.

A lost race: two people acting at the same moment can make a write fail in the database: a unique
constraint another transaction satisfied first (IntegrityError), a lock not obtained in time on SQLite
("database is locked"), a deadlock or a serialization failure on PostgreSQL (OperationalError). At the
service boundary these become a ConflictError with a Vietnamese message, which every view shows beside
the form it redisplays; the transaction (or its savepoint) has been rolled back, nothing is half-saved.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households import conflicts


class ConflictError(ValidationError):
    """Someone else saved the object after this user opened it.

    `versions` maps what was refused (a field or row key) to the version it has now, so the form can be
    shown again with this user's typing and the current versions: saving again is then a deliberate
    overwrite of what the message shows.
    """

    def __init__(self, message, *args, versions: Mapping | None = None, **kwargs):
        super().__init__(message, *args, **kwargs)
        self.versions = dict(versions or {})


MISSING_VERSION = gettext_lazy(
    "Biểu mẫu gửi lên thiếu thông tin phiên bản nên không thể biết có ai vừa sửa hay không: chưa lưu gì. "
    "Hãy tải lại trang rồi nhập lại."
)


def check_version(obj, expected: int | None, describe: Callable | None = None, key: str = "version") -> None:
    """Refuse when the version the user edited is missing or no longer the object's (a lost update).

    A missing version is a conflict, never a pass. `describe(obj)` says what the other person saved;
    called only on a conflict. `key` names the version in `ConflictError.versions`.
    """
    if expected is None:
        raise ConflictError(str(MISSING_VERSION))
    if obj.version != expected:
        raise ConflictError(
            [
                describe(obj)
                if describe
                else _("Hồ sơ này vừa được người khác cập nhật. Hãy tải lại trang để xem số liệu mới rồi nhập lại."),
                conflicts.kept(),
            ],
            versions={key: obj.version},
        )


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

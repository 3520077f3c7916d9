"""Who may see and change what: the one module that decides access.

Every scoped model declares `commune_path`, the lookup from the model to its Commune ("" for Commune
itself), and uses `ScopedQuerySet`, so `Model.objects.for_user(user, action)` narrows any query to what
the user may reach. Views fetch single objects through `get_for_user_or_404`: outside the user's area is
404 (existence does not leak); inside it but without the right is 403.

The rules, one table:

| role                | view                         | change                    |
|---------------------|------------------------------|---------------------------|
| commune official    | their commune                | their commune             |
| reviewer            | their district, or province  | nothing in commune data   |
| province admin      | their province               | nothing in commune data   |
| superuser           | everything                   | everything                |
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from povertyplan.models import User

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


class Role(models.TextChoices):
    OFFICIAL = "official", _("Công chức xã")
    REVIEWER = "reviewer", _("Cán bộ thẩm định (huyện/tỉnh)")
    PROVINCE_ADMIN = "province_admin", _("Quản trị cấp tỉnh")


# (role, action) -> which unit of the user bounds the rows: "commune" or "area" (district, else province).
RULES: dict[tuple[str, str], str] = {
    (Role.OFFICIAL, VIEW): "commune",
    (Role.OFFICIAL, CHANGE): "commune",
    (Role.REVIEWER, VIEW): "area",
    (Role.PROVINCE_ADMIN, VIEW): "area",
}

NOTHING = Q(pk__in=[])


def _key(path: str, field: str) -> str:
    if not path:
        return field
    return path if field == "pk" else f"{path}__{field}"


def scope_q(user: User | Any, path: str, action: str = VIEW) -> Q:
    """A Q object limiting rows reached through `path` (to a Commune) to what `user` may `action`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    bound = RULES.get((user.role, action))
    if bound == "commune" and user.commune_id:
        return Q(**{_key(path, "pk"): user.commune_id})
    if bound == "area":
        if user.district_id:
            return Q(**{_key(path, "district"): user.district_id})
        if user.province_id:
            return Q(**{_key(path, "province"): user.province_id})
    return NOTHING


class ScopedQuerySet(models.QuerySet):
    """A QuerySet that knows how to narrow itself to a user's area."""

    def for_user(self, user, action: str = VIEW) -> ScopedQuerySet:
        q = scope_q(user, self.model.commune_path, action)
        if q == NOTHING:
            return self.none()
        return self.filter(q)


def get_for_user_or_404(queryset_or_model, user, action: str = VIEW, **lookup):
    """One object the user may see, or 404; 403 if they may see it but not perform `action`."""
    qs = queryset_or_model if isinstance(queryset_or_model, models.QuerySet) else queryset_or_model.objects.all()
    try:
        obj = qs.for_user(user, VIEW).get(**lookup)
    except qs.model.DoesNotExist as exc:
        raise Http404 from exc
    if action != VIEW and not qs.model.objects.for_user(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def can(user, action: str, obj) -> bool:
    """Whether `user` may perform `action` on the saved object `obj` (one query)."""
    return type(obj).objects.for_user(user, action).filter(pk=obj.pk).exists()

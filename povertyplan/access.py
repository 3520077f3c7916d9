"""Who may see and change what: the one module that decides access.

Every scoped model declares `commune_path`, the lookup from the model to its Commune ("" for Commune
itself), and uses `ScopedQuerySet`, so `Model.objects.for_user(user, action)` narrows any query to what
the user may reach. Views fetch single objects through `get_for_user_or_404`: outside the user's area is
404 (existence does not leak); inside it but without the right is 403.

Rows owned by a district rather than a commune (the district's own plan) also declare `district_path`;
a model with both (Plan) is owned by whichever is set on the row.

The rules, two tables. Rows of a commune:

| role                | view                         | change          | review                                  |
|---------------------|------------------------------|-----------------|-----------------------------------------|
| commune official    | their commune                | their commune   | nothing                                 |
| reviewer            | their district, or province  | nothing         | their district's communes; a province   |
|                     |                              |                 | reviewer the communes without a district|
| province admin      | their province               | nothing         | nothing                                 |
| superuser           | everything                   | everything      | everything                              |

Rows of a district (the district's plan):

| role                | view                         | change          | review                                  |
|---------------------|------------------------------|-----------------|-----------------------------------------|
| reviewer            | their district, or province  | their district  | a province reviewer: the province's     |
| province admin      | their province               | nothing         | nothing                                 |
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

VIEW = "view"
CHANGE = "change"
REVIEW = "review"
ACTIONS = (VIEW, CHANGE, REVIEW)


class Role(models.TextChoices):
    OFFICIAL = "official", _("Công chức xã")
    REVIEWER = "reviewer", _("Cán bộ thẩm định (huyện/tỉnh)")
    PROVINCE_ADMIN = "province_admin", _("Quản trị cấp tỉnh")


# (role, action) -> which unit of the user bounds the rows of a commune:
#   "commune": the user's commune; "area": the user's district, else their province;
#   "reviewing": the communes the user's level reviews (their district's; for a province-level user,
#   the province's communes that have no district).
RULES: dict[tuple[str, str], str] = {
    (Role.OFFICIAL, VIEW): "commune",
    (Role.OFFICIAL, CHANGE): "commune",
    (Role.REVIEWER, VIEW): "area",
    (Role.REVIEWER, REVIEW): "reviewing",
    (Role.PROVINCE_ADMIN, VIEW): "area",
}

# The same for rows of a district: "area" as above; "district": the user's own district only;
# "province": a province-level user (no district), for the districts of their province.
DISTRICT_RULES: dict[tuple[str, str], str] = {
    (Role.REVIEWER, VIEW): "area",
    (Role.REVIEWER, CHANGE): "district",
    (Role.REVIEWER, REVIEW): "province",
    (Role.PROVINCE_ADMIN, VIEW): "area",
}

NOTHING = Q(pk__in=[])


def _key(path: str, field: str) -> str:
    if not path:
        return field
    return path if field == "pk" else f"{path}__{field}"


def _commune_rows(user, path: str, action: str) -> Q:
    bound = RULES.get((user.role, action))
    if bound == "commune" and user.commune_id:
        return Q(**{_key(path, "pk"): user.commune_id})
    if bound in ("area", "reviewing") and user.district_id:
        return Q(**{_key(path, "district"): user.district_id})
    if bound == "area" and user.province_id:
        return Q(**{_key(path, "province"): user.province_id})
    if bound == "reviewing" and user.province_id:
        return Q(**{_key(path, "province"): user.province_id, _key(path, "district__isnull"): True})
    return NOTHING


def _district_rows(user, path: str, action: str) -> Q:
    bound = DISTRICT_RULES.get((user.role, action))
    if bound in ("area", "district") and user.district_id:
        return Q(**{_key(path, "pk"): user.district_id})
    if bound in ("area", "province") and user.province_id and not user.district_id:
        return Q(**{_key(path, "province"): user.province_id})
    return NOTHING


def scope_q(user: Any, path: str | None, action: str = VIEW, district_path: str | None = None) -> Q:
    """A Q object limiting rows to what `user` may `action`.

    `path` leads from the rows to their Commune, `district_path` to their District (rows owned by a
    district); either may be None when the model has no such owner.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    q = NOTHING
    if path is not None:
        q = _commune_rows(user, path, action)
    if district_path is not None:
        by_district = _district_rows(user, district_path, action)
        if by_district != NOTHING:
            q = by_district if q == NOTHING else q | by_district
    return q


class ScopedQuerySet(models.QuerySet):
    """A QuerySet that knows how to narrow itself to a user's area."""

    def for_user(self, user, action: str = VIEW) -> ScopedQuerySet:
        q = scope_q(user, self.model.commune_path, action, getattr(self.model, "district_path", None))
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

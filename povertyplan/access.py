"""Who may see and change what: the one module that decides access.

Every scoped model declares `commune_path`, the lookup from the model to its Commune ("" for Commune
itself), and uses `ScopedQuerySet`, so `Model.objects.for_user(user, action)` narrows any query to what
the user may reach. Views fetch single objects through `get_for_user_or_404`: outside the user's area is
404 (existence does not leak); inside it but without the right is 403.

Rows owned by a district rather than a commune (the district's own plan, and District itself) declare
`district_path` ("" for District); rows owned by a province (Province itself) `province_path`. A model
with several (Plan, ReviewComment) is owned by whichever is set on the row; a model declaring none is
national data, for superusers only.

The rules, three tables. Rows of a commune (`RULES`):

| role             | view                        | change         | review                                 |
|------------------|-----------------------------|----------------|----------------------------------------|
| commune official | their commune               | their commune  | nothing                                |
| reviewer         | their district, or province | nothing        | their district's communes; a province  |
|                  |                             |                | reviewer the communes without district |
| province admin   | their province              | nothing        | nothing                                |
| superuser        | everything                  | everything     | everything                             |

The two-level government (1 July 2025): a row that belongs to a year (a model declaring `year_path`,
e.g. "year" on Plan, "plan__year" on its comments) is reviewed by the level in effect for that year,
as `Commune.district_in(year)` says: up to `years.LAST_DISTRICT_YEAR` the commune's former district
(or its district where no former one is recorded), from the next year its current district, and the
province (its reviewers with no district) where there is none. A district reviewer keeps viewing its
former communes: rows of a year only for the years up to LAST_DISTRICT_YEAR, rows without a year (the
commune, its villages and households, which those years' pages show) always. Rows without a year may be
asked as rows of one year (`for_user(user, action, year)`): the communes a district reviews for 2024 are
those under it then (`under_district_q`, also the communes of a district in a year: households.areas).
An area's pages are for who may view each of its communes (`sees_all`).

Rows of a district (`DISTRICT_RULES`: the district's plan, the district itself):

| role             | view                        | change         | review                                 |
|------------------|-----------------------------|----------------|----------------------------------------|
| reviewer         | their district, or province | their district | a province reviewer: the province's    |
| province admin   | their province              | nothing        | nothing                                |

Rows of a province (`PROVINCE_RULES`: the province itself, e.g. the admin's choices of a commune's
province): every role views its own province, nothing more.

A fourth action, `admin`, is correcting a row in the Django admin (staff only): a province administrator
may correct the rows of a commune in their province (communes, villages), nobody but superusers anything
else. The Django admin asks `admin_may`: viewing and changing follow that action; adding and deleting
(units and every national table: standards, indicators, districts, provinces, catalogue, users) are for
superusers only.

Page-level rights reach templates as flags, never as role strings: `menu(user)` (what the navigation
offers, through the `menu` context variable) and `flags(user, obj)` (may view / change / review one
object), both read from the tables above.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from povertyplan.years import LAST_DISTRICT_YEAR

VIEW = "view"
CHANGE = "change"
REVIEW = "review"
ADMIN = "admin"  # correct the row in the Django admin (staff only)
ACTIONS = (VIEW, CHANGE, REVIEW, ADMIN)


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
    (Role.PROVINCE_ADMIN, ADMIN): "area",
}

# The same for rows of a district: "area" as above; "district": the user's own district only;
# "province": a province-level user (no district), for the districts of their province.
DISTRICT_RULES: dict[tuple[str, str], str] = {
    (Role.REVIEWER, VIEW): "area",
    (Role.REVIEWER, CHANGE): "district",
    (Role.REVIEWER, REVIEW): "province",
    (Role.PROVINCE_ADMIN, VIEW): "area",
}

# Rows of a province: "province": the user's own province.
PROVINCE_RULES: dict[tuple[str, str], str] = {
    (Role.OFFICIAL, VIEW): "province",
    (Role.REVIEWER, VIEW): "province",
    (Role.PROVINCE_ADMIN, VIEW): "province",
}

NOTHING = Q(pk__in=[])


def _key(path: str, field: str) -> str:
    if not path:
        return field
    return path if field == "pk" else f"{path}__{field}"


def _commune_rows(user, path: str, action: str, year_path: str | None = None, year: int | None = None) -> Q:
    bound = RULES.get((user.role, action))
    if bound == "commune" and user.commune_id:
        return Q(**{_key(path, "pk"): user.commune_id})
    if bound == "area" and user.district_id:
        return _district_area(path, user.district_id, year_path, year)
    if bound == "reviewing" and user.district_id:
        return under_district_q(path, user.district_id, year_path=year_path, year=year)
    if bound == "area" and user.province_id:
        return Q(**{_key(path, "province"): user.province_id})
    if bound == "reviewing" and user.province_id:
        return _reviewed_by_province(path, user.province_id, year_path, year)
    return NOTHING


def _by_year(then: Q, now: Q, year_path: str | None, year: int | None) -> Q:
    """`then` for the years when communes were under districts (up to LAST_DISTRICT_YEAR), `now` for the
    later ones: for the one `year` asked, else by each row's year at `year_path` (both None: `now`)."""
    if year is not None:
        return then if year <= LAST_DISTRICT_YEAR else now
    if year_path is None:
        return now
    under = Q(**{f"{year_path}__lte": LAST_DISTRICT_YEAR})
    after = Q(**{f"{year_path}__gt": LAST_DISTRICT_YEAR})
    return (under & then) | (after & now)


def _district_area(path: str, district_id: int, year_path: str | None, year: int | None) -> Q:
    """A district's communes now, and its former communes: for rows of a year (or a year asked) the years
    it had them, rows without a year (their year unknown, too) always."""
    current = Q(**{_key(path, "district"): district_id})
    former = Q(**{_key(path, "former_district"): district_id})
    if year is not None:
        return current | former if year <= LAST_DISTRICT_YEAR else current
    if year_path is not None:
        former &= Q(**{f"{year_path}__lte": LAST_DISTRICT_YEAR})
    return current | former


def under_district_q(path: str, district_id: int, *, year_path: str | None = None, year: int | None = None) -> Q:
    """The rows whose commune's district in effect (`Commune.district_in(year)`) is the district: for the
    one `year` asked, or for each row's year at `year_path`; with neither, the district's current communes.
    What a district reviews, and the communes of a district in a year (households.areas)."""
    current = Q(**{_key(path, "district"): district_id})
    then = Q(**{_key(path, "former_district"): district_id}) | Q(
        **{_key(path, "former_district__isnull"): True, _key(path, "district"): district_id}
    )
    return _by_year(then, current, year_path, year)


def _reviewed_by_province(path: str, province_id: int, year_path: str | None, year: int | None) -> Q:
    """What a province-level reviewer reviews: its communes with no district in effect for the row's year
    (`Commune.district_in(year)` is None)."""
    no_district = Q(**{_key(path, "district__isnull"): True})
    no_former = Q(**{_key(path, "former_district__isnull"): True})
    return Q(**{_key(path, "province"): province_id}) & _by_year(no_district & no_former, no_district, year_path, year)


def _district_rows(user, path: str, action: str) -> Q:
    bound = DISTRICT_RULES.get((user.role, action))
    if bound in ("area", "district") and user.district_id:
        return Q(**{_key(path, "pk"): user.district_id})
    if bound in ("area", "province") and user.province_id and not user.district_id:
        return Q(**{_key(path, "province"): user.province_id})
    return NOTHING


def _province_rows(user, path: str, action: str) -> Q:
    bound = PROVINCE_RULES.get((user.role, action))
    if bound == "province" and user.province_id:
        return Q(**{_key(path, "pk"): user.province_id})
    return NOTHING


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def scope_q(
    user: Any,
    path: str | None,
    action: str = VIEW,
    district_path: str | None = None,
    province_path: str | None = None,
    year_path: str | None = None,
    year: int | None = None,
) -> Q:
    """A Q object limiting rows to what `user` may `action`.

    `path` leads from the rows to their Commune, `district_path` to their District (rows owned by a
    district), `province_path` to their Province (rows owned by a province); each may be None when the
    model has no such owner; `year_path` to the year the rows belong to, if any (see the module's
    docstring). Rows without a year of their own (a commune, its villages) may be asked for one `year`:
    they are then judged as rows of that year (the communes a district reviews in 2024 are those under it
    then). Admin rights are for staff only.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if year is not None and year_path is not None:
        raise ValueError("rows with a year of their own are not asked for another one")
    if not _active(user) or (action == ADMIN and not user.is_staff and not user.is_superuser):
        return NOTHING
    if user.is_superuser:
        return Q()
    q = NOTHING
    owners = (
        (path, lambda p: _commune_rows(user, p, action, year_path, year)),
        (district_path, lambda p: _district_rows(user, p, action)),
        (province_path, lambda p: _province_rows(user, p, action)),
    )
    for owner_path, rows in owners:
        if owner_path is None:
            continue
        owned = rows(owner_path)
        if owned != NOTHING:
            q = owned if q == NOTHING else q | owned
    return q


def model_q(user, model, action: str = VIEW, year: int | None = None) -> Q:
    """`scope_q` for a model by its declared paths (and the `year` asked, for a model without a year of
    its own); a model that declares none is national data (superusers only)."""
    return scope_q(
        user,
        getattr(model, "commune_path", None),
        action,
        getattr(model, "district_path", None),
        getattr(model, "province_path", None),
        getattr(model, "year_path", None),
        year,
    )


class ScopedQuerySet(models.QuerySet):
    """A QuerySet that knows how to narrow itself to a user's area."""

    def for_user(self, user, action: str = VIEW, year: int | None = None) -> ScopedQuerySet:
        """The rows `user` may `action`; for a model without a year of its own, optionally as rows of
        `year` (see scope_q)."""
        q = model_q(user, self.model, action, year)
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


def unseen(user, queryset, year: int | None = None):
    """The rows of `queryset` that `user` may not view (as rows of `year` when asked, see scope_q)."""
    return queryset.exclude(pk__in=queryset.model.objects.for_user(user, VIEW, year).values("pk"))


def sees_all(user, queryset, year: int | None = None) -> bool:
    """Whether `user` may view every row of `queryset`, e.g. every commune of an area: an area's pages
    (its table of communes, its review forms) are only for who could open each of its communes (one
    query)."""
    return not unseen(user, queryset, year).exists()


def can(user, action: str, obj) -> bool:
    """Whether `user` may perform `action` on the saved object `obj` (one query)."""
    return type(obj).objects.for_user(user, action).filter(pk=obj.pk).exists()


# ---------------------------------------------------------------- flags for pages and the admin


@dataclass(frozen=True)
class Flags:
    """What a user may do with one object; templates read these, never the user's role."""

    view: bool = False
    change: bool = False
    review: bool = False


def flags(user, obj) -> Flags:
    """May `user` view, change, review the saved object `obj`: one query at most (none for superusers,
    or where the rules give the user nothing)."""
    model = type(obj)
    known, asked = {}, {}
    for action in (VIEW, CHANGE, REVIEW):
        q = model_q(user, model, action)
        if q == NOTHING or obj.pk is None:
            known[action] = False
        elif q == Q():
            known[action] = True
        else:
            asked[f"may_{action}"] = Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())
    if asked:
        row = model._default_manager.filter(pk=obj.pk).values(**asked).first() or {}
        known |= {name[len("may_") :]: bool(row.get(name)) for name in asked}
    return Flags(view=known[VIEW], change=known[CHANGE], review=known[REVIEW])


@dataclass(frozen=True)
class Menu:
    """What the navigation offers a user: their commune's plans, the review queue, the district roll-up,
    the admin. Read from the rule tables, no query."""

    own_commune: int | None = None  # an official's commune: home lands there, the nav offers its plans
    review_queue: bool = False
    rollup_district: int | None = None  # the district whose table of communes the user may open
    admin: bool = False
    units_province: int | None = None  # the province whose units (villages, merges) the user corrects
    # The area whose communes the user reads as a whole (their district, else their province): its
    # roll-up, review forms and results. The level as the area URLs spell it (households.units.AREA_LEVELS).
    area_level: str | None = None
    area_pk: int | None = None


def menu(user) -> Menu:
    """The pages the navigation offers `user` (see Menu)."""
    if not _active(user):
        return Menu()
    own_commune = RULES.get((user.role, CHANGE)) == "commune" and user.commune_id
    district_view = DISTRICT_RULES.get((user.role, VIEW)) in ("area", "district")
    area_level, area_pk = None, None
    if RULES.get((user.role, VIEW)) == "area":
        if user.district_id:
            area_level, area_pk = "huyen", user.district_id
        elif user.province_id:
            area_level, area_pk = "tinh", user.province_id
    return Menu(
        own_commune=user.commune_id if own_commune else None,
        review_queue=may_review_some(user),
        rollup_district=user.district_id if district_view and user.district_id else None,
        admin=user.is_staff and (user.is_superuser or _has_admin_rule(user)),
        units_province=user.province_id if user.is_staff and RULES.get((user.role, ADMIN)) == "area" else None,
        area_level=area_level,
        area_pk=area_pk,
    )


def may_review_some(user) -> bool:
    """Whether the rules let `user` review plans at all (the review queue is theirs)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return (user.role, REVIEW) in RULES or (user.role, REVIEW) in DISTRICT_RULES


def _has_admin_rule(user) -> bool:
    return any((user.role, ADMIN) in table for table in (RULES, DISTRICT_RULES, PROVINCE_RULES))


ADMIN_PERMISSIONS = ("view", "change", "add", "delete")


def admin_may(user, model, permission: str, obj=None) -> bool:
    """The Django admin's question: may `user` "view", "change", "add" or "delete" rows of `model` (with
    `obj`: that saved row; one query)?

    Viewing and changing follow the `admin` rules above (national models declare no path: superusers
    only); adding and deleting are for superusers.
    """
    if permission not in ADMIN_PERMISSIONS:
        raise ValueError(f"unknown admin permission {permission!r}")
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if permission in ("add", "delete"):
        return False
    q = model_q(user, model, ADMIN)
    if q == NOTHING:
        return False
    if obj is None:
        return True
    return obj.pk is not None and model._default_manager.filter(q, pk=obj.pk).exists()

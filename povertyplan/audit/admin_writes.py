"""The admin's writes recorded like the services': a mixin for every ModelAdmin and inline that writes.

Django's admin saves through `save_model`, `delete_model`, `delete_queryset` and `save_formset`; each is
wrapped here in a transaction that records the change (before read from the database: the admin form has
already changed the object in memory). Units are recorded as `unit.*`, other national data as `admin.*`.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models import F

from povertyplan.audit import record as audit
from povertyplan.audit.models import Action

UNIT_MODELS = {"households.province", "households.district", "households.commune", "households.village"}
# Rows whose pages guard them by another row's version (the units pages: a commune's villages by the
# commune's): an admin write to one bumps that version too, so a page opened before it is a conflict.
GUARDED_BY = {"households.village": ("households.commune", "commune_id")}


def _actions(model) -> tuple[str, str, str]:
    if model._meta.label_lower in UNIT_MODELS:
        return Action.UNIT_CREATE, Action.UNIT_UPDATE, Action.UNIT_DELETE
    return Action.ADMIN_CREATE, Action.ADMIN_UPDATE, Action.ADMIN_DELETE


def _unit(obj):
    """The unit an entry is scoped by, where the model declares no path to one (a province)."""
    return obj if obj._meta.label_lower == "households.province" else None


def _fields(model) -> list[str]:
    # Many-to-many fields are saved after save_model: left out, they would read as changed or stale.
    return [f.name for f in model._meta.concrete_fields if f.editable and f.name not in audit.SKIPPED_FIELDS]


def _saved_states(model, pks) -> dict:
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return {}
    return {o.pk: audit.state(o, _fields(model)) for o in model._default_manager.filter(pk__in=pks)}


def bump_versions(obj, *, own: bool = True) -> None:
    """After an admin write to `obj`: its own version (where it has one, `own`) and its guard's are bumped,
    so a page's form opened before the write is refused as a conflict instead of writing over it."""
    model = type(obj)
    if own and obj.pk is not None and any(f.name == "version" for f in model._meta.concrete_fields):
        model._default_manager.filter(pk=obj.pk).update(version=F("version") + 1)
        obj.refresh_from_db(fields=["version"])
    bump_guards([obj])


def bump_guards(objs) -> None:
    """The versions guarding `objs` (GUARDED_BY: a village's commune) bumped once each, in one UPDATE."""
    objs = list(objs)
    guard = GUARDED_BY.get(objs[0]._meta.label_lower) if objs else None
    if guard is None:
        return
    ids = {getattr(o, guard[1]) for o in objs} - {None}
    if ids:
        apps.get_model(guard[0])._default_manager.filter(pk__in=ids).update(version=F("version") + 1)


class AuditedAdmin:
    """Records every write the admin makes, in the same transaction, with the administrator as actor."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = _saved_states(type(obj), [obj.pk]).get(obj.pk, {}) if change else {}
            super().save_model(request, obj, form, change)
            bump_versions(obj, own=change)  # a new village too: its commune's pages list it
            create, update, _delete = _actions(type(obj))
            audit.record(
                request.user,
                update if change else create,
                obj,
                before=before,
                after=audit.state(obj, _fields(type(obj))),
                unit=_unit(obj),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(
                request.user,
                _actions(type(obj))[2],
                obj,
                before=audit.state(obj, _fields(type(obj))),
                after={},
                unit=_unit(obj),
            )
            super().delete_model(request, obj)
            bump_versions(obj, own=False)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            model = queryset.model
            rows = [(o, audit.state(o, _fields(model)), {}) for o in queryset]
            for obj, before, after in rows:
                audit.record(request.user, _actions(model)[2], obj, before=before, after=after, unit=_unit(obj))
            super().delete_queryset(request, queryset)
            bump_guards(obj for obj, _before, _after in rows)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            model = formset.model
            before = _saved_states(model, [f.instance.pk for f in formset.forms])
            deleted = [(f.instance, before.get(f.instance.pk, {}), {}) for f in formset.deleted_forms if f.instance.pk]
            create, update, delete = _actions(model)
            for obj, was, now in deleted:
                audit.record(request.user, delete, obj, before=was, after=now, unit=_unit(obj))
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                audit.record(request.user, create, obj, before={}, after=audit.state(obj, _fields(model)))
            for obj, _changed in formset.changed_objects:
                bump_versions(obj)
                audit.record(
                    request.user, update, obj, before=before.get(obj.pk, {}), after=audit.state(obj, _fields(model))
                )
            bump_guards([*formset.new_objects, *(o for o, _was, _now in deleted)])

"""Writing the commune's officers (cán bộ phụ trách thôn): versioned, and only the commune's own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import QueryDict

from households import conflicts
from households.models import Commune
from plans.forms import OfficerForm
from plans.models import Officer
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import MISSING_VERSION, ConflictError


def officer_rows(commune: Commune) -> list[dict]:
    """The commune's officers as the officers form shows them, active first, by name."""
    return [OfficerForm.initial_from(o) for o in Officer.objects.filter(commune=commune).order_by("-active", "name")]


def typed_rows(formset) -> list[dict]:
    """The rows of a valid officers formset that say something (blank extra rows left out)."""
    return [f.cleaned_data for f in formset if not f.is_blank]


def on_current_versions(data: QueryDict, formset, versions: Mapping[int, int]) -> QueryDict:
    """The posted rows again, each refused row on the version now saved: what the user typed is kept, and
    saving it again is a deliberate choice over what the other person saved."""
    data = data.copy()
    for i, form in enumerate(formset):
        if form.cleaned_data.get("id") in versions:
            data[f"{formset.prefix}-{i}-version"] = str(versions[form.cleaned_data["id"]])
    return data


class ForeignOfficer(Exception):
    """A row names an officer who is not one of this commune's: refused as outside the user's scope."""


@transaction.atomic
def save_officers(*, by, commune: Commune, rows: Iterable[Mapping]) -> int:
    """Update and add officers of `commune`; returns how many were saved.

    Each row is {id, version, name, position, phone, active}; a row without id adds an officer. An id
    that is not an officer of this commune raises ForeignOfficer and nothing is saved; a missing or
    stale version raises ConflictError naming what the other person saved (`versions` maps the id to
    the current version). Officers are never deleted: old plans name them.
    """
    if not Commune.objects.for_user(by, access.CHANGE).filter(pk=commune.pk).exists():
        raise PermissionDenied
    rows = list(rows)
    ids = [row["id"] for row in rows if row.get("id")]
    locked = {o.pk: o for o in Officer.objects.select_for_update().filter(commune=commune, pk__in=ids)}
    if len(locked) != len(set(ids)):
        raise ForeignOfficer
    refused: list[str] = []
    versions: dict[int, int] = {}
    saved = 0
    recorded: dict[str, list] = {Action.OFFICER_CREATE: [], Action.OFFICER_UPDATE: []}
    for row in rows:
        officer = locked.get(row.get("id")) if row.get("id") else None
        if officer is not None:
            if row.get("version") is None:
                raise ConflictError(str(MISSING_VERSION))
            if row["version"] != officer.version:
                refused.append(conflicts.officer_saved(officer))
                versions[officer.pk] = officer.version
                continue
            if all(getattr(officer, f) == (row.get(f) or "") for f in ("name", "position", "phone")) and (
                officer.active == bool(row.get("active"))
            ):
                continue
            officer.version += 1
            action, before = Action.OFFICER_UPDATE, audit.state(officer, OFFICER_FIELDS)
        else:
            officer = Officer(commune=commune)
            action, before = Action.OFFICER_CREATE, {}
        for f in ("name", "position", "phone"):
            setattr(officer, f, row.get(f) or "")
        officer.active = bool(row.get("active"))
        officer.updated_by = by
        officer.full_clean()
        officer.save()
        recorded[action].append((officer, before, audit.state(officer, OFFICER_FIELDS)))
        saved += 1
    if refused:
        refused.append(conflicts.kept())
        raise ConflictError(refused, versions=versions)
    for action, changed in recorded.items():
        audit.record_many(by, action, changed, unit=commune)
    return saved


# What an officer's entry records (the commune never changes).
OFFICER_FIELDS = ("name", "position", "phone", "active")


__all__ = ["ConflictError", "ForeignOfficer", "officer_rows", "on_current_versions", "save_officers", "typed_rows"]

"""Writes of a province administrator on its units: a commune's villages, a commune's merge.

Each locks the commune, checks the version the form was opened on (a missing one is a conflict), checks
the user may correct the commune (`access.ADMIN`: a province administrator, the communes of their
province), saves, bumps the commune's version and records the audit, in one transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from households.models import LAST_DISTRICT_YEAR, Commune, District, Province, Village
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import check_version, conflict_on_race

# The word naming an area level in URLs (/huyen/<pk>/..., /tinh/<pk>/...): the district or the province.
AREA_LEVELS = {"huyen": District, "tinh": Province}


def area_level_in_year(level: str, year: int) -> bool:
    """Whether an area of `level` has a year `year`: a district only up to LAST_DISTRICT_YEAR."""
    return AREA_LEVELS[level] is not District or year <= LAST_DISTRICT_YEAR


VILLAGE_FIELDS = ("name", "kind", "order")
MERGE_FIELDS = ("valid_until", "merged_into")


@dataclass(frozen=True)
class VillageRow:
    """One row of the villages editor: an existing village (`village`) or a new one (None)."""

    village: Village | None
    name: str
    kind: str
    order: int


def _locked_commune(by, commune: Commune, version: int | None) -> Commune:
    locked = Commune.objects.select_for_update(of=("self",)).select_related("province").get(pk=commune.pk)
    if not access.can(by, access.ADMIN, locked):
        raise PermissionDenied
    check_version(
        locked,
        version,
        lambda c: _("{commune} vừa được người khác cập nhật. Hãy tải lại trang rồi nhập lại.").format(commune=c),
    )
    return locked


@conflict_on_race
@transaction.atomic
def save_villages(*, by, commune: Commune, version: int | None, rows: list[VillageRow]) -> list[Village]:
    """Rename, reorder and add the villages of `commune` (none is deleted here: households hang on them)."""
    locked = _locked_commune(by, commune, version)
    current = {v.pk: v for v in Village.objects.select_for_update().filter(commune=locked)}
    names = [row.name.strip().casefold() for row in rows]
    doubled = sorted({row.name for row, key in zip(rows, names, strict=True) if names.count(key) > 1})
    if doubled:
        raise ValidationError(_("Tên thôn bị trùng: {names}.").format(names=", ".join(doubled)))
    others = {v.name.casefold() for pk, v in current.items() if pk not in {r.village.pk for r in rows if r.village}}
    clash = sorted(row.name for row in rows if row.name.strip().casefold() in others)
    if clash:
        raise ValidationError(_("Xã đã có thôn tên: {names}.").format(names=", ".join(clash)))
    created, changed = [], []
    for row in rows:
        if row.village is not None and row.village.pk not in current:
            raise PermissionDenied  # a village of another commune slipped into the form
        village = current[row.village.pk] if row.village is not None else Village(commune=locked)
        before = audit.state(village, VILLAGE_FIELDS) if village.pk else {}
        village.name, village.kind, village.order = row.name.strip(), row.kind, row.order
        if village.pk is None:
            village.save()
            created.append((village, {}, audit.state(village, VILLAGE_FIELDS)))
        elif before != audit.state(village, VILLAGE_FIELDS):
            village.save(update_fields=list(VILLAGE_FIELDS))
            changed.append((village, before, audit.state(village, VILLAGE_FIELDS)))
    if created or changed:
        locked.version += 1
        locked.save(update_fields=["version"])
        audit.record_many(by, Action.UNIT_CREATE, created, parent=locked)
        audit.record_many(by, Action.UNIT_UPDATE, changed, parent=locked)
    return list(Village.objects.filter(commune=locked))


@conflict_on_race
@transaction.atomic
def merge_commune(*, by, commune: Commune, version: int | None, into: Commune, on: datetime.date) -> Commune:
    """Record that `commune` was merged into `into` from the date `on`: it stays as history, valid until
    the day before, and points at `into`. Never into itself, across provinces, or into a merged unit."""
    locked = _locked_commune(by, commune, version)
    target = Commune.objects.select_for_update().get(pk=into.pk)
    if not access.can(by, access.ADMIN, target):
        raise PermissionDenied
    if locked.merged_into_id is not None:
        raise ValidationError(
            _("{commune} đã sáp nhập vào {into}.").format(
                commune=locked, into=Commune.objects.get(pk=locked.merged_into_id)
            )
        )
    error = locked.merge_error(target)
    if error:
        raise ValidationError(error)
    if locked.valid_from and on <= locked.valid_from:
        raise ValidationError(_("Ngày sáp nhập phải sau ngày {commune} bắt đầu có hiệu lực.").format(commune=locked))
    before = audit.state(locked, MERGE_FIELDS)
    locked.valid_until = on - datetime.timedelta(days=1)
    locked.merged_into = target
    locked.version += 1
    locked.save(update_fields=[*MERGE_FIELDS, "version"])
    audit.record(by, Action.UNIT_UPDATE, locked, before=before, after=audit.state(locked, MERGE_FIELDS))
    return locked

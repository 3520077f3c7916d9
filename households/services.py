"""State-changing operations on the registry and the counts: saving a household, saving typed counts.

Every write goes through one function here: it runs in a transaction, locks what it changes, checks
the object's version against the one the user edited (no silent lost update), and re-checks scope.
What is read from them lives beside: the counts in `counts.py`, the movements in `movements.py`, the
classification of a household in `assessment.py`, the standard and its lists in `lookups.py`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from households import conflicts
from households.assessment import Answers, assess
from households.lookups import standard_for
from households.models import Assessment, Commune, Household, Village, VillageCount
from households.review_rules import left_in, refuse_if_final
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import MISSING_VERSION, ConflictError, check_version


@transaction.atomic
def save_household(
    *,
    by,
    household: Household | None,
    data: Mapping,
    year: int,
    assessment: Mapping,
    household_version: int | None = None,
    assessment_version: int | None = None,
) -> Assessment:
    """Create or update a household and its assessment for `year`; classify it by that year's standard.

    `data` holds the household fields (village, head_name, members, ethnicity, address, area);
    `assessment` holds income_per_capita, deprivations (Indicators), causes, the category flags and an
    optional override_status with override_reason.

    Versions: an existing household needs `household_version` and `assessment_version` (0: the year had
    no assessment when the form was opened). Missing or stale is a ConflictError naming what is saved now.
    """
    village: Village = data["village"]
    if not Village.objects.for_user(by, access.CHANGE).filter(pk=village.pk).exists():
        raise PermissionDenied
    refuse_if_final(village.commune_id, year)
    is_new = household is None
    if is_new:
        household = Household()
    else:
        household = Household.objects.select_for_update().select_related("village").get(pk=household.pk)
        if not access.can(by, access.CHANGE, household):
            raise PermissionDenied
        check_version(household, household_version, conflicts.household_saved, "household_version")
        refuse_if_final(household.village.commune_id, year)
        if left_in([household.pk], year).exists():
            raise ValidationError(
                _("Hộ {name} đã rời khỏi danh sách (chuyển đi, mất hoặc nhập hộ): không rà soát năm {year}.").format(
                    name=household.head_name, year=year
                )
            )
        household.version += 1
    household_before = audit.state(None if is_new else household)
    for name in ("village", "head_name", "members", "ethnicity", "address", "area"):
        if name in data:
            setattr(household, name, data[name])
    household.save()
    household_action = Action.HOUSEHOLD_CREATE if is_new else Action.HOUSEHOLD_UPDATE
    audit.record(by, household_action, household, before=household_before, after=audit.state(household))

    standard = standard_for(year)
    record = Assessment.objects.select_for_update().filter(household=household, year=year).first()
    assessment_action = Action.ASSESSMENT_CREATE if record is None else Action.ASSESSMENT_UPDATE
    assessment_before = audit.state(record)
    if record is None:
        if not is_new:
            # An existing household: the form must say the year had no assessment when it was opened.
            if assessment_version is None:
                raise ConflictError(str(MISSING_VERSION))
            if assessment_version != 0:
                raise ConflictError(
                    [conflicts.assessment_deleted(year), conflicts.kept()], versions={"assessment_version": 0}
                )
        record = Assessment(household=household, year=year)
    else:
        check_version(record, assessment_version, conflicts.assessment_saved, "assessment_version")
        record.version += 1
    assessed = assess(
        Answers.from_mapping(
            assessment, year=year, area=household.effective_area, ethnic_minority=household.ethnicity.is_minority
        ),
        standard,
    )
    record.village = household.village
    assessed.apply_to(record)
    record.carried_forward = False  # re-assessed: it now counts as the year's result
    record.save()
    record.deprivations.set(assessed.deprivations)
    record.causes.set(assessed.causes)
    assessment_after = audit.state(record)
    # The assessment's reason is its override's: given only with the save that changed the override (an
    # income-only edit of an overridden household does not repeat it).
    override_changed = any(
        assessment_before.get(name) != assessment_after.get(name) for name in ("override_status", "override_reason")
    )
    audit.record(
        by,
        assessment_action,
        record,
        before=assessment_before,
        after=assessment_after,
        parent=household,
        reason=record.override_reason if override_changed else "",
    )

    # Re-check after the write: the saved household must still be in the user's commune.
    if not access.can(by, access.CHANGE, household):
        raise PermissionDenied
    return record


def _count_values(count: VillageCount) -> tuple:
    return (count.total_households, count.poor, count.near_poor, count.source or "")


@transaction.atomic
def save_village_counts(*, by, commune: Commune, year: int, rows: Mapping[int, Mapping]) -> int:
    """Store typed counts for villages of `commune` in `year`; returns how many rows changed.

    `rows` maps a village id to {total_households, poor, near_poor, source, version, clear}. `version`
    is the version the form was opened on, 0 when the village had no typed counts then; a missing
    version is a conflict, and so is a stale one (a second first entry included): nothing is saved and
    the message shows what the other person saved. An empty row leaves the village unchanged; typed
    counts are removed only with `clear`. A village whose counts come from the registry that year
    refuses typed counts: the registry is never overwritten.
    """
    if not Commune.objects.for_user(by, access.CHANGE).filter(pk=commune.pk).exists():
        raise PermissionDenied
    # Locking the commune serialises its counts saves: two first entries of a village cannot both insert.
    list(Commune.objects.select_for_update().filter(pk=commune.pk).values_list("pk", flat=True))
    villages = {v.pk: v for v in Village.objects.filter(commune=commune)}
    from_registry = set(
        Assessment.objects.filter(village__commune=commune, year=year)
        .order_by()
        .values_list("village", flat=True)
        .distinct()
    )
    existing = {
        c.village_id: c for c in VillageCount.objects.select_for_update().filter(village__commune=commune, year=year)
    }
    for count in existing.values():
        count.village = villages[count.village_id]  # named in the record: no query per row
    errors: dict[int, str] = {}
    refused: list[str] = []
    versions: dict[int, int] = {}
    missing_version = False
    changed = 0
    saved: list[tuple[VillageCount, dict, dict]] = []
    cleared: list[tuple[VillageCount, dict, dict]] = []
    for village_id, values in rows.items():
        village = villages.get(village_id)
        if village is None:
            raise PermissionDenied
        if village_id in from_registry:
            errors[village_id] = _("{village}: số liệu lấy từ danh sách hộ, không nhập tay.").format(village=village)
            continue
        current = existing.get(village_id)
        version = values.get("version")
        if version is None:
            missing_version = True
            continue
        clear = bool(values.get("clear"))
        if not clear and values.get("total_households") is None:
            continue  # an empty row is "unchanged", never "delete"
        posted = (
            values.get("total_households"),
            values.get("poor"),
            values.get("near_poor"),
            values.get("source") or "",
        )
        if not clear and current is not None and posted == _count_values(current):
            continue  # the same figures again (a resubmitted form): nothing would be overwritten
        now = current.version if current is not None else 0
        if version != now:
            refused.append(conflicts.count_saved(current) if current is not None else conflicts.count_deleted(village))
            versions[village_id] = now
            continue
        if clear:
            if current is not None:
                cleared.append((current, audit.state(current), {}))
                changed += 1
            continue
        before = audit.state(current)
        if current is None:
            current = VillageCount(village=village, year=year)
        else:
            current.version += 1
        current.total_households = values["total_households"]
        current.poor = values["poor"]
        current.near_poor = values.get("near_poor")
        current.source = values.get("source", "") or ""
        current.full_clean()
        current.save()
        saved.append((current, before, audit.state(current)))
        changed += 1
    if missing_version:
        raise ConflictError(str(MISSING_VERSION))
    if refused:
        refused.append(conflicts.kept())
        raise ConflictError(refused, versions=versions)
    if errors:
        raise ValidationError(list(errors.values()))
    # Recorded once per save, one INSERT per action; cleared rows are recorded before they go.
    audit.record_many(by, Action.COUNTS_SAVE, saved, unit=commune)
    audit.record_many(by, Action.COUNTS_CLEAR, cleared, unit=commune)
    VillageCount.objects.filter(pk__in=[c.pk for c, _before, _after in cleared]).delete()
    return changed

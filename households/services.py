"""State-changing operations on the registry and the counts, and the derived figures built from them.

Every write goes through one function here: it runs in a transaction, locks what it changes, checks
the object's version against the one the user edited (no silent lost update), and re-checks scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households import conflicts
from households.models import (
    Assessment,
    Commune,
    Household,
    Indicator,
    PovertyCause,
    PovertyStandard,
    Status,
    Village,
    VillageCount,
)
from povertyplan import access
from povertyplan.numbers import rate


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


def standard_for(year: int) -> PovertyStandard:
    standard = PovertyStandard.objects.for_year(year)
    if standard is None:
        raise ValidationError(_("Chưa có chuẩn nghèo áp dụng cho năm {year}.").format(year=year))
    return standard


def _check_version(obj, expected: int | None, describe=None, key: str = "version") -> None:
    """Refuse when the version the user edited is missing or no longer the object's (a lost update).

    `describe(obj)` says what the other person saved; called only on a conflict.
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
    is_new = household is None
    if is_new:
        household = Household()
    else:
        household = Household.objects.select_for_update().get(pk=household.pk)
        if not access.can(by, access.CHANGE, household):
            raise PermissionDenied
        _check_version(household, household_version, conflicts.household_saved, "household_version")
        household.version += 1
    for name in ("village", "head_name", "members", "ethnicity", "address", "area"):
        if name in data:
            setattr(household, name, data[name])
    household.save()

    standard = standard_for(year)
    record = Assessment.objects.select_for_update().filter(household=household, year=year).first()
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
        _check_version(record, assessment_version, conflicts.assessment_saved, "assessment_version")
        record.version += 1
    # An indicator chosen twice is still one deprivation.
    deprivations = list({i.pk: i for i in assessment.get("deprivations", [])}.values())
    foreign = [i for i in deprivations if i.standard_id != standard.pk]
    if foreign:
        raise ValidationError(_("Chỉ số thiếu hụt không thuộc chuẩn nghèo của năm {year}.").format(year=year))
    override = assessment.get("override_status") or ""
    reason = (assessment.get("override_reason") or "").strip()
    if override and not reason:
        raise ValidationError({"override_reason": _("Cần ghi lý do khi ghi nhận phân loại khác với chuẩn.")})
    record.village = household.village
    record.standard = standard
    record.income_per_capita = assessment["income_per_capita"]
    for flag in ("is_merit", "is_social_protection", "no_labour_capacity", "female_head", "has_disability"):
        setattr(record, flag, bool(assessment.get(flag, False)))
    record.ethnic_minority = household.ethnicity.is_minority
    record.deprivation_count = len(deprivations)
    record.computed_status = standard.classify(
        area=household.effective_area, income=record.income_per_capita, deprivations=len(deprivations)
    )
    record.override_status = override
    record.override_reason = reason if override else ""
    record.status = override or record.computed_status
    record.save()
    record.deprivations.set(deprivations)
    record.causes.set(list(assessment.get("causes", [])))

    # Re-check after the write: the saved household must still be in the user's commune.
    if not access.can(by, access.CHANGE, household):
        raise PermissionDenied
    return record


# ---------------------------------------------------------------- transitions


class Transition:
    """Year-to-year movements, derived from the yearly statuses (never typed)."""

    ESCAPED_POVERTY = "escaped_poverty"
    POOR_TO_NEAR_POOR = "poor_to_near_poor"
    ESCAPED_NEAR_POVERTY = "escaped_near_poverty"
    NEAR_POOR_TO_POOR = "near_poor_to_poor"
    NEWLY_POOR = "newly_poor"
    NEWLY_NEAR_POOR = "newly_near_poor"
    FELL_BACK = "fell_back"

    LABELS = {
        ESCAPED_POVERTY: gettext_lazy("Thoát nghèo"),
        POOR_TO_NEAR_POOR: gettext_lazy("Từ nghèo xuống cận nghèo"),
        ESCAPED_NEAR_POVERTY: gettext_lazy("Thoát cận nghèo"),
        NEAR_POOR_TO_POOR: gettext_lazy("Từ cận nghèo thành nghèo"),
        NEWLY_POOR: gettext_lazy("Phát sinh nghèo"),
        NEWLY_NEAR_POOR: gettext_lazy("Phát sinh cận nghèo"),
        FELL_BACK: gettext_lazy("Tái nghèo"),
    }


ABOVE = {Status.MIDDLE, Status.NOT_POOR}


def transitions(statuses: Mapping[int, str], year: int) -> list[str]:
    """The transitions of a household into `year`, from its statuses by year.

    Compared with the year before (no record counts as not poor). Falling back into poverty needs the
    full history: poor again after having left poverty (to near-poor or above) in an earlier year.
    """
    now = statuses.get(year)
    if now is None:
        return []
    before = statuses.get(year - 1)
    earlier_poor = any(s == Status.POOR for y, s in statuses.items() if y < year - 1)
    moves: list[str] = []
    if before == Status.POOR and now != Status.POOR:
        moves.append(Transition.ESCAPED_POVERTY)
        if now == Status.NEAR_POOR:
            moves.append(Transition.POOR_TO_NEAR_POOR)
    if before == Status.NEAR_POOR and now in ABOVE:
        moves.append(Transition.ESCAPED_NEAR_POVERTY)
    if before == Status.NEAR_POOR and now == Status.POOR:
        moves.append(Transition.NEAR_POOR_TO_POOR)
    if now == Status.POOR and before != Status.POOR:
        # Back into poverty after having left it (to near-poor or above) is tái nghèo.
        if earlier_poor:
            moves.append(Transition.FELL_BACK)
        elif before != Status.NEAR_POOR:
            moves.append(Transition.NEWLY_POOR)
    if now == Status.NEAR_POOR and before in ABOVE | {None}:
        moves.append(Transition.NEWLY_NEAR_POOR)
    return moves


# ---------------------------------------------------------------- counts


class Source:
    REGISTRY = "registry"
    ENTERED = "entered"
    NONE = "none"


@dataclass
class CountRow:
    """A village's (or a total's) counts for a year, and where they come from."""

    village: Village | None
    total: int | None = None
    poor: int | None = None
    near_poor: int | None = None
    source: str = Source.NONE
    entered: VillageCount | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def poor_rate(self) -> Decimal | None:
        return rate(self.poor, self.total)

    @property
    def near_poor_rate(self) -> Decimal | None:
        return rate(self.near_poor, self.total)

    @property
    def entered_differs(self) -> bool:
        """An entered count that the registry now contradicts (kept, shown, never applied)."""
        e = self.entered
        return (
            self.source == Source.REGISTRY
            and e is not None
            and (e.total_households, e.poor, e.near_poor) != (self.total, self.poor, self.near_poor)
        )


def _sum(values: Iterable[int | None]) -> int | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def village_rows(villages: list[Village], year: int) -> list[CountRow]:
    """Counts of `year` for the given villages, in two queries whatever their number.

    A village with assessments that year takes its counts from the registry; otherwise from the counts
    typed by the commune; otherwise it has none.
    """
    ids = [v.pk for v in villages]
    registry = {r["village"]: r for r in Assessment.objects.filter(village__in=ids, year=year).village_totals()}
    entered = {c.village_id: c for c in VillageCount.objects.filter(village__in=ids, year=year)}
    rows = []
    for village in villages:
        row = CountRow(village=village, entered=entered.get(village.pk))
        if village.pk in registry:
            r = registry[village.pk]
            row.total, row.poor, row.near_poor, row.source = r["total"], r["poor"], r["near_poor"], Source.REGISTRY
        elif row.entered is not None:
            e = row.entered
            row.total, row.poor, row.near_poor, row.source = e.total_households, e.poor, e.near_poor, Source.ENTERED
        rows.append(row)
    return rows


def total_of(rows: list[CountRow]) -> CountRow:
    """The sum of village rows; unknown where any counted village lacks the figure."""
    counted = [r for r in rows if r.source != Source.NONE]
    sources = {r.source for r in counted}
    total = CountRow(
        village=None,
        total=_sum(r.total for r in counted),
        poor=_sum(r.poor for r in counted),
        near_poor=_sum(r.near_poor for r in counted),
        source=sources.pop() if len(sources) == 1 else Source.NONE,
    )
    if counted and len(counted) < len(rows):
        total.notes.append(_("Thiếu số liệu của {n} thôn: tổng cộng chưa đầy đủ.").format(n=len(rows) - len(counted)))
    return total


def commune_counts(commune: Commune, year: int) -> tuple[list[CountRow], CountRow]:
    """Every village's counts for `year` and the commune total, in three queries."""
    rows = village_rows(list(Village.objects.filter(commune=commune).order_by("order", "id")), year)
    return rows, total_of(rows)


def area_counts(communes, year: int) -> list[tuple[Commune, CountRow]]:
    """Each commune's total for `year`, in three queries for the whole area."""
    communes = list(communes)
    villages = list(Village.objects.filter(commune__in=communes).order_by("commune", "order", "id"))
    rows = village_rows(villages, year)
    by_commune: dict[int, list[CountRow]] = {c.pk: [] for c in communes}
    for row in rows:
        by_commune[row.village.commune_id].append(row)
    return [(c, total_of(by_commune[c.pk])) for c in communes]


def village_count(village: Village, year: int) -> CountRow:
    """One village's counts for `year` (registry first, then typed counts)."""
    return village_rows([village], year)[0]


def latest_year(commune_ids) -> int | None:
    """The latest year with counts or assessments in these communes."""
    years = [
        Assessment.objects.filter(village__commune__in=commune_ids).aggregate(m=Max("year"))["m"],
        VillageCount.objects.filter(village__commune__in=commune_ids).aggregate(m=Max("year"))["m"],
    ]
    years = [y for y in years if y]
    return max(years) if years else None


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
    errors: dict[int, str] = {}
    refused: list[str] = []
    versions: dict[int, int] = {}
    missing_version = False
    changed = 0
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
                current.delete()
                changed += 1
            continue
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
        changed += 1
    if missing_version:
        raise ConflictError(str(MISSING_VERSION))
    if refused:
        refused.append(conflicts.kept())
        raise ConflictError(refused, versions=versions)
    if errors:
        raise ValidationError(list(errors.values()))
    return changed


def indicators_for(year: int):
    return Indicator.objects.filter(standard=standard_for(year)).order_by("number")


def causes():
    return PovertyCause.objects.order_by("order")


def standard_for_or_none(year: int) -> PovertyStandard | None:
    return PovertyStandard.objects.for_year(year)

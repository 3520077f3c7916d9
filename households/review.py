"""The review year's services: open a commune's review, carry its households forward, confirm them as they
are, record households leaving or arriving, close the review with the chairman's decision.

A review for year N starts from the registry of year N-1: opening it copies every household's answers of
N-1 into an assessment of N marked `carried_forward` (in bulk: a few queries whatever the number of
households), classified by the standard of N. Each household is then re-assessed (the household edit,
households/services.py, which clears the mark) or confirmed as it is (`confirm_as_is`). A household that
left is recorded as an event (`record_event`), never deleted: it drops out of year N's registry (one
already re-assessed in N keeps its re-assessment: its leaving is refused, for the next review). Closing
is refused while any household is pending; from then the year's assessments are final.

Reading helpers: `review_for(commune, year)` and `progress(commune, year)`. Counts (households/counts.py)
never count a carried-forward assessment as the year's result.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from households import services
from households.assessment import Answers, assess
from households.lookups import standard_for
from households.models import (
    Assessment,
    Commune,
    Household,
    HouseholdEvent,
    Indicator,
    Review,
    ReviewState,
    Village,
    VillageCount,
)
from households.review_models import LEAVING_KINDS, EventKind
from households.review_rules import event_window, final_message, left_in, refuse_if_final
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import MISSING_VERSION, ConflictError, check_version, conflict_on_race
from povertyplan.inserts import insert_many
from povertyplan.numbers import short_date

# What the record keeps of a carried-forward or confirmed assessment: no many-to-many (a query per row).
ROW_FIELDS = ("standard", "income_per_capita", "deprivation_count", "computed_status", "status", "carried_forward")
CONFIRMED_FIELDS = ["standard", "deprivation_count", "computed_status", "status", "carried_forward", "version"]


# ---------------------------------------------------------------- reading


def review_for(commune, year: int) -> Review | None:
    return Review.objects.filter(commune=commune, year=year).first()


@dataclass
class VillageProgress:
    """A village's review of the year: households assessed, still pending, and their total; left and new."""

    village: Village | None
    assessed: int = 0
    pending: int = 0
    left: int = 0
    new: int = 0

    @property
    def total(self) -> int:
        return self.assessed + self.pending


def progress(commune: Commune, year: int) -> tuple[list[VillageProgress], VillageProgress]:
    """Each village's progress in the commune's review of `year`, and the commune's total (four queries)."""
    villages = list(Village.objects.filter(commune=commune).order_by("order", "id"))
    rows = {v.pk: VillageProgress(village=v) for v in villages}
    year_rows = Assessment.objects.filter(village__commune=commune, year=year).order_by()
    for r in year_rows.village_totals():
        rows[r["village"]].assessed, rows[r["village"]].pending = r["total"], r["pending"]
    before = Assessment.objects.filter(village__commune=commune, year=year - 1).values("household")
    for r in (
        year_rows.filter(carried_forward=False).exclude(household__in=before).values("village").annotate(n=Count("id"))
    ):
        rows[r["village"]].new = r["n"]
    left = HouseholdEvent.objects.filter(household__village__commune=commune, year=year, kind__in=LEAVING_KINDS)
    for r in left.order_by().values("household__village").annotate(n=Count("id")):
        rows[r["household__village"]].left = r["n"]
    ordered = [rows[v.pk] for v in villages]
    total = VillageProgress(
        village=None,
        assessed=sum(r.assessed for r in ordered),
        pending=sum(r.pending for r in ordered),
        left=sum(r.left for r in ordered),
        new=sum(r.new for r in ordered),
    )
    return ordered, total


def pending_by_village(commune_id, year: int) -> list[tuple[str, int]]:
    """(village, households pending) of the commune's year, villages in their order."""
    rows = Assessment.objects.filter(village__commune=commune_id, year=year).village_totals().filter(pending__gt=0)
    counts = {r["village"]: r["pending"] for r in rows}
    villages = Village.objects.filter(pk__in=counts).order_by("order", "id")
    return [(str(v), counts[v.pk]) for v in villages]


# ---------------------------------------------------------------- opening and carrying forward


def _may_change(by, commune: Commune) -> None:
    if not Commune.objects.for_user(by, access.CHANGE).filter(pk=commune.pk).exists():
        raise PermissionDenied


@conflict_on_race
@transaction.atomic
def open_review(by, commune: Commune, year: int) -> Review:
    """Open the commune's review of `year` and carry its households of `year - 1` forward.

    Refused when the review of that year exists (open or closed), the previous year's review is still
    open, the previous year has no registry (or the commune keeps only typed counts), or no standard
    covers the year. A second click waits on the commune's lock, then finds the review and is refused.
    """
    _may_change(by, commune)
    list(Commune.objects.select_for_update().filter(pk=commune.pk).values_list("pk", flat=True))
    existing = review_for(commune, year)
    if existing is not None:
        if existing.is_closed:
            raise ValidationError(_("Đợt rà soát năm {year} của xã đã kết thúc.").format(year=year))
        raise ValidationError(_("Đợt rà soát năm {year} của xã đã được mở.").format(year=year))
    previous_review = review_for(commune, year - 1)
    if previous_review is not None and not previous_review.is_closed:
        raise ValidationError(
            _("Đợt rà soát năm {previous} chưa kết thúc: kết thúc đợt đó trước khi mở đợt năm {year}.").format(
                previous=year - 1, year=year
            )
        )
    standard = standard_for(year)
    previous = Assessment.objects.filter(village__commune=commune, year=year - 1)
    if not previous.exists():
        if VillageCount.objects.filter(village__commune=commune, year=year - 1).exists():
            raise ValidationError(
                _(
                    "Xã chỉ nhập số liệu các thôn năm {previous}, không có danh sách hộ: không có hộ để rà soát. "
                    "Tiếp tục nhập số liệu năm {year} như trước (Nhập số liệu các thôn)."
                ).format(previous=year - 1, year=year)
            )
        raise ValidationError(
            _("Năm {previous} chưa có danh sách hộ của xã: không có hộ để chuyển sang đợt rà soát năm {year}.").format(
                previous=year - 1, year=year
            )
        )
    review = Review.objects.create(commune=commune, year=year, opened_by=by, state=ReviewState.OPEN)
    audit.record(by, Action.REVIEW_OPEN, review, before={}, after=audit.state(review))
    _carry_forward(by, commune, year, standard)
    return review


def _carry_forward(by, commune: Commune, year: int, standard) -> int:
    """Copy every household's answers of `year - 1` into a carried-forward assessment of `year`.

    Households already assessed in `year` and those that left keep out. A query per table, not per
    household: the rows, the two lists, the indicators, then one insert each (`insert_many`, as the import:
    batches only by the database's own limit on parameters) and one for the record.
    """
    already = Assessment.objects.filter(village__commune=commune, year=year).values("household")
    gone = HouseholdEvent.objects.filter(kind__in=LEAVING_KINDS, year__lte=year).values("household")
    previous = list(
        Assessment.objects.filter(village__commune=commune, year=year - 1)
        .exclude(household__in=already)
        .exclude(household__in=gone)
        .select_related("household")
        .order_by("household_id")
    )
    ids = [a.pk for a in previous]
    deprivation_link = Assessment.deprivations.through
    cause_link = Assessment.causes.through
    old_deprivations = defaultdict(list)
    for assessment_id, indicator_id in deprivation_link.objects.filter(assessment__in=ids).values_list(
        "assessment_id", "indicator_id"
    ):
        old_deprivations[assessment_id].append(indicator_id)
    old_causes = defaultdict(list)
    for assessment_id, cause_id in cause_link.objects.filter(assessment__in=ids).values_list(
        "assessment_id", "povertycause_id"
    ):
        old_causes[assessment_id].append(cause_id)
    # Indicators of last year's standard map to this year's by their number (the same rows when the
    # standard is the same); one the new standard lacks is dropped, and the re-assessment shows it.
    numbers = dict(
        Indicator.objects.filter(pk__in={i for v in old_deprivations.values() for i in v}).values_list("pk", "number")
    )
    by_number = {i.number: i for i in Indicator.objects.filter(standard=standard)}
    created = []
    for old in previous:
        household = old.household
        deprivations = [by_number[numbers[i]] for i in old_deprivations[old.pk] if numbers.get(i) in by_number]
        answers = Answers.from_assessment(
            old, year=year, area=household.area or commune.area, deprivations=deprivations, causes=old_causes[old.pk]
        )
        assessed = assess(answers, standard)
        record = Assessment(household=household, year=year, village_id=household.village_id, carried_forward=True)
        assessed.apply_to(record)
        record.standard = standard
        created.append((record, assessed))
    insert_many([r for r, _a in created])
    insert_many([deprivation_link(assessment_id=r.pk, indicator_id=i.pk) for r, a in created for i in a.deprivations])
    insert_many([cause_link(assessment_id=r.pk, povertycause_id=c) for r, a in created for c in a.causes])
    audit.record_many(
        by,
        Action.ASSESSMENT_CARRY,
        [(r, {}, audit.state(r, ROW_FIELDS), r.household) for r, _a in created],
        unit=commune,
    )
    return len(created)


# ---------------------------------------------------------------- confirming as it is


@transaction.atomic
def confirm_as_is(by, *, village: Village, year: int, versions: Mapping[int, int]) -> int:
    """Re-assess the chosen carried-forward households of `village` as they are: their answers stay, their
    status is computed again by the standard of `year`, the mark is cleared. `versions` maps each
    assessment's id to the version the page showed. Returns how many were confirmed.

    All or nothing: one stale, missing or foreign row refuses the whole selection. A household already
    re-assessed is left as it is (a second click confirms nothing twice).
    """
    if not Village.objects.for_user(by, access.CHANGE).filter(pk=village.pk).exists():
        raise PermissionDenied
    refuse_if_final(village.commune_id, year)
    if not versions:
        raise ValidationError(_("Chưa chọn hộ nào."))
    if any(v is None for v in versions.values()):
        raise ConflictError(str(MISSING_VERSION))
    records = list(
        Assessment.objects.select_for_update()
        .filter(pk__in=list(versions), village=village, year=year)
        .select_related("household", "standard")
        .order_by("pk")
    )
    if len(records) != len(versions):
        raise ConflictError(
            _("Có hộ trong danh sách đã chọn không còn trong danh sách năm {year} của thôn. Hãy tải lại trang.").format(
                year=year
            )
        )
    stale = [r for r in records if r.version != versions[r.pk]]
    if stale:
        names = ", ".join(r.household.head_name for r in stale)
        raise ConflictError(
            _(
                "Kết quả rà soát của {names} vừa được người khác cập nhật: chưa xác nhận hộ nào. Hãy tải lại trang."
            ).format(names=names)
        )
    pending = [r for r in records if r.carried_forward]
    if not pending:
        return 0
    standard = standard_for(year)
    link = Assessment.deprivations.through
    deprivations = defaultdict(list)
    indicators = {i.pk: i for i in Indicator.objects.filter(standard=standard)}
    for assessment_id, indicator_id in link.objects.filter(assessment__in=[r.pk for r in pending]).values_list(
        "assessment_id", "indicator_id"
    ):
        deprivations[assessment_id].append(indicators[indicator_id])
    rows = []
    for record in pending:
        before = audit.state(record, ROW_FIELDS)
        area = record.household.area or village.commune.area
        assessed = assess(
            Answers.from_assessment(record, year=year, area=area, deprivations=deprivations[record.pk]), standard
        )
        record.standard = standard
        record.computed_status = assessed.computed_status
        record.status = assessed.status
        record.deprivation_count = assessed.deprivation_count
        record.carried_forward = False
        record.version += 1
        rows.append((record, before, audit.state(record, ROW_FIELDS), record.household))
    Assessment.objects.bulk_update(pending, CONFIRMED_FIELDS)
    audit.record_many(by, Action.ASSESSMENT_CONFIRM, rows, unit=village.commune)
    return len(pending)


# ---------------------------------------------------------------- households leaving or arriving


def _open_review_of(commune_id, year: int) -> Review:
    review = Review.objects.filter(commune_id=commune_id, year=year).first()
    if review is None:
        raise ValidationError(
            _("Chưa mở đợt rà soát năm {year}: mở đợt rà soát trước khi ghi biến động.").format(year=year)
        )
    if review.is_closed:
        raise ValidationError(final_message(year))
    return review


@conflict_on_race
@transaction.atomic
def record_event(by, household: Household, data: Mapping) -> HouseholdEvent:
    """Record that `household` left or arrived (data: kind, date, year, other, note, household_version).

    Moved out, died, merged: the household leaves year's registry, its carried-forward assessment of that
    year is removed (recorded, with its values). Merged names the household it joined (`other`); split
    names the household it was split from. Refused outside an open review of the year, with a date in the
    future, outside the review's period (`event_window`) or before the household's previous event, twice
    for a household that already left, for a household leaving that was already re-assessed in the year
    (its re-assessment is kept, never deleted), or on a stale household version.
    """
    household = Household.objects.select_for_update().select_related("village__commune").get(pk=household.pk)
    if not access.can(by, access.CHANGE, household):
        raise PermissionDenied
    check_version(household, data.get("household_version"), key="household_version")
    year, kind = data["year"], data["kind"]
    commune_id = household.village.commune_id
    _open_review_of(commune_id, year)
    date = data["date"]
    _check_event_date(household, commune_id, year, date)
    if left_in([household.pk], year).exists():
        raise ValidationError(_("Hộ {name} đã được ghi là rời khỏi danh sách.").format(name=household.head_name))
    if kind in LEAVING_KINDS:
        leaving = list(Assessment.objects.select_for_update().filter(household=household, year__gte=year))
        _refuse_if_re_assessed(household, year, leaving)
    other = data.get("other")
    if kind in (EventKind.MERGED, EventKind.SPLIT):
        if other is None:
            label = _("hộ nhập vào") if kind == EventKind.MERGED else _("hộ gốc")
            raise ValidationError({"other": _("Cần chọn {label}.").format(label=label)})
        if other.pk == household.pk or other.village.commune_id != commune_id:
            raise ValidationError({"other": _("Hộ liên quan phải là một hộ khác của xã.")})
        if left_in([other.pk], year).exists():
            raise ValidationError({"other": _("Hộ liên quan đã rời khỏi danh sách.")})
    else:
        other = None
    event = HouseholdEvent.objects.create(
        household=household, kind=kind, date=date, year=year, other=other, note=data.get("note", ""), recorded_by=by
    )
    household.version += 1
    household.save(update_fields=["version", "updated_at"])
    audit.record(by, Action.EVENT_RECORD, event, before={}, after=audit.state(event), parent=household)
    if kind in LEAVING_KINDS:
        for record in leaving:  # carried-forward copies of last year's answers only
            audit.record(
                by, Action.ASSESSMENT_REMOVE, record, before=audit.state(record, ROW_FIELDS), after={}, parent=household
            )
            record.delete()
    return event


def _check_event_date(household: Household, commune_id, year: int, date: datetime.date) -> None:
    """Refuse (on the date field) a date after today, outside the review's period, or before the
    household's previous event."""
    first, last = event_window(commune_id, year)
    if date > timezone.localdate():
        raise ValidationError({"date": _("Ngày biến động không thể sau hôm nay.")})
    if not first <= date <= last:
        raise ValidationError(
            {
                "date": _("Ngày biến động phải trong kỳ rà soát năm {year}: từ {first} đến {last}.").format(
                    year=year, first=short_date(first), last=short_date(last)
                )
            }
        )
    previous = HouseholdEvent.objects.filter(household=household).order_by("-date").values_list("date", flat=True)
    latest = previous.first()
    if latest is not None and date < latest:
        raise ValidationError(
            {
                "date": _("Ngày biến động không thể trước biến động trước đó của hộ (ngày {date}).").format(
                    date=short_date(latest)
                )
            }
        )


def _refuse_if_re_assessed(household: Household, year: int, records) -> None:
    """A household re-assessed in the year (or later) keeps its re-assessment: its leaving is refused
    rather than the re-assessment deleted. Only carried-forward copies of last year's answers, which hold
    nothing found in the year, are removed when a household leaves."""
    re_assessed = sorted(r.year for r in records if not r.carried_forward)
    if re_assessed:
        raise ValidationError(
            _(
                "Hộ {name} đã được rà soát lại năm {assessed}: ghi hộ rời khỏi danh sách sẽ xoá kết quả rà soát này, "
                "nên chưa ghi gì. Nếu hộ rời đi sau khi đã được rà soát, hãy ghi biến động trong đợt rà soát "
                "năm {next}."
            ).format(name=household.head_name, assessed=re_assessed[0], next=re_assessed[-1] + 1)
        )


def add_household_with_event(
    by, *, kind: str, event: Mapping, data: Mapping, year: int, assessment: Mapping
) -> HouseholdEvent:
    """A household that arrived (moved in) or was split from another: created with its assessment of
    `year` (the household service), then its event, in one transaction."""
    if kind not in (EventKind.MOVED_IN, EventKind.SPLIT):
        raise ValueError(kind)
    with transaction.atomic():
        _open_review_of(data["village"].commune_id, year)
        record = services.save_household(by=by, household=None, data=data, year=year, assessment=assessment)
        household = record.household
        return record_event(
            by, household, {**event, "kind": kind, "year": year, "household_version": household.version}
        )


# ---------------------------------------------------------------- closing


def number_taken(review: Review, number: int, date: datetime.date) -> int | None:
    """The year of the commune's other review whose decision has `number` in the calendar year of `date`
    (Decree 30: the commune's documents are numbered from 1 each year), None when the number is free.
    The constraint review_decision_number_once_a_year holds the same rule in the database."""
    others = Review.objects.filter(commune_id=review.commune_id, decision_number=number, decision_date__year=date.year)
    return others.exclude(pk=review.pk).values_list("year", flat=True).first()


@conflict_on_race
@transaction.atomic
def close_review(by, review: Review, version: int | None, data: Mapping) -> Review:
    """Close the review with the chairman's decision (data: decision_number, decision_date, signer_name,
    optional decision_symbol and signer_title; signing_authority, empty when the chairman signs).

    Refused while any household is pending (saying how many per village), on a stale or missing version,
    for a review already closed, for a decision dated in the future, and for a number the commune's
    decision of another review already has in the same year.
    """
    review = Review.objects.select_for_update().select_related("commune").get(pk=review.pk)
    _may_change(by, review.commune)
    check_version(review, version)
    if review.is_closed:
        raise ValidationError(_("Đợt rà soát năm {year} đã kết thúc.").format(year=review.year))
    pending = pending_by_village(review.commune_id, review.year)
    if pending:
        total = sum(n for _v, n in pending)
        lines = "; ".join(_("{village}: {n} hộ").format(village=v, n=n) for v, n in pending)
        raise ValidationError(
            _(
                "Còn {total} hộ chưa rà soát lại: {lines}. Rà soát hoặc xác nhận giữ nguyên các hộ này trước khi kết thúc."
            ).format(total=total, lines=lines)
        )
    errors = {}
    if not data.get("decision_number"):
        errors["decision_number"] = _("Cần ghi số quyết định.")
    decision_date = data.get("decision_date")
    if decision_date is None:
        errors["decision_date"] = _("Cần ghi ngày quyết định.")
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _("Ngày quyết định không thể sau hôm nay.")
    elif decision_date < datetime.date(review.year - 1, 1, 1):
        errors["decision_date"] = _("Ngày quyết định phải trong năm {year} hoặc sau đó.").format(year=review.year - 1)
    if "decision_number" not in errors and "decision_date" not in errors:
        taken = number_taken(review, data["decision_number"], decision_date)
        if taken is not None:
            errors["decision_number"] = _(
                "Số quyết định {number} năm {year} đã dùng cho quyết định kết thúc đợt rà soát năm {other} của xã: "
                "mỗi số chỉ dùng cho một quyết định trong năm."
            ).format(number=data["decision_number"], year=decision_date.year, other=taken)
    if not (data.get("signer_name") or "").strip():
        errors["signer_name"] = _("Cần ghi họ tên người ký.")
    if errors:
        raise ValidationError(errors)
    before = audit.state(review)
    review.decision_number = data["decision_number"]
    review.decision_date = decision_date
    review.signer_name = data["signer_name"].strip()
    for name in ("decision_symbol", "signer_title"):
        if data.get(name):
            setattr(review, name, data[name].strip())
    review.signing_authority = (data.get("signing_authority") or "").strip()  # empty: the chairman signs
    review.state = ReviewState.CLOSED
    review.closed_by = by
    review.closed_at = timezone.now()
    review.version += 1
    review.save()
    audit.record(by, Action.REVIEW_CLOSE, review, before=before, after=audit.state(review))
    return review

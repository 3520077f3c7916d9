"""How a household is assessed: its answers and the year's standard in, its classification out.

`assess(answers, standard)` is the one place that turns what the review found (income per person per
month, the deprivation indicators, the categories, an official's override) into what an Assessment row
stores: the deprivations kept and their count, the status computed by the standard, the status that
counts. It makes no query: the caller loads the year's standard (a PovertyStandard as read from the
database) and the indicators once, then calls `assess` once per household. The registry's save and the
demo generator go through it, and so will the Excel importer and the benchmark: a household is classified
the same way everywhere.

The rules (the lines are data, rows of PovertyStandard; `PovertyStandard.classify` applies them): at or
below the area's poverty line a household is poor with at least `min_deprivations_poor` deprivations,
near-poor with fewer; above the line the deprivations no longer matter: middle living standard up to the
middle line, not poor above it. An income that is not known is not 0: it is refused, never classified.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from households.models import Area, PovertyStandard, Status

# The categories an official ticks, as Assessment fields (ethnic minority comes from the ethnicity).
CATEGORY_FLAGS = ("is_merit", "is_social_protection", "no_labour_capacity", "female_head", "has_disability")
_AREAS = frozenset(Area.values)
_STATUSES = frozenset(Status.values)


class IndicatorLike(Protocol):
    """A deprivation indicator as the caller holds it: an Indicator, or anything with its key and standard."""

    pk: Any
    standard_id: Any


@dataclass(frozen=True)
class Answers:
    """What the review found for one household in one year.

    `area` is the household's effective area (its own, else its commune's); `income_per_capita` is None
    when not known. `deprivations` and `causes` may repeat an item: each counts once.
    """

    year: int
    area: str
    income_per_capita: int | None
    deprivations: Sequence[IndicatorLike] = ()
    causes: Sequence[Any] = ()
    ethnic_minority: bool = False
    is_merit: bool = False
    is_social_protection: bool = False
    no_labour_capacity: bool = False
    female_head: bool = False
    has_disability: bool = False
    override_status: str = ""
    override_reason: str = ""

    @classmethod
    def from_mapping(cls, values: Mapping, *, year: int, area: str, ethnic_minority: bool) -> Answers:
        """Answers from a form's cleaned data (or an imported row's): the keys of the assessment fields."""
        return cls(
            year=year,
            area=area,
            income_per_capita=values.get("income_per_capita"),
            deprivations=tuple(values.get("deprivations") or ()),
            causes=tuple(values.get("causes") or ()),
            ethnic_minority=bool(ethnic_minority),
            override_status=values.get("override_status") or "",
            override_reason=values.get("override_reason") or "",
            **{flag: bool(values.get(flag, False)) for flag in CATEGORY_FLAGS},
        )

    @classmethod
    def from_assessment(
        cls, record, *, year: int, area: str, deprivations: Iterable = (), causes: Iterable = (), **changes
    ) -> Answers:
        """Answers from a stored Assessment: its income, categories and override, for `year` in `area`.

        Its lists are given (the caller reads them in bulk, maybe as another standard's indicators);
        `changes` replaces what was found anew (an imported row's income and categories, say). An unsaved
        `Assessment()` stands for "no assessment yet": no income, no category, no override.
        """
        values = {
            "income_per_capita": record.income_per_capita,
            "ethnic_minority": record.ethnic_minority,
            "override_status": record.override_status,
            "override_reason": record.override_reason,
            **{flag: getattr(record, flag) for flag in CATEGORY_FLAGS},
        }
        return cls(
            year=year, area=area, deprivations=tuple(deprivations), causes=tuple(causes), **{**values, **changes}
        )


@dataclass(frozen=True)
class Assessed:
    """A household's classification for a year, as an Assessment row stores it."""

    standard: PovertyStandard
    income_per_capita: int
    deprivations: tuple[IndicatorLike, ...]
    causes: tuple[Any, ...]
    computed_status: str
    override_status: str
    override_reason: str
    status: str
    flags: Mapping[str, bool] = field(default_factory=dict)

    @property
    def deprivation_count(self) -> int:
        """The deprivation score: how many indicators the household lacks (10 points each in the field method)."""
        return len(self.deprivations)

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_status) and self.override_status != self.computed_status

    def row_fields(self) -> dict[str, Any]:
        """The Assessment's own fields (not household, year, village, nor the many-to-many lists)."""
        return {
            "standard": self.standard,
            "income_per_capita": self.income_per_capita,
            "deprivation_count": self.deprivation_count,
            "computed_status": self.computed_status,
            "override_status": self.override_status,
            "override_reason": self.override_reason,
            "status": self.status,
            **self.flags,
        }

    def apply_to(self, record) -> None:
        """Set the fields on an Assessment (unsaved; its deprivations and causes are set after saving)."""
        for name, value in self.row_fields().items():
            setattr(record, name, value)


def _unique(items: Iterable) -> tuple:
    """Each item once, in the order first given (an indicator chosen twice is still one deprivation)."""
    return tuple({getattr(item, "pk", item): item for item in items}.values())


def _covers(standard: PovertyStandard, year: int) -> bool:
    return standard.first_year <= year and (standard.last_year is None or year <= standard.last_year)


def assess(answers: Answers, standard: PovertyStandard) -> Assessed:
    """Classify one household's answers by `standard`, the standard in force for `answers.year`.

    Refused (ValidationError, every problem at once, keyed by field) when the income is unknown or
    negative, the area is neither rural nor urban, an indicator belongs to another standard, or an
    override names no known status or gives no reason. No query is made.
    """
    if not _covers(standard, answers.year):
        raise ValueError(f"{standard} does not apply to {answers.year}")
    errors: dict[str, list[str]] = {}
    income = answers.income_per_capita
    if income is None:
        errors["income_per_capita"] = [
            _("Chưa có thu nhập bình quân: chưa phân loại được hộ (thu nhập chưa rõ không phải là 0).")
        ]
    elif income < 0:
        errors["income_per_capita"] = [_("Thu nhập bình quân không thể âm.")]
    if answers.area not in _AREAS:
        errors["area"] = [_("Khu vực áp dụng chuẩn phải là nông thôn hoặc thành thị.")]
    deprivations = _unique(answers.deprivations)
    if any(i.standard_id != standard.pk for i in deprivations):
        errors[NON_FIELD_ERRORS] = [
            _("Chỉ số thiếu hụt không thuộc chuẩn nghèo của năm {year}.").format(year=answers.year)
        ]
    override = answers.override_status or ""
    reason = (answers.override_reason or "").strip()
    if override and override not in _STATUSES:
        errors["override_status"] = [_("Phân loại ghi nhận không hợp lệ.")]
    elif override and not reason:
        errors["override_reason"] = [_("Cần ghi lý do khi ghi nhận phân loại khác với chuẩn.")]
    if errors:
        raise ValidationError(errors)

    computed = standard.classify(area=answers.area, income=income, deprivations=len(deprivations))
    return Assessed(
        standard=standard,
        income_per_capita=income,
        deprivations=deprivations,
        causes=_unique(answers.causes),
        computed_status=computed,
        override_status=override,
        override_reason=reason if override else "",
        status=override or computed,
        flags={
            **{flag: bool(getattr(answers, flag)) for flag in CATEGORY_FLAGS},
            "ethnic_minority": bool(answers.ethnic_minority),
        },
    )

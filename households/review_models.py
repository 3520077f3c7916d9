"""The annual review (rà soát) of a commune's households, and what happens to a household between reviews.

A `Review` is one commune's review for one year: opened by its official, households carried forward with
last year's answers as the starting point, re-assessed under that year's standard, and closed by the
chairman's decision recognising the lists (QĐ 24/2021/QĐ-TTg, Mẫu số 02). From the close on, the year's
counts are final: the plan of that year starts from them. Year convention as in households/models.py:
the review "for year N" is carried out at the end of year N-1 and gives the situation of year N.

A `HouseholdEvent` records a household leaving or arriving (moved out, moved in, died, split, merged)
with its date, instead of deleting it: forms 2 and 3 of the review pack count these in their "other"
columns (the review-result pack).

String references to households' models: this module is imported by households/models.py.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from povertyplan import years
from povertyplan.access import ScopedQuerySet

YEAR_VALIDATORS = [MinValueValidator(years.FIRST), MaxValueValidator(years.LAST)]


class ReviewState(models.TextChoices):
    OPEN = "open", _("Đang rà soát")
    CLOSED = "closed", _("Đã kết thúc")


class ReviewQuerySet(ScopedQuerySet):
    def is_closed(self, commune_id, year: int) -> bool:
        """Whether the commune's review of `year` is closed: its assessments of that year are final."""
        return self.filter(commune_id=commune_id, year=year, state=ReviewState.CLOSED).exists()


class Review(models.Model):
    """One commune's review for one year."""

    commune_path = "commune"
    year_path = "year"  # seen by the level in effect that year (povertyplan.access)

    commune = models.ForeignKey(
        "households.Commune", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    state = models.CharField(_("trạng thái"), max_length=10, choices=ReviewState.choices, default=ReviewState.OPEN)
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mở"), on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kết thúc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The chairman's decision recognising the lists (Mẫu số 02): entered when the review is closed.
    decision_number = models.PositiveIntegerField(_("số quyết định"), null=True, blank=True)
    decision_symbol = models.CharField(_("ký hiệu"), max_length=40, default="QĐ-UBND", blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    signing_authority = models.CharField(_("thẩm quyền ký"), max_length=40, default="", blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=80, default="CHỦ TỊCH", blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt rà soát")
        verbose_name_plural = _("đợt rà soát")
        ordering = ["commune", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="review_once_a_year"),
            # A number once per commune and calendar year (households/review.py, number_taken).
            models.UniqueConstraint(
                models.F("commune"),
                ExtractYear("decision_date"),
                models.F("decision_number"),
                name="review_decision_number_once_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.year}"

    @property
    def is_closed(self) -> bool:
        return self.state == ReviewState.CLOSED


class EventKind(models.TextChoices):
    """What happened to a household between two reviews (the review pack: forms 2-3, columns 4 and 8)."""

    MOVED_OUT = "moved_out", _("Chuyển đi")
    MOVED_IN = "moved_in", _("Chuyển đến")
    DIED = "died", _("Chủ hộ độc thân đã mất")
    SPLIT = "split", _("Tách hộ")
    MERGED = "merged", _("Nhập hộ")


# Kinds after which the household is no longer in the commune's registry.
LEAVING_KINDS = (EventKind.MOVED_OUT, EventKind.DIED, EventKind.MERGED)


class HouseholdEventQuerySet(ScopedQuerySet):
    pass


class HouseholdEvent(models.Model):
    """A household leaving or arriving, with its date: recorded, never a deletion."""

    commune_path = "household__village__commune"
    year_path = "year"

    household = models.ForeignKey(
        "households.Household", verbose_name=_("hộ"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("sự kiện"), max_length=12, choices=EventKind.choices)
    date = models.DateField(_("ngày"))
    # The review year the event counts in (the period between the reviews for year - 1 and year).
    year = models.PositiveSmallIntegerField(_("năm rà soát"), validators=YEAR_VALIDATORS)
    # Split: the household it was split from; merged: the household it joined.
    other = models.ForeignKey(
        "households.Household",
        verbose_name=_("hộ liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    objects = HouseholdEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("biến động hộ")
        verbose_name_plural = _("biến động hộ")
        ordering = ["household", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(other=models.F("household")), name="event_other_is_another"),
        ]
        indexes = [models.Index(fields=["year", "kind"], name="household_event_year_idx")]

    def __str__(self) -> str:
        return f"{self.household} {self.get_kind_display()} {self.date}"

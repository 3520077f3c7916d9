"""Results against targets: the 6-month and annual reports of an issued plan (a Decree-30 BÁO CÁO).

A `ResultReport` belongs to one issued plan and one period; its `ResultRow`s hold, per village, the
households that actually left poverty and near-poverty in the period. Where the commune keeps a registry
they are derived from its movements (and stored as read, with `source` saying so); where it keeps only
counts they are typed. A figure nobody stated is None, never 0 (unknown is not zero).

String references to plans' models: this module is imported by plans/models.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.limits import LINE_TEXT_LIMIT, TEXT_LIMIT, TextLimit
from povertyplan.access import ScopedQuerySet


class Period(models.TextChoices):
    HALF_YEAR = "half", _("6 tháng đầu năm")
    ANNUAL = "annual", _("Cả năm")


# When each report is due, as (month, day) of the plan's year: the seeds' own schedule (the
# Xuân Hoà 2024 plan: 6-month before 20/6, annual before 10/12). A plan's reporting part may name other dates.
DUE = {Period.HALF_YEAR: (6, 20), Period.ANNUAL: (12, 10)}


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SENT = "sent", _("Đã gửi")


class RowSource(models.TextChoices):
    REGISTRY = "registry", _("Từ sổ hộ")
    TYPED = "typed", _("Nhập tay")


class ResultReportQuerySet(ScopedQuerySet):
    pass


class ResultReport(models.Model):
    """One period's report of what an issued plan achieved."""

    commune_path = "plan__commune"
    district_path = "plan__district"
    year_path = "plan__year"  # seen by the level in effect for the plan's year (povertyplan.access)

    plan = models.ForeignKey("plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("kỳ báo cáo"), max_length=10, choices=Period.choices)
    state = models.CharField(_("trạng thái"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    assessment = models.TextField(
        _("đánh giá chung"), blank=True, max_length=TEXT_LIMIT, validators=[TextLimit(TEXT_LIMIT)]
    )
    # The BÁO CÁO's own header: number, symbol, date, signer (as on the plan).
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, default="BC-UBND")
    report_date = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    signing_authority = models.CharField(_("thẩm quyền ký"), max_length=40, default="TM. ỦY BAN NHÂN DÂN", blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=80, default="CHỦ TỊCH", blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResultReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")
        ordering = ["plan", "period"]
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="result_report_once_a_period")]

    def __str__(self) -> str:
        return f"{self.plan} {self.get_period_display()}"


class ResultRowQuerySet(ScopedQuerySet):
    pass


class ResultRow(models.Model):
    """What one village achieved in the period: unknown (None) until stated or read from the registry."""

    commune_path = "report__plan__commune"
    district_path = "report__plan__district"
    year_path = "report__plan__year"

    report = models.ForeignKey(ResultReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="rows")
    village = models.ForeignKey(
        "households.Village", verbose_name=_("thôn"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    village_name = models.CharField(_("tên thôn (khi lập)"), max_length=160, blank=True)
    escaped_poverty = models.PositiveIntegerField(_("số hộ đã thoát nghèo"), null=True, blank=True)
    escaped_near_poverty = models.PositiveIntegerField(_("số hộ đã thoát cận nghèo"), null=True, blank=True)
    newly_poor = models.PositiveIntegerField(_("số hộ nghèo phát sinh"), null=True, blank=True)
    newly_near_poor = models.PositiveIntegerField(_("số hộ cận nghèo phát sinh"), null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=10, choices=RowSource.choices, default=RowSource.TYPED)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = ResultRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả theo thôn")
        verbose_name_plural = _("kết quả theo thôn")
        ordering = ["report", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "village"], name="result_row_once_a_village")]

    def __str__(self) -> str:
        return f"{self.report} {self.village_name}"


class ResultIndicatorQuerySet(ScopedQuerySet):
    pass


class ResultIndicator(models.Model):
    """The progress of one of the plan's other targets (Chỉ tiêu cụ thể: 100% of the poor with health
    insurance...): the target's text copied when the report is started, and the result the commune writes."""

    commune_path = "report__plan__commune"
    district_path = "report__plan__district"
    year_path = "report__plan__year"

    report = models.ForeignKey(
        ResultReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="indicators"
    )
    target = models.ForeignKey(
        "plans.Target", verbose_name=_("chỉ tiêu của kế hoạch"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    target_text = models.TextField(_("chỉ tiêu"), max_length=LINE_TEXT_LIMIT, validators=[TextLimit(LINE_TEXT_LIMIT)])
    result_text = models.TextField(
        _("kết quả thực hiện"), blank=True, max_length=LINE_TEXT_LIMIT, validators=[TextLimit(LINE_TEXT_LIMIT)]
    )

    objects = ResultIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả chỉ tiêu khác")
        verbose_name_plural = _("kết quả chỉ tiêu khác")
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        text = self.target_text if len(self.target_text) <= 60 else self.target_text[:59] + "…"
        return f"Chỉ tiêu: {text}"

"""An import of a commune's figures from Excel: the uploaded file, its progress and its preview.

A job is made by the upload and scoped like its commune; parsing writes its progress on the row (in
autocommit, outside any transaction) so the preview page can show it; saving it is one transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from povertyplan.access import ScopedQuerySet


class ImportKind(models.TextChoices):
    COUNTS = "counts", _("Số liệu các thôn")
    HOUSEHOLDS = "households", _("Danh sách hộ và kết quả rà soát")


class ImportStatus(models.TextChoices):
    PARSING = "parsing", _("Đang đọc tệp")
    READY = "ready", _("Đã có bản xem trước")
    SAVED = "saved", _("Đã lưu")
    FAILED = "failed", _("Không nhập được")
    CANCELLED = "cancelled", _("Đã huỷ")


class ImportJobQuerySet(ScopedQuerySet):
    pass


class ImportJob(models.Model):
    """One uploaded file of counts or households for a commune and year, from upload to save."""

    commune_path = "commune"

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    commune = models.ForeignKey(
        "households.Commune", verbose_name=_("xã"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=12, choices=ImportKind.choices)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    data = models.BinaryField(_("nội dung tệp"), editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PARSING
    )
    rows_done = models.PositiveIntegerField(_("số dòng đã đọc"), default=0)
    rows_total = models.PositiveIntegerField(_("tổng số dòng"), null=True, blank=True)
    summary = models.JSONField(_("tóm tắt"), default=dict, blank=True)
    preview = models.JSONField(_("bản xem trước"), default=dict, blank=True)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    digest = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập Excel")
        verbose_name_plural = _("lần nhập Excel")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0 if self.status == ImportStatus.PARSING else 100
        return min(100, self.rows_done * 100 // self.rows_total)

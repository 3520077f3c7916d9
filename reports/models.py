"""The issued original of a plan and the signed copies registered against it.

`IssuedCopy` is the PDF rendered once when the commune issues its plan, stored with its SHA-256, a short
public verification code and the header as issued (number, date, bodies, signer, copied: what was issued
stays as issued, whatever happens to the plan's rows later). `SignedCopy` is a file uploaded afterwards:
the scan of the signed paper, or the PDF signed with the government signing tool.

The bytes live in the database (BinaryField), not under MEDIA_ROOT: they are written in the issue's own
transaction (a failed issue leaves no orphan file, a file deleted on disk cannot leave a record without
its original), they are backed up with the rest of the record, and there is no path or URL to tamper
with. A plan PDF is a few hundred kB; signed copies are capped (SIGNED_MAX_BYTES).

Neither model has an update path: rows are created by reports.issuing and never saved again (`save`
refuses an existing row), and the bytes are never re-rendered.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, reference
from povertyplan.access import ScopedQuerySet


class Immutable(models.Model):
    """A row written once: saving it again, or deleting it through the ORM, is refused."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} is written once and never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} is never deleted")

    @property
    def short_sha256(self) -> str:
        """The fingerprint's first 12 hex digits, as lists show it."""
        return self.sha256[:12]


class IssuedCopyQuerySet(ScopedQuerySet):
    def without_bytes(self) -> IssuedCopyQuerySet:
        """The rows without their PDF (lists and pages need only the fingerprint)."""
        return self.defer("pdf")


class IssuedCopy(Immutable):
    """The original of an issued plan: its PDF bytes exactly as rendered at issue, and what it said."""

    commune_path = "plan__commune"
    district_path = "plan__district"
    year_path = "plan__year"

    plan = models.OneToOneField(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="issued_copy")
    pdf = models.BinaryField(_("tệp PDF bản gốc"), editable=False)
    sha256 = models.CharField(_("dấu vân tay SHA-256"), max_length=64, db_index=True, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), editable=False)
    code = models.CharField(_("mã xác thực"), max_length=16, unique=True, editable=False)
    # The header as issued.
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    issue_date = models.DateField(_("ngày ban hành"))
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=400)
    signer_name = models.CharField(_("người ký"), max_length=120)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("thời điểm ban hành"), auto_now_add=True)

    objects = IssuedCopyQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản gốc đã ban hành")
        verbose_name_plural = _("bản gốc đã ban hành")
        ordering = ["-issue_date", "-number"]

    def __str__(self) -> str:
        return f"Bản gốc số {self.reference} ngày {self.issue_date:%d/%m/%Y}"

    @property
    def reference(self) -> str:
        return reference(self.number, self.symbol)

    @property
    def grouped_code(self) -> str:
        """The code as printed and typed: 7K3Q-M9TX-2B."""
        return group_code(self.code)


def group_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class SignedCopy(Immutable):
    """A signed copy of an issued original (a scan, or the digitally signed PDF); several may exist."""

    commune_path = "issued__plan__commune"
    district_path = "issued__plan__district"
    year_path = "issued__plan__year"

    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    CONTENT_TYPES = ((PDF, "PDF"), (PNG, "PNG"), (JPEG, "JPEG"))
    EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}

    issued = models.ForeignKey(
        IssuedCopy, verbose_name=_("bản gốc"), on_delete=models.PROTECT, related_name="signed_copies"
    )
    content = models.BinaryField(_("tệp"), editable=False)
    sha256 = models.CharField(_("dấu vân tay SHA-256"), max_length=64, db_index=True, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), editable=False)
    content_type = models.CharField(_("loại tệp"), max_length=40, choices=CONTENT_TYPES)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản đã ký")
        verbose_name_plural = _("bản đã ký")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"Bản đã ký của văn bản số {self.issued.reference} ({self.short_sha256})"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "bin")

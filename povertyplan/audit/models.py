"""One entry per change: who (as they were named then), when, where, what, before and after, why.

Entries are written by the services, in their transaction, through `povertyplan.audit.record`; nothing
ever updates or deletes one. They copy what they show (the actor's name, the unit's name, the object's
label), so deleting or renaming a user, a unit or an object never erases or rewrites the history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from povertyplan.access import ScopedQuerySet


class Action(models.TextChoices):
    """What was done: a stable code (kept in the database) and its Vietnamese label."""

    HOUSEHOLD_CREATE = "household.create", _("Thêm hộ")
    HOUSEHOLD_UPDATE = "household.update", _("Sửa thông tin hộ")
    ASSESSMENT_CREATE = "assessment.create", _("Thêm kết quả rà soát")
    ASSESSMENT_UPDATE = "assessment.update", _("Sửa kết quả rà soát")
    ASSESSMENT_CARRY = "assessment.carry", _("Chuyển kết quả năm trước sang đợt rà soát")
    ASSESSMENT_CONFIRM = "assessment.confirm", _("Xác nhận giữ nguyên kết quả rà soát")
    ASSESSMENT_REMOVE = "assessment.remove", _("Bỏ khỏi danh sách năm (hộ đã rời)")
    REVIEW_OPEN = "review.open", _("Mở đợt rà soát")
    REVIEW_CLOSE = "review.close", _("Kết thúc đợt rà soát")
    EVENT_RECORD = "event.record", _("Ghi biến động hộ")
    COUNTS_SAVE = "counts.save", _("Lưu số liệu thôn")
    COUNTS_CLEAR = "counts.clear", _("Xóa số liệu nhập tay của thôn")
    OFFICER_CREATE = "officer.create", _("Thêm cán bộ")
    OFFICER_UPDATE = "officer.update", _("Sửa thông tin cán bộ")
    UNIT_CREATE = "unit.create", _("Thêm đơn vị hành chính")
    UNIT_UPDATE = "unit.update", _("Sửa đơn vị hành chính")
    UNIT_DELETE = "unit.delete", _("Xóa đơn vị hành chính")
    ADMIN_CREATE = "admin.create", _("Thêm trong trang quản trị")
    ADMIN_UPDATE = "admin.update", _("Sửa trong trang quản trị")
    ADMIN_DELETE = "admin.delete", _("Xóa trong trang quản trị")
    PLAN_CREATE = "plan.create", _("Lập kế hoạch")
    PLAN_FIELDS = "plan.fields", _("Sửa nội dung kế hoạch")
    PLAN_GRID = "plan.grid", _("Sửa bảng chỉ tiêu theo thôn")
    PLAN_PART = "plan.part", _("Sửa danh sách trong kế hoạch")
    PLAN_OUTLINE = "plan.outline", _("Sửa mục của kế hoạch")
    PLAN_FIGURES = "plan.figures", _("Sửa chỉ tiêu như đã in")
    PLAN_COMMENT_ADD = "plan.comment.add", _("Ghi ý kiến thẩm định")
    PLAN_COMMENT_RESOLVE = "plan.comment.resolve", _("Đánh dấu ý kiến đã xử lý")
    PLAN_SUBMIT = "plan.submit", _("Trình duyệt")
    PLAN_FREEZE = "plan.freeze", _("Chốt số liệu đầu năm khi trình")
    PLAN_RECALL = "plan.recall", _("Rút lại để sửa")
    PLAN_RETURN = "plan.return", _("Trả lại để sửa")
    PLAN_APPROVE = "plan.approve", _("Thông qua")
    PLAN_ISSUE = "plan.issue", _("Ban hành")
    PLAN_REVISION = "plan.revision", _("Lập bản sửa đổi")
    PLAN_DELETE = "plan.delete", _("Xóa dự thảo")
    ISSUED_COPY = "issue.original", _("Lưu bản gốc đã ban hành")
    SIGNED_COPY = "issue.signed", _("Đăng ký bản đã ký")
    RESULT_START = "result.start", _("Lập báo cáo kết quả")
    RESULT_REFRESH = "result.refresh", _("Cập nhật kết quả từ sổ hộ")
    RESULT_ROWS = "result.rows", _("Nhập kết quả theo thôn")
    RESULT_FIELDS = "result.fields", _("Sửa nội dung báo cáo kết quả")
    RESULT_SEND = "result.send", _("Gửi báo cáo kết quả")


class EntryQuerySet(ScopedQuerySet):
    def history_of(self, obj) -> EntryQuerySet:
        """The entries shown in the history of `obj` (its own and its child rows'), newest first."""
        return self.filter(parent_type=obj._meta.label_lower, parent_id=obj.pk).order_by("-at", "-id")


def _unit(model: str, label) -> models.ForeignKey:
    """A unit the entry belongs to (indexed with the time in Meta.indexes, not alone)."""
    return models.ForeignKey(
        model, verbose_name=label, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )


class Entry(models.Model):
    """A change made through a service: one row, never updated, never deleted.

    The unit (commune, or district for a district's own rows; the province always when known) scopes the
    entry like the object it is about. `parent_*` names the object whose history shows the entry: the
    household for its assessment, the plan for its rows, comments and transitions, else the object itself.
    `before` and `after` hold only the fields that changed, in plain JSON (dates ISO, decimals as strings,
    foreign keys as {"id", "label"}): {} before means created, {} after means deleted.
    """

    commune_path = "commune"
    district_path = "district"
    year_path = "year"

    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField(_("tên đăng nhập (khi thực hiện)"), max_length=150, blank=True)
    actor_name = models.CharField(_("họ tên (khi thực hiện)"), max_length=300, blank=True)

    # Units are never deleted (they end with valid_until): PROTECT keeps every entry in someone's scope.
    commune = _unit("households.Commune", _("xã"))
    district = _unit("households.District", _("huyện"))
    province = _unit("households.Province", _("tỉnh"))
    unit_name = models.CharField(_("đơn vị (khi thực hiện)"), max_length=200, blank=True)

    # No choices on the column: a new action is a line in Action, not a migration.
    action = models.CharField(_("thao tác"), max_length=40)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    object_label = models.CharField(_("đối tượng"), max_length=400, blank=True)
    parent_type = models.CharField(_("loại hồ sơ"), max_length=100)
    parent_id = models.PositiveBigIntegerField(_("mã hồ sơ"))
    parent_label = models.CharField(_("hồ sơ"), max_length=400, blank=True)

    before = models.JSONField(_("trước"), default=dict, blank=True)
    after = models.JSONField(_("sau"), default=dict, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)
    # The year the object belongs to (a plan's and its rows', a count's, an assessment's): a plan's history
    # gathers the year's entries of its unit (every revision, the counts it starts from).
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["parent_type", "parent_id", "-at"], name="audit_history_idx"),
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx"),
            models.Index(fields=["commune", "-at"], name="audit_commune_idx"),
            models.Index(fields=["district", "-at"], name="audit_district_idx"),
            models.Index(fields=["province", "-at"], name="audit_province_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_idx"),
            models.Index(fields=["commune", "year", "-at"], name="audit_commune_year_idx"),
            models.Index(fields=["district", "year", "-at"], name="audit_district_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action_label}: {self.object_label}"

    @property
    def action_label(self) -> str:
        """The action's Vietnamese label (its code, for a code no longer in Action)."""
        return str(Action(self.action).label) if self.action in Action.values else self.action

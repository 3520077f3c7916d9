"""Users in the Django admin (superusers only): the role and the unit that bound each user's area."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from povertyplan.models import User

# Django's Vietnamese names for its admin ("Trang web admin Django") say Django, not what this is.
admin.site.site_header = _("Quản trị hệ thống kế hoạch giảm nghèo")
admin.site.site_title = _("Quản trị kế hoạch giảm nghèo")
admin.site.index_title = _("Quản trị dữ liệu")


class SuperuserOnly:
    """An admin whose data is national: only superusers see or change it."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with Vietnamese page titles (the library ships no Vietnamese).

    Only for models that have a history (`history = HistoricalRecords()`); the others use a plain
    ModelAdmin, whose history page lists the admin's own log instead of answering 500.
    """

    def history_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return gettext("Xem lịch sử: {obj}").format(obj=obj)
        return gettext("Lịch sử thay đổi: {obj}").format(obj=obj)

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return gettext("Xem phiên bản cũ: {obj}").format(obj=obj)
        return gettext("Khôi phục phiên bản cũ: {obj}").format(obj=obj)


class ReferenceAdmin(SuperuserOnly, admin.ModelAdmin):
    """National reference data without history: superusers only."""


@admin.register(User)
class UserAdmin(SuperuserOnly, BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Vai trò và địa bàn"), {"fields": ("role", "province", "district", "commune")}),
    )
    list_display = ["username", "last_name", "first_name", "role", "commune", "district", "province", "is_active"]
    list_filter = ["role", "is_active", "province"]

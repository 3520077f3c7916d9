"""The admin's shared pieces, and users in the Django admin (superusers only): the role and the unit that
bound each user's area. Every admin asks povertyplan.access (`admin_may`) what a user may do."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from povertyplan import access
from povertyplan.audit.admin_writes import AuditedAdmin
from povertyplan.models import User

# Django's Vietnamese names for its admin ("Trang web admin Django") say Django, not what this is.
admin.site.site_header = _("Quản trị hệ thống kế hoạch giảm nghèo")
admin.site.site_title = _("Quản trị kế hoạch giảm nghèo")
admin.site.index_title = _("Quản trị dữ liệu")


class AccessRules:
    """An admin whose every permission is asked of povertyplan.access: rows of a model declaring no
    owner path (national data) are for superusers only; scoped units for the staff the rules name.

    An answer about a saved object is one query, cached for the request (a change page asks several times).
    """

    def _may(self, request, permission: str, obj=None) -> bool:
        if obj is None or obj.pk is None:
            return access.admin_may(request.user, self.model, permission, obj)
        cache = request.__dict__.setdefault("_admin_access_cache", {})
        key = (self.model, obj.pk, permission)
        if key not in cache:
            cache[key] = access.admin_may(request.user, self.model, permission, obj)
        return cache[key]

    def has_module_permission(self, request):
        return self._may(request, "view")

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view", obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change", obj)

    def has_add_permission(self, request, *args):
        return self._may(request, "add")

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "delete", obj)


# National data: no owner path, so the rules give it to superusers only.
SuperuserOnly = AccessRules


class HistoryAdmin(AuditedAdmin, admin.ModelAdmin):
    """A plain admin whose writes are recorded (povertyplan.audit): the record of who changed what is the
    audit's (the audit admin and the history pages); the object's history page is Django's admin log."""


class ReferenceAdmin(SuperuserOnly, AuditedAdmin, admin.ModelAdmin):
    """National reference data without history: superusers only."""


@admin.register(User)
class UserAdmin(SuperuserOnly, BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Vai trò và địa bàn"), {"fields": ("role", "province", "district", "commune")}),
    )
    list_display = ["username", "last_name", "first_name", "role", "commune", "district", "province", "is_active"]
    list_filter = ["role", "is_active", "province"]

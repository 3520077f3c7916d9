"""Users in the Django admin (superusers only): the role and the unit that bound each user's area."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from povertyplan.models import User


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


@admin.register(User)
class UserAdmin(SuperuserOnly, BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Vai trò và địa bàn"), {"fields": ("role", "province", "district", "commune")}),
    )
    list_display = ["username", "last_name", "first_name", "role", "commune", "district", "province", "is_active"]
    list_filter = ["role", "is_active", "province"]

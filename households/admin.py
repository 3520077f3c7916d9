"""Django admin for administrators, narrowed by the same access rules as the pages.

Superusers see everything; a province administrator (staff) sees and corrects the units of their
province. Standards, indicators, ethnicities and causes are national data: superusers only.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from households import models
from povertyplan import access
from povertyplan.admin import SuperuserOnly


class ScopedAdmin(SimpleHistoryAdmin):
    """Rows limited to the user's area; province admins may change units of their province."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(access.scope_q(request.user, self.model.commune_path, access.VIEW))

    def _is_area_admin(self, request) -> bool:
        return request.user.is_superuser or (
            request.user.is_staff and request.user.role == access.Role.PROVINCE_ADMIN and request.user.province_id
        )

    def has_module_permission(self, request):
        return self._is_area_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_area_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_area_admin(request)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(models.Commune)
class CommuneAdmin(ScopedAdmin):
    list_display = ["name", "kind", "code", "district", "province", "valid_until"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "code"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser:
            form.base_fields["province"].queryset = models.Province.objects.filter(pk=request.user.province_id)
            form.base_fields["district"].queryset = models.District.objects.filter(province=request.user.province_id)
            form.base_fields["merged_into"].queryset = models.Commune.objects.filter(province=request.user.province_id)
        return form


@admin.register(models.Village)
class VillageAdmin(ScopedAdmin):
    list_display = ["name", "kind", "order", "commune", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "commune__name"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser:
            form.base_fields["commune"].queryset = models.Commune.objects.for_user(request.user)
        return form


class NationalAdmin(SuperuserOnly, SimpleHistoryAdmin):
    """National reference data: superusers only."""


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0


@admin.register(models.PovertyStandard)
class PovertyStandardAdmin(NationalAdmin):
    list_display = ["name", "first_year", "last_year", "rural_poverty_line", "urban_poverty_line", "confirmed"]
    inlines = [IndicatorInline]


@admin.register(models.Province)
class ProvinceAdmin(NationalAdmin):
    list_display = ["name", "kind", "code"]


@admin.register(models.District)
class DistrictAdmin(NationalAdmin):
    list_display = ["name", "kind", "code", "province", "valid_until"]
    list_filter = ["province"]


admin.site.register(models.Ethnicity, NationalAdmin)
admin.site.register(models.PovertyCause, NationalAdmin)

"""Django admin for administrators, narrowed by the same access rules as the pages.

Superusers see everything; a province administrator (staff) sees and corrects the units of their
province. Standards, indicators, ethnicities and causes are national data: superusers only.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.utils.translation import gettext as _

from households import models
from povertyplan import access
from povertyplan.admin import AccessRules, HistoryAdmin, ReferenceAdmin, SuperuserOnly
from povertyplan.numbers import format_number


class ScopedAdmin(AccessRules, HistoryAdmin):
    """Rows limited to what the access rules let the user correct (`access.ADMIN`: a province admin, the
    units of their province); every permission method, object included, asks povertyplan.access.

    Every view that takes an object id (change, delete, history) looks it up through the scoped queryset
    first: an object outside the user's area is 404, as on the pages.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user, access.ADMIN)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the user's area (or missing): 404 as on the pages, not a redirect with a message.
        raise Http404

    def _get_in_scope_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def delete_view(self, request, object_id, extra_context=None):
        # Django checks the delete right before looking the object up: look it up first, so that
        # outside the area is 404 and inside it without the right is 403.
        if not request.user.is_superuser:
            self._get_in_scope_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.is_superuser:  # superusers may still read a deleted unit's history
            self._get_in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        # The form's choices are narrowed to the user's area; this re-check after saving stops a unit
        # leaving it by any other path (NetBox's habit), rolling the save back.
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not access.admin_may(request.user, self.model, "change", obj):
                raise PermissionDenied


@admin.register(models.Commune)
class CommuneAdmin(ScopedAdmin):
    list_display = ["name", "kind", "code", "district", "province", "valid_until"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "code"]

    def get_list_filter(self, request):
        # A province administrator's list holds one province: a filter by province would only name others.
        # Only the districts that occur in their list (a plain related filter would list every district).
        return (
            self.list_filter if request.user.is_superuser else ["kind", ("district", admin.RelatedOnlyFieldListFilter)]
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user = request.user
        # The choices: the units the user may reach (all of them for a superuser).
        form.base_fields["province"].queryset = models.Province.objects.for_user(user)
        form.base_fields["district"].queryset = models.District.objects.for_user(user)
        # Never into itself, another province's commune, or a commune itself merged (Commune.merge_error).
        merge_targets = models.Commune.objects.for_user(user, access.ADMIN).filter(merged_into__isnull=True)
        if obj is not None:
            merge_targets = merge_targets.exclude(pk=obj.pk).filter(province_id=obj.province_id)
        form.base_fields["merged_into"].queryset = merge_targets
        return form


@admin.register(models.Village)
class VillageAdmin(ScopedAdmin):
    list_display = ["name", "kind", "order", "commune", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "commune__name"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["commune"].queryset = models.Commune.objects.for_user(request.user, access.ADMIN)
        return form


class NationalAdmin(SuperuserOnly, HistoryAdmin):
    """National reference data with history: superusers only."""


class IndicatorFormSet(BaseInlineFormSet):
    """Refuses to delete an indicator that assessments count among their deprivations.

    Deleting it would silently drop it from those households' deprivations and leave their status as
    classified with it (the M2M is plain, so nothing protects it at the database level).
    """

    def clean(self):
        super().clean()
        errors = []
        for form in self.deleted_forms:
            indicator = form.instance
            if indicator.pk is None:
                continue
            used = models.Assessment.objects.filter(deprivations=indicator).count()
            if used:
                errors.append(
                    _(
                        "Không thể xóa chỉ số “{name}”: {count} kết quả rà soát đang tính chỉ số này là thiếu hụt. "
                        "Hãy sửa các kết quả rà soát đó trước."
                    ).format(name=indicator, count=format_number(used))
                )
        if errors:
            raise ValidationError(errors)


class IndicatorInline(SuperuserOnly, admin.TabularInline):
    model = models.Indicator
    formset = IndicatorFormSet
    extra = 0


def _money_column(field_name: str):
    """A list column showing a money field the Vietnamese way (1.500.000)."""
    field = models.PovertyStandard._meta.get_field(field_name)

    @admin.display(description=field.verbose_name, ordering=field_name)
    def column(obj):
        return format_number(getattr(obj, field_name))

    column.__name__ = f"{field_name}_shown"
    return column


@admin.register(models.PovertyStandard)
class PovertyStandardAdmin(NationalAdmin):
    list_display = [
        "name",
        "first_year",
        "last_year",
        _money_column("rural_poverty_line"),
        _money_column("urban_poverty_line"),
        "confirmed",
    ]
    inlines = [IndicatorInline]


@admin.register(models.Province)
class ProvinceAdmin(NationalAdmin):
    list_display = ["name", "kind", "code"]


@admin.register(models.District)
class DistrictAdmin(NationalAdmin):
    list_display = ["name", "kind", "code", "province", "valid_until"]
    list_filter = ["province"]


admin.site.register(models.Ethnicity, ReferenceAdmin)
admin.site.register(models.PovertyCause, ReferenceAdmin)

"""The record in the Django admin: read-only for everyone (superusers included), scoped like the pages.

A province administrator reads the entries of their province; an entry outside it is 404. Nobody adds,
changes or deletes an entry here: the record is written by the services only.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404

from povertyplan import access
from povertyplan.audit.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action_shown", "object_label", "parent_label", "unit_name"]
    list_filter = ["action"]
    search_fields = ["actor_username", "actor_name", "object_label", "parent_label", "reason"]
    date_hierarchy = "at"
    list_select_related = False
    fields = [
        "at",
        "actor_username",
        "actor_name",
        "unit_name",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "parent_type",
        "parent_id",
        "parent_label",
        "before",
        "after",
        "reason",
        "request_id",
    ]
    readonly_fields = fields

    @admin.display(description=Entry._meta.get_field("action").verbose_name, ordering="action")
    def action_shown(self, obj):
        return obj.action_label

    def get_queryset(self, request):
        return Entry.objects.for_user(request.user)

    def _reader(self, request) -> bool:
        # Staff the rules give an admin to (a province administrator reads their province's entries).
        user = request.user
        return access.menu(user).admin and bool(user.is_superuser or user.province_id)

    def has_module_permission(self, request):
        return self._reader(request)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self._reader(request)
        return self._reader(request) and access.can(request.user, access.VIEW, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}  # no "delete selected"

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # outside the user's area, or missing: 404 as on the pages

    def delete_view(self, request, object_id, extra_context=None):
        # Django checks the right before the lookup: outside the area must still be 404, not 403.
        if self.get_object(request, object_id) is None:
            raise Http404
        return super().delete_view(request, object_id, extra_context)

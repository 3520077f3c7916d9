"""The record in the Django admin: read-only for everyone (superusers included), scoped like the pages.

A province administrator reads the entries of their province; an entry outside it is 404. Nobody adds,
changes or deletes an entry here: the record is written by the services only.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.http import Http404
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from povertyplan import access
from povertyplan.audit.history import view
from povertyplan.audit.models import Action, Entry


def type_label(label_lower: str) -> str:
    """A recorded object type ("households.village") as its model's Vietnamese name ("Thôn"); the code
    itself for a model that no longer exists."""
    try:
        model = apps.get_model(label_lower)
    except (LookupError, ValueError):
        return label_lower
    return capfirst(str(model._meta.verbose_name))


class ActionFilter(admin.SimpleListFilter):
    """The actions by their Vietnamese labels (every action of Action, recorded yet or not)."""

    title = Entry._meta.get_field("action").verbose_name
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return Action.choices

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action_shown", "object_label", "parent_label", "unit_name"]
    list_filter = [ActionFilter]
    search_fields = ["actor_username", "actor_name", "object_label", "parent_label", "reason"]
    date_hierarchy = "at"
    list_select_related = False
    fields = [
        "at",
        "actor_username",
        "actor_name",
        "unit_name",
        "action_shown",
        "object_type_shown",
        "object_id",
        "object_label",
        "parent_type_shown",
        "parent_id",
        "parent_label",
        "changes_shown",
        "reason",
        "request_id",
    ]
    readonly_fields = fields

    @admin.display(description=Entry._meta.get_field("action").verbose_name, ordering="action")
    def action_shown(self, obj):
        return obj.action_label

    @admin.display(description=Entry._meta.get_field("object_type").verbose_name)
    def object_type_shown(self, obj):
        return type_label(obj.object_type)

    @admin.display(description=Entry._meta.get_field("parent_type").verbose_name)
    def parent_type_shown(self, obj):
        return type_label(obj.parent_type)

    @admin.display(description=_("thay đổi (trước → sau)"))
    def changes_shown(self, obj):
        """Before → after one field a line, written as the history pages write them (history.view)."""
        shown = view(obj)
        if shown.created:
            lines = [(c.label, c.after) for c in shown.changes]
            heading = _("Thêm mới")
        elif shown.deleted:
            lines = [(c.label, c.before) for c in shown.changes]
            heading = _("Đã xóa")
        else:
            lines = [(c.label, f"{c.before} → {c.after}") for c in shown.changes]
            heading = ""
        body = format_html_join("", "<div>{}: {}</div>", lines)
        return format_html("<div><em>{}</em></div>{}", heading, body) if heading else body

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

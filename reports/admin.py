"""The issued originals and signed copies in the Django admin: read-only, for superusers only.

Nobody adds, changes or deletes one here: the originals are written once by the issue
(reports.issuing.store_original), the signed copies by their upload; the bytes are not shown (the pages
serve them, scoped), only their size and fingerprint.
"""

from __future__ import annotations

from django.contrib import admin

from reports.models import IssuedCopy, SignedCopy


class ReadOnlyForSuperusers:
    def _superuser(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


@admin.register(IssuedCopy)
class IssuedCopyAdmin(ReadOnlyForSuperusers, admin.ModelAdmin):
    list_display = ["reference", "issue_date", "issuing_body", "code", "sha256", "issued_at"]
    fields = [
        "plan",
        "number",
        "symbol",
        "issue_date",
        "issuing_body",
        "parent_body",
        "summary",
        "signer_name",
        "code",
        "sha256",
        "size",
        "issued_by",
        "issued_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf").select_related("plan", "issued_by")


@admin.register(SignedCopy)
class SignedCopyAdmin(ReadOnlyForSuperusers, admin.ModelAdmin):
    list_display = ["issued", "content_type", "sha256", "size", "uploaded_at"]
    fields = ["issued", "content_type", "sha256", "size", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content").select_related("issued", "uploaded_by")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "povertyplan.audit"
    label = "audit"
    verbose_name = _("Nhật ký thay đổi")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PovertyplanConfig(AppConfig):
    name = "povertyplan"
    verbose_name = _("Người dùng")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PovertyplanConfig(AppConfig):
    name = "povertyplan"
    verbose_name = _("Người dùng")

    def ready(self) -> None:
        from povertyplan import checks, collation  # noqa: F401  (register the check and the SQLite collation)

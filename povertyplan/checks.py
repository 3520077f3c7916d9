"""System checks of our own: production needs its secrets from the environment."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MISSING = "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set in the environment when DEBUG is off."


def _missing() -> bool:
    return not settings.DEBUG and not (settings.SECRET_KEY_FROM_ENV and settings.ALLOWED_HOSTS)


@checks.register(checks.Tags.security, deploy=True)
def production_secrets(app_configs, **kwargs):
    """`manage.py check --deploy` fails when production would run on a throwaway key or no hosts."""
    return [checks.Error(MISSING, id="povertyplan.E001")] if _missing() else []


def require_production_secrets() -> None:
    """Called by the WSGI entry point: serving without the secrets is refused outright."""
    if _missing():
        raise ImproperlyConfigured(MISSING)

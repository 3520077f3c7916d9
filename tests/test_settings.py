"""Production refuses to serve without its secrets; management commands need none."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from povertyplan.checks import production_secrets, require_production_secrets


def test_deploy_check_fails_without_secret_key(settings):
    settings.DEBUG, settings.SECRET_KEY_FROM_ENV, settings.ALLOWED_HOSTS = False, False, ["plan.example.vn"]
    assert [e.id for e in production_secrets(None)] == ["povertyplan.E001"]
    with pytest.raises(ImproperlyConfigured):
        require_production_secrets()


def test_deploy_check_fails_without_allowed_hosts(settings):
    settings.DEBUG, settings.SECRET_KEY_FROM_ENV, settings.ALLOWED_HOSTS = False, True, []
    assert [e.id for e in production_secrets(None)] == ["povertyplan.E001"]


def test_deploy_check_passes_with_both_secrets(settings):
    settings.DEBUG, settings.SECRET_KEY_FROM_ENV, settings.ALLOWED_HOSTS = False, True, ["plan.example.vn"]
    assert production_secrets(None) == []
    require_production_secrets()

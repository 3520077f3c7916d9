"""WSGI entry point (gunicorn povertyplan.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "povertyplan.settings")
application = get_wsgi_application()

from povertyplan.checks import require_production_secrets  # noqa: E402  (needs settings loaded)

require_production_secrets()

"""Guard against the suite silently staying on SQLite when PostgreSQL was asked for.

A fixture rewriting settings.DATABASES after pytest-django set up the test database would do that.
"""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_vendor_matches_environment():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:  # a real round trip, not only the configured backend
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)

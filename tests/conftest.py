"""Thin fixtures over the shared test support (tests/support/): the world, its plans, logged-in clients.

The world itself (two provinces, their units, households and one user per role) is built in
tests/support/world.py; factories for extra objects are in tests/support/factories.py.
"""

from __future__ import annotations

import os

import pytest

from tests.support.catalogues import stale_catalogues, stale_message

# A plan in each state (signed, submitted, approved, issued, transcribed), shared by the plan test modules.
# The world and its plans built once for a run of tests that share them (tests/support/shared_world.py).
# A document's HTML laid out by WeasyPrint once per run (tests/support/pdf_memo.py).
pytest_plugins = ["tests.support.plan_fixtures", "tests.support.shared_world", "tests.support.pdf_memo"]

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_sessionstart(session):
    """A plain `pytest` without compiled catalogues says what to run instead, and stops (exit code 4)."""
    stale = stale_catalogues()
    if stale:
        pytest.exit(stale_message(stale), returncode=4)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """Units, users and a few households in two provinces (tests/support/world.py)."""
    from tests.support.shared_world import shared_world
    from tests.support.world import build_world

    return shared_world() or build_world()


@pytest.fixture
def plans(world):
    """Điềm He's 2024 plan (a draft made from the counts), a reviewer's comment on it, Văn Quan's own plan."""
    from tests.support.shared_world import shared_plans
    from tests.support.world import build_plans

    return shared_plans(world) or build_plans(world)


@pytest.fixture
def login(client):
    """Log the test client in as a user of the world."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def official(world, login):
    """The test client as the Điềm He official."""
    return login(world.users.official_diem_he)


@pytest.fixture
def reviewer(world, login):
    """The test client as the Văn Quan reviewer."""
    return login(world.users.reviewer_van_quan)

"""The fixture world (and its plans) built once for a run of tests instead of once per test.

Building the world and its plans is most of the cost of a plain database test. Tests that use conftest's
`world` (or `plans`) and run inside a transaction (plain `django_db`) now share one copy: it is built inside
a transaction opened before the test's own (`atomic()`, which each test then nests in a savepoint and rolls
back), and each test gets its objects read afresh from the database, so nothing a test changes, in the
database or on the objects, reaches the next test.

The shared copy is rolled back (and the database is as migrated again) before any test that must not see
it: a test without the world, a transactional test (its own commits and flush), a test whose world or plans
fixture is its module's own, and every test of a module with a module- or class-scoped fixture that reaches
the database itself (its transaction must not interleave with ours). The world is built with the fast
password hasher the `_fast_passwords` fixture gives every test.

Registered by tests/conftest.py (`pytest_plugins`); `world` and `plans` there call `shared_world` / `shared_plans`.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import models, transaction
from django.test import override_settings
from pytest_django.plugin import blocking_manager_key

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


class _Shared:
    """What is built now: () nothing, ("world",) the world, ("world", "plans") the world and its plans."""

    def __init__(self):
        self.levels: list[tuple[str, transaction.Atomic, SimpleNamespace]] = []
        self.finalizer_added = False

    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _atomic, _ns in self.levels)

    def get(self, name: str) -> SimpleNamespace | None:
        for level, _atomic, ns in self.levels:
            if level == name:
                return ns
        return None

    def open(self, name: str, build) -> None:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                ns = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
        self.levels.append((name, atomic, ns))

    def close_to(self, keep: int) -> None:
        while len(self.levels) > keep:
            _name, atomic, _ns = self.levels.pop()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_shared = _Shared()
_excluded_modules: set[str] = set()


def _conftest_fixture(item, name: str) -> bool:
    defs = item._fixtureinfo.name2fixturedefs.get(name)
    return bool(defs) and defs[-1].func.__module__ == "tests.conftest"


def _own_db_fixture_above_function(item) -> bool:
    """A module-, class- or package-scoped fixture that opens the database itself (django_db_blocker)."""
    for defs in item._fixtureinfo.name2fixturedefs.values():
        d = defs[-1]
        ours = not d.func.__module__.startswith("pytest_django")  # its class-scoped unittest helper is inert here
        if ours and d.scope != "function" and "django_db_blocker" in d.argnames:
            return True
    return False


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    if marker and marker.args and marker.args[0]:  # django_db(True)
        return True
    return bool(TRANSACTIONAL & set(item.fixturenames))


def _wanted(item) -> tuple[str, ...]:
    if not hasattr(item, "_fixtureinfo") or item.module.__name__ in _excluded_modules:
        return ()
    if not _conftest_fixture(item, "world") or "world" not in item.fixturenames or _transactional(item):
        return ()
    if "plans" in item.fixturenames and _conftest_fixture(item, "plans"):
        return ("world", "plans")
    return ("world",)


def _db_ready(item) -> bool:
    defs = item._fixtureinfo.name2fixturedefs.get("django_db_setup")
    return bool(defs) and defs[-1].cached_result is not None


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        if hasattr(item, "_fixtureinfo") and _own_db_fixture_above_function(item):
            _excluded_modules.add(item.module.__name__)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    wanted = _wanted(item)
    have = _shared.names()
    if wanted == have:
        return
    keep = 0
    while keep < min(len(wanted), len(have)) and wanted[keep] == have[keep]:
        keep += 1
    blocker = item.config.stash[blocking_manager_key]
    with blocker.unblock():
        _shared.close_to(keep)
        if not wanted or not _db_ready(item):  # the first database test creates the database: it builds its own
            return
        if not _shared.finalizer_added:
            item.session.addfinalizer(_close_all(blocker))
            _shared.finalizer_added = True
        from tests.support.world import build_plans, build_world

        for name in wanted[keep:]:
            if name == "world":
                _shared.open("world", build_world)
            else:
                _shared.open("plans", lambda: build_plans(_shared.get("world")))


def _close_all(blocker):
    def close():
        with blocker.unblock():
            _shared.close_to(0)

    return close


def _reloaded(ns: SimpleNamespace) -> SimpleNamespace:
    """`ns` with every model instance in it read again from the database (one query a model)."""
    wanted: dict[type, set] = {}

    def collect(value):
        if isinstance(value, SimpleNamespace):
            for v in vars(value).values():
                collect(v)
        elif isinstance(value, models.Model):
            wanted.setdefault(type(value), set()).add(value.pk)

    collect(ns)
    loaded = {model: model._base_manager.in_bulk(pks) for model, pks in wanted.items()}

    def copy(value):
        if isinstance(value, SimpleNamespace):
            return SimpleNamespace(**{k: copy(v) for k, v in vars(value).items()})
        if isinstance(value, models.Model):
            return loaded[type(value)][value.pk]
        return value

    return copy(ns)


def shared_world() -> SimpleNamespace | None:
    """The shared world, read afresh, when this test shares it (else None: the test builds its own)."""
    ns = _shared.get("world")
    return _reloaded(ns) if ns is not None else None


def shared_plans(world: SimpleNamespace) -> SimpleNamespace | None:
    """The shared plans, read afresh, when this test shares them (else None)."""
    ns = _shared.get("plans")
    return _reloaded(ns) if ns is not None else None

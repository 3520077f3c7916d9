"""A plain `pytest` without compiled catalogues says what to run instead of failing obscurely."""

from __future__ import annotations

import os
import time

from tests.support.catalogues import stale_catalogues


def _catalogue(tmp_path, *, compiled: bool, older: bool = False):
    messages = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = messages / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    if compiled:
        mo = messages / "django.mo"
        mo.write_bytes(b"")
        if older:
            past = time.time() - 60
            os.utime(mo, (past, past))
    return tmp_path / "locale"


def test_a_missing_compiled_catalogue_is_named(tmp_path):
    assert stale_catalogues(_catalogue(tmp_path, compiled=False)) == ["locale/vi/LC_MESSAGES/django.po"]


def test_a_compiled_catalogue_older_than_its_source_is_named(tmp_path):
    assert stale_catalogues(_catalogue(tmp_path, compiled=True, older=True)) == ["locale/vi/LC_MESSAGES/django.po"]


def test_a_fresh_compiled_catalogue_passes(tmp_path):
    assert stale_catalogues(_catalogue(tmp_path, compiled=True)) == []

"""The compiled translation catalogues the suite needs, checked before any test runs.

Tests of Vietnamese and English text would fail for no reason of the code's when a catalogue (.po) has no
compiled form (.mo) or an older one: `make test` compiles them first, a plain `pytest` does not.
"""

from __future__ import annotations

from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent.parent / "locale"


def stale_catalogues(locale: Path = LOCALE) -> list[str]:
    """The catalogues (.po) whose compiled form (.mo) is missing or older, relative to the project."""
    stale = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(str(po.relative_to(locale.parent)))
    return stale


def stale_message(stale: list[str]) -> str:
    """What a plain `pytest` says, and stops on, when catalogues are stale."""
    return (
        "pytest stopped before running any test: the compiled translation catalogues (.mo) are missing or "
        "older than their source (.po): " + ", ".join(stale) + ".\n"
        "Run `make test` (compiles them, then runs the whole suite on SQLite and PostgreSQL), or "
        "`make messages` (needs gettext's msgfmt) and then pytest again."
    )

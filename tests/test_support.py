"""The tests' support package: a plain `pytest` without compiled catalogues stops and says what to run; the
factories make units and users that the access rules treat as the world's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from povertyplan import access
from tests.support.factories import CommuneFactory, HouseholdFactory, OfficialFactory, ReviewerFactory, VillageFactory
from tests.support.world import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def _copy_without_compiled_catalogues(tmp_path: Path) -> Path:
    """The tests' conftest and support package, and the catalogues' sources only (no .mo), in `tmp_path`."""
    tests = tmp_path / "tests"
    shutil.copytree(ROOT / "tests" / "support", tests / "support", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "tests" / "__init__.py", tests / "__init__.py")
    shutil.copy(ROOT / "tests" / "conftest.py", tests / "conftest.py")
    (tests / "test_never_run.py").write_text("def test_never_run():\n    raise AssertionError('ran')\n")
    for po in ROOT.glob("locale/*/LC_MESSAGES/*.po"):
        copy = tmp_path / po.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(po, copy)
    return tmp_path


def test_a_plain_pytest_without_compiled_catalogues_says_what_to_run_and_stops(tmp_path):
    copy = _copy_without_compiled_catalogues(tmp_path)
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "povertyplan.settings",
        "DJANGO_DEBUG": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 4, output
    assert "pytest stopped before running any test" in output
    assert "locale/vi/LC_MESSAGES/django.po" in output
    assert "Run `make test`" in output
    assert "`make messages` (needs gettext's msgfmt) and then pytest again" in output
    assert "Traceback" not in output
    assert "test_never_run" not in output


def test_factories_make_units_in_the_worlds_provinces(world):
    commune = CommuneFactory(district=world.districts.van_quan)
    villages = VillageFactory.create_batch(3, commune=commune)
    assert commune.province == world.provinces.lang_son
    first = villages[0].order  # the sequence runs on across tests
    assert [(v.name, v.order) for v in villages] == [(f"Thôn {n}", n) for n in range(first, first + 3)]


def test_an_official_from_the_factory_reaches_their_commune_only(world):
    commune = CommuneFactory(district=world.districts.van_quan)
    official = OfficialFactory(commune=commune)
    assert (official.role, official.province) == (access.Role.OFFICIAL, world.provinces.lang_son)
    assert official.check_password(PASSWORD)
    assert access.can(official, access.CHANGE, commune)
    assert not access.can(official, access.VIEW, world.communes.diem_he)


def test_a_reviewer_from_the_factory_reviews_their_district(world):
    reviewer = ReviewerFactory(district=world.districts.van_quan)
    assert reviewer.province == world.provinces.lang_son
    assert access.can(reviewer, access.VIEW, world.communes.diem_he)
    assert not access.can(reviewer, access.VIEW, world.communes.ha_trung)


def test_a_household_from_the_factory_has_its_search_key(world):
    household = HouseholdFactory(village=world.villages.na_sung, head_name="Đinh Văn Tùng")
    assert (household.village.commune, household.search_name) == (world.communes.diem_he, "dinh van tung")


def test_no_file_refers_to_notes_outside_the_repository():
    """Comments and docs point into the repository (docs/), never at notes a clone does not have."""
    outside = ["/wo" + "rk/", "../sha" + "red", "DOM" + "AIN.md", "DOM" + "AIN §", "STA" + "CK.md", "STY" + "LE.md"]
    found = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if path.is_dir() or parts[0] in {".venv", ".git", "node_modules"} or "__pycache__" in parts:
            continue
        if path.suffix not in {".py", ".md", ".html", ".txt", ".toml", ".cfg", ".js", ".css"} and path.name not in {
            "Makefile",
            "run",
        }:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}: {word}" for word in outside if word in text]
    assert found == []

"""Migrations do what they did when they were written: a data migration loads a frozen copy of its data.

A data migration (RunPython) imports nothing from the project's apps, at module level or inside its
functions, and reads its data only from beside itself (`<app>/migrations/data/`). A schema migration may
name the project's field classes and validators (Django writes them as references); nothing else.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = ("povertyplan", "households", "plans", "reports")
# The project modules a schema migration may reference: field classes and validators Django serialises.
SCHEMA_REFERENCES = {"povertyplan.fields", "plans.limits"}
MIGRATIONS = sorted(p for app in PROJECT_APPS for p in (ROOT / app / "migrations").glob("[0-9]*.py"))


def _imported_modules(tree: ast.AST) -> set[str]:
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.ImportFrom):
            modules.add("." * node.level + (node.module or ""))
    return modules


def _project_imports(tree: ast.AST) -> set[str]:
    return {m for m in _imported_modules(tree) if m.startswith(".") or m.split(".")[0] in PROJECT_APPS}


def _is_data_migration(source: str) -> bool:
    return "RunPython" in source


def _name(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.stem}"


def test_the_data_migrations_are_found():
    data = {_name(p) for p in MIGRATIONS if _is_data_migration(p.read_text(encoding="utf-8"))}
    assert {"households/0003_reference_data", "households/0004_counts_registry", "plans/0002_program_catalogue"} <= data


def _code_run_by_the_migration(tree: ast.Module) -> list[ast.AST]:
    """The functions a migration runs (RunPython's and their helpers): everything defined at module level."""
    return [node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name != "Migration"]


def _names_used(nodes: list[ast.AST]) -> set[str]:
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name)}


@pytest.mark.parametrize("path", MIGRATIONS, ids=_name)
def test_no_migration_imports_the_apps_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports = _project_imports(tree)
    assert imports <= SCHEMA_REFERENCES, f"{_name(path)} imports {sorted(imports - SCHEMA_REFERENCES)}"
    code = _code_run_by_the_migration(tree)
    assert _project_imports(ast.Module(body=code, type_ignores=[])) == set()
    used = _names_used(code)
    assert not used & set(PROJECT_APPS), f"{_name(path)} runs code of {sorted(used & set(PROJECT_APPS))}"


@pytest.mark.parametrize("path", MIGRATIONS, ids=_name)
def test_data_files_are_read_from_beside_the_migration(path):
    source = path.read_text(encoding="utf-8")
    assert "parent.parent" not in source, f"{_name(path)} reads a file outside its migrations folder"
    for name in ("json", "csv"):
        for token in source.split('"'):
            if token.endswith(f".{name}"):
                assert (path.parent / "data" / token).is_file(), f"{_name(path)}: {token} is not in migrations/data"


def test_the_frozen_reference_data_is_what_the_database_holds(db):
    from households.models import Ethnicity, PovertyCause, PovertyStandard
    from plans.models import ProgramVersion

    data = ROOT / "households" / "migrations" / "data"
    ethnicities = json.loads((data / "0003_ethnicities.json").read_text(encoding="utf-8"))
    causes = json.loads((data / "0003_causes.json").read_text(encoding="utf-8"))
    standards = json.loads((data / "0003_standards.json").read_text(encoding="utf-8"))
    programs = json.loads((ROOT / "plans" / "migrations" / "data" / "0002_programs.json").read_text(encoding="utf-8"))
    assert list(Ethnicity.objects.order_by("order").values_list("name", flat=True)) == ethnicities
    assert [[c.code, c.name] for c in PovertyCause.objects.order_by("order")] == causes
    assert sorted(PovertyStandard.objects.values_list("first_year", flat=True)) == sorted(
        s["first_year"] for s in standards
    )
    assert sorted(ProgramVersion.objects.values_list("code", flat=True)) == sorted(p["code"] for p in programs)


def test_the_frozen_search_key_agrees_with_the_apps_today():
    """The copy in households/0004 is the app's function as of that migration; they agree on these names."""
    import importlib

    from households.names import search_key

    frozen = importlib.import_module("households.migrations.0004_counts_registry").search_key
    for name in ("Đinh Văn  TÙNG", "Nguyễn Thị Ðào", "Lò\u200bVăn Tèo", "  Hoàng   Bình ", ""):
        assert frozen(name) == search_key(name)

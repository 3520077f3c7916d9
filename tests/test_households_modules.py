"""The households app by job: the writes in services, one assessment used by every writer, thin views.

The pure function's rules are tested in test_assessment.py; here, that the service and the demo
generator go through it, that the conflict helpers shared with plans live in povertyplan.concurrency,
and that the registry's views stay short.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from types import SimpleNamespace

import pytest

from households import assessment, counts, demo, services
from households.models import Status
from povertyplan.concurrency import MISSING_VERSION, ConflictError, check_version
from tests.support.world import make_household

HOUSEHOLDS = Path(__file__).resolve().parent.parent / "households"


@pytest.fixture
def assess_calls(monkeypatch):
    """Every call of `assess` made through `module`, recorded with its result."""
    calls = []

    def spy_on(module):
        def spy(answers, standard):
            result = assessment.assess(answers, standard)
            calls.append((answers, standard, result))
            return result

        monkeypatch.setattr(module, "assess", spy)
        return calls

    return spy_on


@pytest.mark.django_db
def test_saving_a_household_classifies_it_through_the_one_assessment(world, assess_calls):
    calls = assess_calls(services)
    record = make_household(
        world.users.official_diem_he, world.villages.thong_nhat, 2024, income=1_100_000, deprivations=4
    )
    assert len(calls) == 1
    answers, standard, result = calls[0]
    assert (answers.year, answers.area, answers.income_per_capita, len(answers.deprivations)) == (
        2024,
        "rural",
        1_100_000,
        4,
    )
    assert standard.pk == record.standard_id
    record.refresh_from_db()
    assert (record.computed_status, record.status, record.deprivation_count) == (Status.POOR, Status.POOR, 4)
    assert sorted(record.deprivations.values_list("pk", flat=True)) == sorted(i.pk for i in result.deprivations)


@pytest.mark.django_db
def test_the_demo_registry_is_classified_through_the_one_assessment(world, assess_calls):
    calls = assess_calls(demo)
    demo.generate_registry(world.villages.thong_nhat, 2024, total=12, poor=2, near_poor=3, seed=7)
    assert len(calls) == 12
    assert [r.status for _, _, r in calls].count(Status.POOR) == 2
    row = counts.village_count(world.villages.thong_nhat, 2024)
    assert (row.total, row.poor, row.near_poor, row.source) == (12, 2, 3, counts.Source.REGISTRY)


def test_the_households_services_module_holds_only_the_writes():
    defined = {
        name
        for name, value in vars(services).items()
        if inspect.isfunction(value) and value.__module__ == services.__name__ and not name.startswith("_")
    }
    assert defined == {"save_household", "save_village_counts"}


def test_the_assessment_module_cannot_query():
    tree = ast.parse((HOUSEHOLDS / "assessment.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m.startswith(("django.db", "households.lookups", "households.counts"))}
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert not attributes & {"objects", "filter", "save", "select_for_update", "delete"}


def test_every_registry_view_is_about_twenty_five_lines():
    tree = ast.parse((HOUSEHOLDS / "views.py").read_text(encoding="utf-8"))
    views = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.decorator_list]
    assert {v.name for v in views} == {
        "home",
        "commune",
        "village",
        "household_create",
        "household",
        "household_edit",
        "counts_edit",
    }
    lengths = {v.name: v.end_lineno - v.lineno + 1 for v in views}
    assert max(lengths.values()) <= 28, lengths


def test_the_conflict_helpers_shared_with_plans_live_in_povertyplan_concurrency():
    assert ConflictError.__module__ == "povertyplan.concurrency"
    with pytest.raises(ConflictError) as missing:
        check_version(SimpleNamespace(version=3), None)
    assert missing.value.messages == [str(MISSING_VERSION)]
    assert missing.value.versions == {}
    with pytest.raises(ConflictError) as stale:
        check_version(SimpleNamespace(version=3), 2, lambda obj: f"đã lưu phiên bản {obj.version}", "household_version")
    assert stale.value.messages[0] == "đã lưu phiên bản 3"
    assert stale.value.versions == {"household_version": 3}
    check_version(SimpleNamespace(version=3), 3)  # the version edited is the one saved: no refusal

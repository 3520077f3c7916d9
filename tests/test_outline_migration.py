"""plans/0013-0015: every plan's fixed sections and texts become its outline, in the page's order, and a
comment on a section keeps pointing at it (the node's key is the old section's)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F

BEFORE = [("plans", "0012_table"), ("households", "0008_imports")]
AFTER = [("plans", "0015_outline_fields")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_the_fixed_sections_become_the_outline_and_comments_keep_their_place():
    old = _migrate(BEFORE)
    province = old.get_model("households", "Province").objects.create(name="Lạng Sơn", kind="tinh")
    commune = old.get_model("households", "Commune").objects.create(province=province, name="Điềm He", kind="xa")
    program = old.get_model("plans", "ProgramVersion").objects.get_or_create(
        code="mtqg-test", defaults={"name": "MTQG", "first_year": 2021, "last_year": 2025}
    )[0]
    user = old.get_model("povertyplan", "User").objects.create(username="huyen.vanquan")
    Plan = old.get_model("plans", "Plan")
    texts = {
        "purpose": "Mục đích.",
        "situation_text": "Nguyên nhân nghèo.",
        "previous_results_text": "",
        "general_goal": "Giảm nghèo bền vững.",
        "tasks_solutions": "a) Tuyên truyền.\nb) Sinh kế.",
        "funding_text": "Lồng ghép.",
    }
    plan = Plan.objects.create(
        commune=commune, year=2024, program=program, issuing_body="UBND XÃ", place="Điềm He", summary="KH", **texts
    )
    with_results = Plan.objects.create(
        commune=commune,
        year=2024,
        revision=2,
        program=program,
        issuing_body="UBND XÃ",
        place="Điềm He",
        summary="KH",
        previous_results_text="Năm 2023 giảm 9 hộ.",
    )
    comment = old.get_model("plans", "ReviewComment").objects.create(
        plan=plan, section="goals", text="Xem lại.", by=user
    )

    new = _migrate(AFTER)
    Node = new.get_model("plans", "OutlineNode")
    nodes = list(
        Node.objects.filter(plan_id=plan.pk)
        .order_by(F("parent_id").asc(nulls_first=True), "order")
        .values_list("key", "order", "style", "heading", "text", "part", "parent__key", "annex_title")
    )
    assert nodes == [
        ("purpose", 1, "roman", "MỤC ĐÍCH, YÊU CẦU", "Mục đích.", "", None, ""),
        ("situation", 2, "roman", "THỰC TRẠNG, NGUYÊN NHÂN NGHÈO", "Nguyên nhân nghèo.", "figures", None, ""),
        ("goals", 3, "roman", "MỤC TIÊU", "Giảm nghèo bền vững.", "targets", None, ""),
        ("projects", 4, "roman", "DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN", "", "projects", None, ""),
        ("tasks", 5, "roman", "NHIỆM VỤ VÀ GIẢI PHÁP", "a) Tuyên truyền.\nb) Sinh kế.", "", None, ""),
        ("funding", 6, "roman", "KINH PHÍ", "Lồng ghép.", "funding", None, ""),
        ("responsibilities", 7, "roman", "TỔ CHỨC THỰC HIỆN", "", "responsibilities", None, ""),
        ("reporting", 8, "roman", "CHẾ ĐỘ BÁO CÁO", "", "reporting", None, ""),
        (
            "village-table",
            1,
            "arabic",
            "Bảng chỉ tiêu theo thôn",
            "",
            "village-table",
            "goals",
            "DỰ KIẾN CHỈ TIÊU GIẢM HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2024",
        ),
    ]
    keys = list(Node.objects.filter(plan_id=with_results.pk, parent=None).order_by("order").values_list("key", "text"))
    assert keys[:4] == [("purpose", ""), ("situation", ""), ("previous", "Năm 2023 giảm 9 hộ."), ("goals", "")]
    assert new.get_model("plans", "ReviewComment").objects.get(pk=comment.pk).section == "goals"
    assert not any(f.name == "general_goal" for f in new.get_model("plans", "Plan")._meta.get_fields())

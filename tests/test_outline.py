"""The plan's own outline (plans/outline_models.py, plans/outline.py): the model, the numbering the
document computes from it, the editing services (version, refusals, the record), the default outline,
the outline carried into next year's plan and into a revision."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans import document, outline, workflow
from plans.creation import create_plan
from plans.models import OutlineNode, Part, Plan, Style
from plans.outline_models import default_style
from plans.snapshot import diff, snapshot
from povertyplan.audit.models import Action, Entry
from povertyplan.concurrency import ConflictError
from tests.support.plans import PLAN_CONFLICT, set_text
from tests.support.world import fresh

DEFAULT_KEYS = [
    ("purpose", 1),
    ("situation", 1),
    ("goals", 1),
    ("village-table", 2),
    ("projects", 1),
    ("tasks", 1),
    ("funding", 1),
    ("responsibilities", 1),
    ("reporting", 1),
]


def _outline(plan: Plan) -> list[tuple[str, str, int]]:
    """(number, heading, level) of every node of the plan's body, in document order."""
    return [(n.number, n.heading, n.level) for top in document.body(fresh(plan)) for n in top.walk()]


def _keys(plan: Plan) -> list[tuple[str, int]]:
    return [(node.key, depth) for node, depth in outline.in_order(fresh(plan).outline.all())]


# ---------------------------------------------------------------- the model and the numbering


def test_the_styles_are_the_documents_and_default_by_depth():
    assert tuple(Style.values) == document.STYLES
    assert [default_style(d) for d in (1, 2, 3, 4, 5)] == ["roman", "arabic", "letter", "dash", "plus"]


def test_a_new_commune_plan_starts_from_the_default_outline(plan):
    assert _keys(plan) == DEFAULT_KEYS
    assert _outline(plan)[:4] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU", 1),
        ("II.", "THỰC TRẠNG, NGUYÊN NHÂN NGHÈO", 1),
        ("III.", "MỤC TIÊU", 1),
        ("1.", "Bảng chỉ tiêu theo thôn", 2),
    ]
    table = plan.outline.get(key="village-table")
    assert (table.part, table.annex_title) == (
        Part.VILLAGE_TABLE,
        "DỰ KIẾN CHỈ TIÊU GIẢM HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2024",
    )
    parts = dict(plan.outline.exclude(part="").values_list("key", "part"))
    assert parts == {
        "situation": "figures",
        "goals": "targets",
        "village-table": "village-table",
        "projects": "projects",
        "funding": "funding",
        "responsibilities": "responsibilities",
        "reporting": "reporting",
    }


def test_a_part_is_placed_once_per_plan_and_a_key_named_once(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        OutlineNode.objects.create(plan=plan, key="muc-x", order=9, part=Part.PROJECTS)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutlineNode.objects.create(plan=plan, key="goals", order=9)
    OutlineNode.objects.create(plan=plan, key="muc-y", order=9)  # a node without a part: any number of them


def test_siblings_of_the_same_numbered_style_count_and_dashes_do_not(plan, users):
    by = users.official_diem_he
    tasks = "tasks"
    for heading, style in [("Tuyên truyền", "letter"), ("Ghi chú", "none"), ("Sinh kế", "letter"), ("Vốn", "dash")]:
        outline.add_node(
            by=by,
            plan=fresh(plan),
            version=fresh(plan).version,
            parent=tasks,
            data={"heading": heading, "style": style},
        )
    [node] = [n for n in document.body(fresh(plan)) if n.key == tasks]
    assert [(c.number, c.heading, c.level) for c in node.children] == [
        ("a)", "Tuyên truyền", 2),
        ("", "Ghi chú", 2),
        ("b)", "Sinh kế", 2),
        ("-", "Vốn", 2),
    ]


def test_the_letters_skip_f_j_w_z_and_put_dd_after_d():
    assert [document.number_for("letter", i) for i in range(1, 8)] == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]


# ---------------------------------------------------------------- the services


def test_adding_a_section_after_another_renumbers_what_follows_and_is_recorded(plan, users):
    by = users.official_diem_he
    node = outline.add_node(
        by=by,
        plan=plan,
        version=plan.version,
        after="situation",
        data={"heading": "KẾT QUẢ NĂM 2023", "text": "Giảm 9 hộ."},
    )
    assert (node.key, node.style, node.parent_id) == ("muc-10", "roman", None)
    numbers = [n for n in _outline(plan) if n[2] == 1]
    assert numbers[:4] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU", 1),
        ("II.", "THỰC TRẠNG, NGUYÊN NHÂN NGHÈO", 1),
        ("III.", "KẾT QUẢ NĂM 2023", 1),
        ("IV.", "MỤC TIÊU", 1),
    ]
    assert fresh(plan).version == plan.version + 1
    entries = Entry.objects.filter(action=Action.PLAN_OUTLINE, parent_id=plan.pk)
    created = entries.get(object_id=node.pk)
    assert (created.before, created.after["heading"], created.after["text"]) == ({}, "KẾT QUẢ NĂM 2023", "Giảm 9 hộ.")
    # The sections after it moved one place down: one entry each, orders only.
    moved = {e.object_label: (e.before["order"], e.after["order"]) for e in entries.exclude(object_id=node.pk)}
    assert moved["Mục của kế hoạch: MỤC TIÊU"] == (3, 4)
    assert len(moved) == 6


def test_a_stale_version_is_refused_naming_who_saved_and_nothing_changes(plan, users):
    by = users.official_diem_he
    seen = plan.version
    outline.save_node(by=by, plan=plan, version=seen, key="purpose", data={"text": "Bản của người thứ nhất."})
    with pytest.raises(ConflictError) as refused:
        outline.save_node(by=by, plan=plan, version=seen, key="purpose", data={"text": "Bản cũ."})
    message = refused.value.messages[0]
    assert message.startswith("Kế hoạch vừa được người khác cập nhật (xa.diemhe, ")
    assert message.endswith(PLAN_CONFLICT.split("cập nhật")[1])
    assert plan.outline.get(key="purpose").text == "Bản của người thứ nhất."
    with pytest.raises(ConflictError):
        outline.move_node(by=by, plan=plan, version=seen, key="tasks", direction=outline.UP)
    assert _keys(plan) == DEFAULT_KEYS


def test_moves_up_down_in_and_out(plan, users):
    by = users.official_diem_he

    def move(key, direction):
        outline.move_node(by=by, plan=fresh(plan), version=fresh(plan).version, key=key, direction=direction)

    move("tasks", outline.UP)
    assert [k for k, d in _keys(plan) if d == 1][3:5] == ["tasks", "projects"]
    move("tasks", outline.DOWN)
    move("tasks", outline.IN)  # under "projects", the section before it
    assert ("tasks", 2) in _keys(plan)
    assert fresh(plan).outline.get(key="tasks").parent.key == "projects"
    assert [n for n in _outline(plan) if n[1] == "NHIỆM VỤ VÀ GIẢI PHÁP"] == [("1.", "NHIỆM VỤ VÀ GIẢI PHÁP", 2)]
    move("tasks", outline.OUT)
    assert _keys(plan) == DEFAULT_KEYS
    assert fresh(plan).outline.get(key="tasks").style == Style.ROMAN
    entries = Entry.objects.filter(action=Action.PLAN_OUTLINE, parent_id=plan.pk)
    assert entries.filter(object_label="Mục của kế hoạch: NHIỆM VỤ VÀ GIẢI PHÁP").count() == 4


@pytest.mark.parametrize(
    ("key", "direction", "message"),
    [
        ("purpose", "up", "Mục đã ở đầu."),
        ("reporting", "down", "Mục đã ở cuối."),
        ("purpose", "in", "Không có mục nào phía trên cùng cấp để đưa mục này vào."),
        ("purpose", "out", "Mục đã ở cấp cao nhất."),
    ],
)
def test_a_move_that_cannot_be_made_is_refused_saying_why(plan, users, key, direction, message):
    with pytest.raises(ValidationError) as refused:
        outline.move_node(by=users.official_diem_he, plan=plan, version=plan.version, key=key, direction=direction)
    assert refused.value.messages == [message]
    assert (_keys(plan), fresh(plan).version) == (DEFAULT_KEYS, plan.version)


def test_the_village_table_stays_in_a_commune_plan(plan, users):
    by = users.official_diem_he
    with pytest.raises(ValidationError) as refused:
        outline.delete_node(by=by, plan=plan, version=plan.version, key="goals")  # it holds the table
    assert "chứa bảng chỉ tiêu theo thôn" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        outline.save_node(by=by, plan=plan, version=plan.version, key="village-table", data={"part": ""})
    assert refused.value.messages == ["Kế hoạch của xã luôn có bảng chỉ tiêu theo thôn: hãy đặt nó ở mục khác trước."]
    assert (_keys(plan), fresh(plan).version) == (DEFAULT_KEYS, plan.version)


def test_a_part_placed_twice_is_refused_naming_where_it_is(plan, users):
    with pytest.raises(ValidationError) as refused:
        outline.save_node(
            by=users.official_diem_he, plan=plan, version=plan.version, key="tasks", data={"part": Part.PROJECTS}
        )
    assert refused.value.messages == [
        "“Dự án, tiểu dự án” đã được đặt ở mục “DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN”: mỗi phần chỉ đặt ở một mục."
    ]


def test_deleting_a_section_takes_its_subsections_and_is_recorded(plan, users):
    by = users.official_diem_he
    outline.add_node(by=by, plan=plan, version=plan.version, parent="tasks", data={"heading": "Tuyên truyền"})
    outline.delete_node(by=by, plan=fresh(plan), version=fresh(plan).version, key="tasks")
    assert [k for k, _d in _keys(plan)] == [k for k, _d in DEFAULT_KEYS if k != "tasks"]
    deleted = Entry.objects.filter(action=Action.PLAN_OUTLINE, parent_id=plan.pk, after={})
    assert sorted(e.object_label for e in deleted) == [
        "Mục của kế hoạch: NHIỆM VỤ VÀ GIẢI PHÁP",
        "Mục của kế hoạch: Tuyên truyền",
    ]
    assert [n[0] for n in _outline(plan) if n[2] == 1] == ["I.", "II.", "III.", "IV.", "V.", "VI.", "VII."]


def test_a_submitted_plans_outline_cannot_be_changed(submitted, users):
    with pytest.raises(ValidationError) as refused:
        outline.save_node(
            by=users.official_diem_he, plan=submitted, version=submitted.version, key="purpose", data={"text": "x"}
        )
    assert refused.value.messages == ["Kế hoạch đang ở trạng thái “Đã trình”: không sửa được."]


# ---------------------------------------------------------------- creation and revisions


def test_next_years_plan_starts_from_this_years_outline(plan, users, world):
    by = users.official_diem_he
    outline.add_node(
        by=by, plan=plan, version=plan.version, parent="tasks", data={"heading": "Tuyên truyền", "text": "Họp thôn."}
    )
    outline.save_node(
        by=by, plan=fresh(plan), version=fresh(plan).version, key="goals", data={"heading": "MỤC TIÊU NĂM 2024"}
    )
    plan.outline.create(key="previous", order=20, heading="KẾT QUẢ NĂM TRƯỚC", text="Năm 2023 giảm 9 hộ nghèo.")
    nxt = create_plan(by=by, commune=world.communes.diem_he, year=2025)
    assert _keys(nxt) == _keys(plan)
    assert _outline(nxt) == _outline(plan)
    assert nxt.outline.get(key="muc-10").text == "Họp thôn."
    assert nxt.outline.get(key="previous").text == ""  # last year's results are not carried
    assert nxt.outline.get(key="village-table").annex_title.endswith("NĂM 2025")


def test_a_revision_copies_the_outline_with_its_keys(issued, users):
    set_text(issued, "goals", "Giảm 3 hộ nghèo.")
    revision = workflow.new_revision(by=users.official_diem_he, plan=issued, version=issued.version)
    assert revision.pk != issued.pk
    assert _keys(revision) == _keys(issued)
    assert revision.outline.get(key="goals").text == "Giảm 3 hộ nghèo."
    assert revision.outline.get(key="village-table").annex_title == issued.outline.get(key="village-table").annex_title


def test_a_district_plan_gets_the_default_outline(plans):
    assert [k for k, _d in _keys(plans.van_quan)] == [k for k, _d in DEFAULT_KEYS]
    assert plans.van_quan.outline.get(key="village-table").part == Part.VILLAGE_TABLE  # its communes' roll-up


# ---------------------------------------------------------------- snapshots


def test_a_snapshot_of_before_the_outline_reads_as_the_default_outline(plan):
    set_text(plan, "purpose", "Mục đích.")
    now = snapshot(fresh(plan))
    assert now["format"] == 3
    # The same content as format 2 stored it: the texts as plan fields, no headings, no node items.
    old = [item for item in now["items"] if not item[1].startswith(f"{item[0]}:")]
    old += [["purpose", "purpose", "mục đích, yêu cầu", "Mục đích."], ["goals", "general_goal", "mục tiêu chung", ""]]
    before = {"format": 2, "items": old, "lines": now["lines"]}
    assert diff(before, now) == []
    set_text(plan, "goals", "Giảm nghèo.")
    [change] = diff(before, snapshot(fresh(plan)))
    assert (change.section, change.label, change.before, change.after) == ("goals", "Nội dung", "", "Giảm nghèo.")
    assert change.section_label == "III. MỤC TIÊU"

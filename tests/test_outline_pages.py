"""The pages editing a plan's outline (plans/outline_views.py): each section's "Sửa" on the plan page, the
section's editor keeping what was typed on an error or a conflict, adding, moving and deleting (with its
confirmation and its refusal for the village table), the list editors returning to their section, and a
reviewer's comment anchored on a section."""

from __future__ import annotations

import re

from django.urls import reverse

from plans import outline, services
from plans.models import ReviewComment
from tests.support.pages import form_fields, page
from tests.support.plans import go
from tests.support.world import fresh


def _node_url(plan, key):
    return reverse("plan_outline_node", args=[plan.pk, key])


def test_each_section_of_the_plan_page_has_its_own_edit_leading_to_its_editor(plan, official):
    content = page(official.get(reverse("plan", args=[plan.pk])))
    for key in ("purpose", "situation", "goals", "village-table", "tasks", "reporting"):
        link = re.search(rf'href="([^"]+)" data-testid="edit-{key}"', content)
        assert link.group(1) == _node_url(plan, key), key
    # A section placing a list part also leads to the list's editor, and the village table to the grid.
    assert f'href="{reverse("plan_part", args=[plan.pk, "du-an"])}" data-testid="edit-rows-projects"' in content
    assert f'href="{reverse("plan_grid", args=[plan.pk])}" data-testid="edit-rows-village-table"' in content
    titles = re.findall(r'data-testid="node-title">([^<]*)<', content)
    # Numbered as the PDF prints them: the empty "Mục đích" is left out, so "Thực trạng" is "I.".
    assert titles[:4] == [
        "MỤC ĐÍCH, YÊU CẦU",
        "I. THỰC TRẠNG, NGUYÊN NHÂN NGHÈO",
        "II. MỤC TIÊU",
        "1. Bảng chỉ tiêu theo thôn",
    ]


def test_the_section_editor_saves_and_returns_to_the_section(plan, official):
    url = _node_url(plan, "tasks")
    body = form_fields(official.get(url), "outline-node-form")
    assert body["heading"] == "NHIỆM VỤ VÀ GIẢI PHÁP"
    response = official.post(url, body | {"heading": "NHIỆM VỤ, GIẢI PHÁP", "text": "Tuyên truyền.\nVận động."})
    assert response.status_code == 302
    assert response.url == reverse("plan", args=[plan.pk]) + "#tasks"
    node = plan.outline.get(key="tasks")
    assert (node.heading, node.text) == ("NHIỆM VỤ, GIẢI PHÁP", "Tuyên truyền.\r\nVận động.".replace("\r", ""))
    content = page(official.get(reverse("plan", args=[plan.pk])))
    assert '<div id="text-tasks" class="outline-text"><p>Tuyên truyền.</p><p>Vận động.</p></div>' in content


def test_an_error_keeps_what_was_typed_and_saves_nothing(plan, official):
    url = _node_url(plan, "tasks")
    body = form_fields(official.get(url), "outline-node-form")
    typed = "Nội dung dài " + "x" * 20_000
    response = official.post(url, body | {"text": typed})
    assert response.status_code == 200
    content = page(response)
    assert "quá giới hạn 20.000 ký tự" in content
    assert typed in content
    response = official.post(url, body | {"heading": "", "text": "", "part": ""})
    assert "Hãy ghi tiêu đề hoặc nội dung của mục." in page(response)
    assert (plan.outline.get(key="tasks").text, fresh(plan).version) == ("", plan.version)


def test_a_conflict_names_who_saved_and_keeps_the_typing(plan, world, official):
    url = _node_url(plan, "purpose")
    body = form_fields(official.get(url), "outline-node-form")
    services.save_plan_fields(by=world.users.official_diem_he, plan=plan, version=plan.version, data={"closing": "."})
    response = official.post(url, body | {"text": "Của tôi."})
    assert response.status_code == 200
    content = page(response)
    assert re.search(r"Kế hoạch vừa được người khác cập nhật \(xa\.diemhe, \d\d:\d\d \d\d/\d\d/\d{4}\)", content)
    assert "Của tôi.</textarea>" in content
    assert plan.outline.get(key="purpose").text == ""


def test_adding_a_subsection_from_the_outline_page(plan, official):
    content = page(official.get(reverse("plan_outline", args=[plan.pk])))
    add = reverse("plan_outline_add", args=[plan.pk]) + "?parent=tasks"
    assert f'href="{add}" data-testid="add-child"' in content
    form = official.get(add)
    body = form_fields(form, "outline-add-form")
    assert (body["parent"], body["style"]) == ("tasks", "arabic")  # a clause: "1."
    response = official.post(reverse("plan_outline_add", args=[plan.pk]), body | {"heading": "Tuyên truyền"})
    node = plan.outline.get(heading="Tuyên truyền")
    assert response.url == reverse("plan", args=[plan.pk]) + f"#{node.key}"
    assert node.parent.key == "tasks"
    content = page(official.get(reverse("plan", args=[plan.pk])))
    assert f'id="{node.key}" data-testid="node" data-key="{node.key}" data-level="2"' in content
    # Still empty, it will not print: no number, a "không in" badge.
    assert re.search(r'data-testid="node-title">Tuyên truyền</h3>\s*<span[^>]*data-testid="not-printed"', content)


def test_a_move_is_a_post_and_returns_to_the_outline_at_the_section(plan, official):
    url = reverse("plan_outline_move", args=[plan.pk, "tasks", "up"])
    assert official.get(url).status_code == 405
    response = official.post(url, {"version": plan.version})
    assert response.url == reverse("plan_outline", args=[plan.pk]) + "#outline-tasks"
    tops = [n.key for n in fresh(plan).outline.filter(parent=None).order_by("order")]
    assert tops.index("tasks") < tops.index("projects")
    response = official.post(
        reverse("plan_outline_move", args=[plan.pk, "purpose", "up"]), {"version": plan.version + 1}
    )
    assert "Mục đã ở đầu." in page(official.get(response.url))
    assert official.post(reverse("plan_outline_move", args=[plan.pk, "tasks", "sideways"])).status_code == 404


def test_deleting_asks_first_and_refuses_the_section_with_the_village_table(plan, official):
    url = reverse("plan_outline_delete", args=[plan.pk, "goals"])
    content = page(official.get(url))
    assert "Mục “MỤC TIÊU” sẽ bị xóa cùng nội dung của nó và các mục con:" in content
    assert plan.outline.filter(key="goals").exists()  # a GET deletes nothing
    response = official.post(url, {"version": plan.version})
    assert response.status_code == 200
    assert "Mục này chứa bảng chỉ tiêu theo thôn, phần bắt buộc của kế hoạch của xã: không xóa được." in page(response)
    assert plan.outline.filter(key__in=["goals", "village-table"]).count() == 2

    url = reverse("plan_outline_delete", args=[plan.pk, "tasks"])
    response = official.post(url, {"version": plan.version})
    assert response.url == reverse("plan_outline", args=[plan.pk])
    assert not plan.outline.filter(key="tasks").exists()


def test_a_list_editor_returns_to_the_section_placing_its_part(plan, world, official):
    outline.move_node(by=world.users.official_diem_he, plan=plan, version=plan.version, key="projects", direction="in")
    projects_under = fresh(plan).outline.get(key="projects").parent.key
    assert projects_under == "goals"
    url = reverse("plan_part", args=[plan.pk, "phan-cong"])
    response = official.post(url, form_fields(official.get(url), "part-form"))
    assert response.url == reverse("plan", args=[plan.pk]) + "#responsibilities"
    # Moved under another node, the responsibilities keep their key: the editor still returns there.
    assert fresh(plan).outline.get(key="responsibilities").part == "responsibilities"


def test_a_reviewer_comments_on_a_section_of_the_outline(signed, world, client):
    plan = go(signed, world.users.official_diem_he, "submit")
    before = ReviewComment.objects.filter(plan=plan).count()
    client.force_login(world.users.reviewer_van_quan)
    content = page(client.get(reverse("plan", args=[plan.pk])))
    options = re.findall(r'<option value="([^"]+)"', content[content.index('name="section"') :])
    assert options[:4] == ["header", "legal", "purpose", "situation"]
    assert options[-2:] == ["recipients", "signature"]
    response = client.post(reverse("plan_comment", args=[plan.pk]), {"section": "tasks", "text": "Bổ sung giải pháp."})
    assert response.status_code == 302
    comment = ReviewComment.objects.get(plan=plan, text="Bổ sung giải pháp.")
    assert (comment.section, comment.get_section_display()) == ("tasks", "NHIỆM VỤ VÀ GIẢI PHÁP")
    content = page(client.get(reverse("plan", args=[plan.pk])))
    tasks = content[content.index('id="tasks"') :]
    assert "Bổ sung giải pháp." in tasks[: tasks.index("</section>")]
    response = client.post(reverse("plan_comment", args=[plan.pk]), {"section": "no-such", "text": "x"})
    assert response.status_code == 200  # the page again, the error beside the choice, nothing added
    assert 'class="invalid-feedback d-block" data-field="section"' in page(response)
    assert ReviewComment.objects.filter(plan=plan).count() == before + 1


def test_a_reviewer_cannot_open_the_outline_editor(plan, world, client):
    client.force_login(world.users.reviewer_van_quan)
    assert client.get(reverse("plan_outline", args=[plan.pk])).status_code == 403
    response = client.post(reverse("plan_outline_move", args=[plan.pk, "tasks", "up"]), {"version": plan.version})
    assert response.status_code == 403
    assert fresh(plan).version == plan.version

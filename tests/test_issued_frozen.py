"""An issued plan shows what was issued: the names frozen at submission (village, officer, program item)
and, on the district roll-up, the figures of the plan it labels, with the registry's figures now when
they have changed since."""

from __future__ import annotations

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from households.models import VillageKind
from plans import rollup, services, workflow
from plans.creation import create_plan
from plans.models import Officer, Plan, PlanProject, PlanStatus, ProgramItem, VillageTarget
from plans.snapshot import snapshot
from tests.support.pages import html_of
from tests.support.world import make_household


def plan_content(response) -> str:
    """The plan page without its recent history (which names what was there at the time, by design)."""
    content = html_of(response)
    start = content.find('data-testid="recent-history"')
    return content if start < 0 else content[:start] + content[content.index("<!-- /recent-history -->", start) :]


YEAR = 2024


def _row(content: str, attribute: str, value: str) -> str:
    """The HTML of the table row marked attribute="value"."""
    start = content.index(f'{attribute}="{value}"')
    return content[start : content.index("</tr>", start)]


@pytest.fixture
def issued(plans, world):
    """Điềm He's 2024 plan with exits, an officer on each village and a project, issued as 05/KH-UBND."""
    official, reviewer = world.users.official_diem_he, world.users.reviewer_van_quan
    officer = Officer.objects.create(
        commune=world.communes.diem_he, name="Nông Thị Lan", position="Phó Chủ tịch", phone="0912345678"
    )
    plan = services.save_plan_fields(
        by=official, plan=plans.diem_he, version=plans.diem_he.version, data={"signer_name": "Hoàng Thị Hiếu"}
    )
    rows = {t.pk: {"exits_poor": 1, "exits_near_poor": 1, "officer": officer} for t in plan.village_targets.all()}
    plan = services.save_grid(by=official, plan=plan, version=plan.version, rows=rows)
    item = ProgramItem.objects.filter(version=plan.program, kind=ProgramItem.Kind.PROJECT).order_by("order").first()
    PlanProject.objects.create(plan=plan, order=1, item=item, objective="Hỗ trợ sinh kế cho hộ nghèo.")
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=reviewer, plan=plan, name="approve", version=plan.version)
    plan = workflow.perform(
        by=official, plan=plan, name="issue", version=plan.version, number=5, issue_date=datetime.date(2024, 1, 20)
    )
    assert plan.status == PlanStatus.ISSUED
    return plan, officer, item


def _rename_everything(world, officer: Officer, item: ProgramItem) -> None:
    Officer.objects.filter(pk=officer.pk).update(name="Lý Văn Mới", position="Chủ tịch", phone="0999999999")
    village = world.villages.na_sung
    village.name, village.kind = "Nà Súng Mới", VillageKind.BAN
    village.save()
    ProgramItem.objects.filter(pk=item.pk).update(number="99", name="Tên dự án đã đổi")


def test_issued_plan_page_keeps_the_officer_village_and_project_names_after_renaming(issued, world, login):
    plan, officer, item = issued
    old_item = str(item)
    _rename_everything(world, officer, item)

    content = plan_content(login(world.users.official_diem_he).get(reverse("plan", args=[plan.pk])))
    assert content.count("Nông Thị Lan") == 2  # one per village row
    assert "Phó Chủ tịch · 0912345678" in content
    assert "Lý Văn Mới" not in content and "0999999999" not in content
    na_sung = _row(content, "data-village", "Nà Súng")
    assert "Thôn Nà Súng" in na_sung
    assert "Nà Súng Mới" not in content
    assert old_item in content
    assert "Tên dự án đã đổi" not in content


def test_issued_plan_snapshot_keeps_the_old_names(issued, world):
    plan, officer, item = issued
    old_item = str(item)
    _rename_everything(world, officer, item)

    for data in (plan.events.get(to_status=PlanStatus.ISSUED).snapshot, snapshot(Plan.objects.get(pk=plan.pk))):
        cells = {key: (label, value) for _section, key, label, value in data["items"]}
        na_sung = world.villages.na_sung.pk
        assert cells[f"{na_sung}:officer"] == ("Thôn Nà Súng – Cán bộ phụ trách", "Nông Thị Lan")
        lines = [line for section, line in data["lines"] if section == "projects"]
        assert lines == [f"{old_item} | Hỗ trợ sinh kế cho hộ nghèo."]
        text = repr(data)
        assert "Lý Văn Mới" not in text and "Nà Súng Mới" not in text and "Tên dự án đã đổi" not in text


def test_a_draft_still_reads_the_names_live(plans, world, login):
    officer = Officer.objects.create(commune=world.communes.diem_he, name="Nông Thị Lan")
    plan = plans.diem_he
    plan = services.save_grid(
        by=world.users.official_diem_he,
        plan=plan,
        version=plan.version,
        rows={t.pk: {"officer": officer} for t in plan.village_targets.all()},
    )
    Officer.objects.filter(pk=officer.pk).update(name="Lý Văn Mới")
    content = plan_content(login(world.users.official_diem_he).get(reverse("plan", args=[plan.pk])))
    assert content.count("Lý Văn Mới") == 2 and "Nông Thị Lan" not in content


def test_a_revision_of_an_issued_plan_reads_the_new_names(issued, world, login):
    plan, officer, item = issued
    _rename_everything(world, officer, item)
    revision = workflow.new_revision(by=world.users.official_diem_he, plan=plan, version=plan.version)
    content = html_of(login(world.users.official_diem_he).get(reverse("plan", args=[revision.pk])))
    assert "Lý Văn Mới" in content and "Bản Nà Súng Mới" in content and "Tên dự án đã đổi" in content


def test_rollup_shows_the_issued_plans_frozen_figures_and_says_when_the_registry_changed(issued, world, login):
    plan, _officer, _item = issued
    diem_he = world.communes.diem_he
    rows, _total = rollup.district_rows(world.districts.van_quan, YEAR)
    row = {r.key: r for r in rows}[diem_he.pk]
    assert (row.households, row.poor_start, row.near_poor_start, row.current) == (84, 5, 13, None)

    # The registry changes after issue: a new poor household in Nà Súng.
    make_household(world.users.official_diem_he, world.villages.na_sung, YEAR, income=1_000_000, deprivations=3)
    rows, total = rollup.district_rows(world.districts.van_quan, YEAR)
    row = {r.key: r for r in rows}[diem_he.pk]
    assert (row.households, row.poor_start, row.near_poor_start) == (84, 5, 13)  # as issued
    assert (row.exits_poor, row.exits_near_poor, row.poor_end) == (2, 2, 3)
    assert row.current == (85, 6, 13)
    assert (row.status, row.plan) == ("Đã ban hành", plan)

    content = html_of(
        login(world.users.reviewer_van_quan).get(reverse("district_rollup", args=[diem_he.district_id, YEAR]))
    )
    html_row = _row(content, "data-commune", str(diem_he))
    cells = dict(re.findall(r'id="village-table-\d+-(\w+)">([^<]*)<', html_row))
    assert (cells["households"], cells["poor_start"], cells["near_poor_start"]) == ("84", "5", "13")
    assert "Đã ban hành" in html_row
    assert "số liệu hiện tại: 85 hộ, 6 hộ nghèo, 13 hộ cận nghèo" in html_row
    # The issued plan's page shows the same frozen figures.
    page = html_of(login(world.users.reviewer_van_quan).get(reverse("plan", args=[plan.pk])))
    assert 'id="village-table-total-households">84<' in page


def test_rollup_of_a_draft_reads_the_counts_live_without_a_current_note(plans, world, login):
    make_household(world.users.official_diem_he, world.villages.na_sung, YEAR, income=1_000_000, deprivations=3)
    rows, _total = rollup.district_rows(world.districts.van_quan, YEAR)
    row = {r.key: r for r in rows}[world.communes.diem_he.pk]
    assert (row.households, row.poor_start, row.current) == (85, 6, None)
    content = html_of(
        login(world.users.reviewer_van_quan).get(reverse("district_rollup", args=[world.districts.van_quan.pk, YEAR]))
    )
    assert "current-counts" not in content


def test_migration_freezes_the_names_of_plans_already_past_draft(issued, plans, world):
    """Plans submitted before the names were frozen get today's names from the data migration."""
    plan, officer, item = issued
    VillageTarget.objects.filter(plan=plan).update(
        village_name="", village_label="", officer_name="", officer_position="", officer_phone=""
    )
    PlanProject.objects.filter(plan=plan).update(item_kind="", item_number="", item_name="")
    draft = create_plan(by=world.users.official_ha_trung, commune=world.communes.ha_trung, year=YEAR)

    migration = importlib.import_module("plans.migrations.0007_frozen_names_unknown_exits")
    migration.freeze_names(apps, None)

    na_sung = VillageTarget.objects.get(plan=plan, village=world.villages.na_sung)
    assert (na_sung.village_name, na_sung.village_label) == ("Nà Súng", "Thôn Nà Súng")
    assert (na_sung.officer_name, na_sung.officer_position, na_sung.officer_phone) == (
        "Nông Thị Lan",
        "Phó Chủ tịch",
        "0912345678",
    )
    project = PlanProject.objects.get(plan=plan)
    assert (project.item_kind, project.item_number, project.item_name) == (item.kind, item.number, item.name)
    assert set(VillageTarget.objects.filter(plan=draft).values_list("village_label", flat=True)) == {""}

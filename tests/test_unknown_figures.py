"""A figure nobody stated is unknown (None), never 0: exits not typed, a table printing only the commune's
total, a commune without a plan on the roll-up; and the roll-up's year is a year a plan can have."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from plans import checks, outline, rollup, services
from plans.creation import create_plan
from plans.findings import plan_findings, plan_input
from plans.grid import village_grid
from plans.models import VillageTarget
from tests.support.pages import html_of
from tests.support.world import fresh

YEAR = 2024
SIGNER = "Cù Văn Hân"


def _cell(content: str, anchor: str) -> str:
    """The text of the table cell with id=anchor, without the printed figure shown under it."""
    match = re.search(rf'id="{re.escape(anchor)}">([^<]*)<', content)
    assert match, anchor
    return match.group(1)


@pytest.fixture
def transcribed(world):
    """Hà Trung's 2024 plan typed from a document that prints no exits per tiểu khu, only the total:
    3 poor households at the start (tk1 1 from the registry, tk2 2 typed), 1 to leave, 2 at the end."""
    official = world.users.official_ha_trung
    plan = create_plan(by=official, commune=world.communes.ha_trung, year=YEAR)
    plan = services.save_plan_fields(
        by=official, plan=plan, version=plan.version, data={"transcribed": True, "signer_name": SIGNER}
    )
    return services.save_grid(
        by=official, plan=plan, version=plan.version, rows={}, totals={"poor_start": 3, "exits_poor": 1, "poor_end": 2}
    )


def test_a_printed_total_without_rows_is_not_flagged_as_the_rows_summing_to_zero(transcribed):
    findings = plan_findings(transcribed)
    assert findings == []
    assert not any("tổng các dòng là 0" in f.message for f in findings)
    rows = plan_input(transcribed).rows
    assert [(r.exits_poor, r.exits_near_poor) for r in rows] == [(None, None), (None, None)]


def test_a_printed_total_that_disagrees_is_still_caught(world, transcribed):
    """Unknown rows do not hide a real mistake of the printed figures: 3 - 1 is not 1."""
    official = world.users.official_ha_trung
    plan = services.save_grid(
        by=official,
        plan=transcribed,
        version=transcribed.version,
        rows={},
        totals={"poor_start": 3, "exits_poor": 1, "poor_end": 1},
    )
    assert [(f.code, f.anchor) for f in plan_findings(plan)] == [
        (checks.END_NOT_START_MINUS_EXITS, "village-table:total:poor_end")
    ]


def test_year_end_without_exits_is_unknown_and_shown_empty_not_start_minus_zero(transcribed, world, login):
    grid = village_grid(transcribed)
    assert [(r.poor_start, r.poor_end, r.near_poor_end) for r in grid.rows] == [(1, None, None), (2, None, None)]
    assert (grid.total.exits_poor, grid.total.poor_end) == (None, None)

    content = html_of(login(world.users.official_ha_trung).get(reverse("plan", args=[transcribed.pk])))
    tk1, tk2 = world.villages.tk1.pk, world.villages.tk2.pk
    for key in (tk1, tk2, "total"):
        assert _cell(content, f"village-table-{key}-exits_poor") == "—"
        assert _cell(content, f"village-table-{key}-poor_end") == "—"
    # The printed total is shown beside the unknown computed one.
    total_end = content[content.index('id="village-table-total-poor_end"') :]
    assert total_end.startswith('id="village-table-total-poor_end">—<div class="printed small">in: 2</div>')


def test_a_new_drafts_exits_are_unknown_and_shown_empty(plans, world, login):
    plan = plans.diem_he
    assert set(VillageTarget.objects.filter(plan=plan).values_list("exits_poor", "exits_near_poor")) == {(None, None)}
    content = html_of(login(world.users.official_diem_he).get(reverse("plan", args=[plan.pk])))
    for target in plan.village_targets.all():
        for column in ("exits_poor", "poor_end", "exits_near_poor", "near_poor_end"):
            assert _cell(content, f"village-table-{target.village_id}-{column}") == "—"
    targets = content[content.index('data-testid="commune-targets"') :]
    targets = targets[: targets.index("</ul>")]
    assert "Giảm 0 hộ" not in targets
    assert "Giảm hộ nghèo: chưa rõ" in targets


def test_a_text_percentage_is_not_checked_against_exits_nobody_typed(plans, world):
    official = world.users.official_diem_he
    text = "Phấn đấu giảm 03 hộ nghèo, tương đương 3,57%."
    plan = plans.diem_he
    outline.save_node(by=official, plan=plan, version=plan.version, key="goals", data={"text": text})
    plan = services.save_plan_fields(
        by=official, plan=fresh(plan), version=fresh(plan).version, data={"signer_name": "Hoàng Thị Hiếu"}
    )
    assert plan_findings(plan) == []


def _grid_body(client, plan) -> dict[str, str]:
    """The grid form's fields as the page draws them (management form, version, one row per village)."""
    content = html_of(client.get(reverse("plan_grid", args=[plan.pk])))
    body = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', content))
    for name in re.findall(r'name="(rows-\d+-(?:exits_poor|exits_near_poor))"', content):
        body.setdefault(name, "")
    return body


def test_the_grid_form_keeps_an_empty_exit_as_unknown(plans, world, login):
    plan = plans.diem_he
    client = login(world.users.official_diem_he)
    url = reverse("plan_grid", args=[plan.pk])
    body = _grid_body(client, plan)
    index = {body[f"rows-{i}-target"]: i for i in range(int(body["rows-TOTAL_FORMS"]))}
    na_sung = plan.village_targets.get(village=world.villages.na_sung)
    i = index[str(na_sung.pk)]
    body |= {f"rows-{i}-exits_poor": "1", f"rows-{i}-exits_near_poor": ""}
    response = client.post(url, body)
    assert response.status_code == 302
    na_sung.refresh_from_db()
    assert (na_sung.exits_poor, na_sung.exits_near_poor) == (1, None)

    # Clearing a typed figure makes it unknown again, not 0.
    body = _grid_body(client, plan)
    assert body["version"] == str(plan.version + 1)
    body[f"rows-{i}-exits_poor"] = ""
    response = client.post(url, body)
    assert response.status_code == 302
    na_sung.refresh_from_db()
    assert (na_sung.exits_poor, na_sung.exits_near_poor) == (None, None)


def test_rollup_exits_of_a_commune_without_a_plan_are_unknown(plans, world, login):
    rows, total = rollup.district_rows(world.districts.van_quan, YEAR)
    tri_le = {r.key: r for r in rows}[world.communes.tri_le.pk]
    assert (tri_le.plan, tri_le.exits_poor, tri_le.exits_near_poor, tri_le.poor_end) == (None, None, None, None)
    assert (total.exits_poor, total.exits_near_poor) == (None, None)
    content = html_of(
        login(world.users.reviewer_van_quan).get(reverse("district_rollup", args=[world.districts.van_quan.pk, YEAR]))
    )
    key = world.communes.tri_le.pk
    assert (_cell(content, f"village-table-{key}-exits_poor"), _cell(content, f"village-table-{key}-poor_end")) == (
        "—",
        "—",
    )


@pytest.mark.parametrize("year", ["0", "99999", "1999", "2020", "2036", "2101", "9999"])
def test_rollup_of_a_year_outside_every_program_is_404(world, login, year):
    client = login(world.users.reviewer_van_quan)
    response = client.get(f"/huyen/{world.districts.van_quan.pk}/tong-hop/{year}/")
    assert response.status_code == 404
    response = client.post(f"/huyen/{world.districts.van_quan.pk}/tong-hop/{year}/")
    assert response.status_code == 404


def test_rollup_links_only_to_years_of_a_program(world, login):
    client = login(world.users.reviewer_van_quan)
    pk = world.districts.van_quan.pk
    content = html_of(client.get(reverse("district_rollup", args=[pk, 2021])))
    assert f'href="/huyen/{pk}/tong-hop/2022/"' in content
    assert "/tong-hop/2020/" not in content
    content = html_of(client.get(reverse("district_rollup", args=[pk, 2035])))
    assert f'href="/huyen/{pk}/tong-hop/2034/"' in content
    assert "/tong-hop/2036/" not in content

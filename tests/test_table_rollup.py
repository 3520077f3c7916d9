"""The district roll-up's columns are declared in plans/table.py beside the plan's table (the same Column
objects where they are the same figure), laid out by plans/detail.rollup_table and rendered through
templates/plans/_cell.html: a column declared there shows on the page, and a district plan's findings flag
the cells they point to."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from plans import rollup, services, table
from plans.detail import rollup_table
from tests.support.pages import page

YEAR = 2024


@pytest.fixture
def reviewer(world, login):
    return login(world.users.reviewer_van_quan)


@pytest.fixture
def with_exits(plans, world):
    """Điềm He's plan targets 1 poor and 2 near-poor households to leave in each village."""
    plan = plans.diem_he
    rows = {t.pk: {"exits_poor": 1, "exits_near_poor": 2} for t in plan.village_targets.all()}
    return services.save_grid(by=world.users.official_diem_he, plan=plan, version=plan.version, rows=rows)


def _rollup_html(reviewer, world) -> str:
    return page(reviewer.get(reverse("district_rollup", args=[world.districts.van_quan.pk, YEAR])))


def _header_keys(html: str) -> list[str]:
    table_html = html[html.index('data-testid="rollup-table"') :]
    return re.findall(r'<th[^>]* data-column="([a-z_]+)"', table_html[: table_html.index("</thead>")])


def _cells(html: str, commune) -> dict[str, str]:
    row = html[html.index(f'data-commune="{commune}"') :]
    row = row[: row.index("</tr>")]
    return dict(re.findall(r'id="village-table-\d+-(\w+)"[^>]*>([^<]*)<', row))


def test_the_rollup_shares_the_plan_tables_columns_where_they_are_the_same_figure():
    shared = [c for c in table.ROLLUP_COLUMNS if c.key in {p.key for p in table.COLUMNS}]
    assert [c.key for c in shared] == [
        "households",
        "poor_start",
        "poor_rate",
        "near_poor_start",
        "near_poor_rate",
        "exits_poor",
        "exits_near_poor",
        "poor_end",
        "poor_end_rate",
    ]
    assert all(c is table.column(c.key) for c in shared)
    own = [c.key for c in table.ROLLUP_COLUMNS if c not in shared]
    assert own == ["status"]
    assert [c.key for c in table.ROLLUP_CURRENT] == ["current_households", "current_poor", "current_near_poor"]


def test_the_rollup_page_prints_the_declared_columns_in_order(with_exits, reviewer, world):
    html = _rollup_html(reviewer, world)
    assert _header_keys(html) == [c.key for c in table.rollup_columns()]
    cells = _cells(html, world.communes.diem_he)
    assert cells == {
        "households": "84",
        "poor_start": "5",
        "poor_rate": "5,95",
        "near_poor_start": "13",
        "near_poor_rate": "15,48",
        "exits_poor": "2",
        "exits_near_poor": "4",
        "poor_end": "3",
        "poor_end_rate": "3,57",
        "status": "",  # the status is a link inside the cell
    }
    plan_url = reverse("plan", args=[with_exits.pk])
    assert f'id="village-table-{world.communes.diem_he.pk}-status"><a href="{plan_url}">Dự thảo</a>' in html
    tri_le = _cells(html, world.communes.tri_le)
    assert (tri_le["exits_poor"], tri_le["poor_end"]) == ("—", "—")
    assert '<span class="text-muted">Chưa có kế hoạch</span>' in html


def test_an_extra_declared_rollup_column_shows_on_the_page(with_exits, reviewer, world, monkeypatch):
    extra = table.column("exits_poor_rate")  # declared for the targets, not printed by either table so far
    columns = list(table.ROLLUP_COLUMNS)
    columns.insert(columns.index(table.column("exits_poor")) + 1, extra)
    monkeypatch.setattr(table, "ROLLUP_COLUMNS", tuple(columns))

    html = _rollup_html(reviewer, world)
    keys = _header_keys(html)
    assert keys[keys.index("exits_poor") + 1] == "exits_poor_rate"
    assert len(keys) == 11
    assert _cells(html, world.communes.diem_he)["exits_poor_rate"] == "2,38"  # 2 of 84
    assert 'id="village-table-total-exits_poor_rate">—</th>' in html  # Tri Lễ's exits are unknown


def test_the_registrys_figures_now_are_declared_columns_read_from_the_row(with_exits, world):
    """ROLLUP_CURRENT reads the row's `current` (set when an issued plan's frozen figures differ from the
    registry); a draft's figures are live, so none differ and the status carries no note."""
    rows, total = rollup.district_rows(world.districts.van_quan, YEAR)
    view = rollup_table(rows, total)
    diem_he = next(r for r in view.rows if r.row.key == world.communes.diem_he.pk)
    status = diem_he.cells[[c.key for c in view.columns].index("status")]
    assert (status.value, status.notes, status.href) == ("Dự thảo", "", reverse("plan", args=[with_exits.pk]))
    assert [table.value(diem_he.row, c.key) for c in table.ROLLUP_CURRENT] == [None, None, None]
    diem_he.row.current = (85, 6, 13)
    assert [table.value(diem_he.row, c.key) for c in table.ROLLUP_CURRENT] == [85, 6, 13]
    assert view.total_label == "Toàn huyện"


def test_the_district_plans_findings_flag_the_rollup_cells_they_point_to(plans, world, reviewer):
    plan = plans.diem_he
    rows = {t.pk: {"exits_poor": 9} for t in plan.village_targets.all()}  # 18 to leave, 5 poor at the start
    services.save_grid(by=world.users.official_diem_he, plan=plan, version=plan.version, rows=rows)

    html = page(reviewer.get(reverse("plan", args=[plans.van_quan.pk])))
    key = world.communes.diem_he.pk
    flagged = re.findall(r'<td class="num cell-flagged" id="village-table-(\d+)-(\w+)" title="([^"]*)"', html)
    assert [(int(k), column) for k, column, _title in flagged] == [(key, "exits_poor")]
    assert "(18) lớn hơn" in flagged[0][2]
    assert _header_keys(html) == [c.key for c in table.rollup_columns()]

"""The per-village table is declared once (plans/table.py): the forms, the page, the grid editor, the
snapshot and the check labels read that declaration, and a cell is flagged when a finding points to it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from plans import checks, services, table
from plans.findings import plan_findings
from plans.forms import GridRowForm, PrintedFiguresForm, PrintedTotalsForm
from plans.grid import GridRow
from plans.models import Section
from plans.snapshot import snapshot
from tests.support.pages import form_fields, page

EXTRA = table.Column(
    key="newly_poor",
    label="Hộ nghèo phát sinh",
    short="số hộ nghèo phát sinh",
    kind=table.Kind.COUNT,
    compute=table.Typed(),
    editable=True,
    printed_total=True,
)


@pytest.fixture
def plan(plans):
    return plans.diem_he


@pytest.fixture
def official(world, client):
    client.force_login(world.users.official_diem_he)
    return client


@pytest.fixture
def transcribed(plan, world):
    return services.save_plan_fields(
        by=world.users.official_diem_he, plan=plan, version=plan.version, data={"transcribed": True}
    )


@pytest.fixture
def extra_column(monkeypatch):
    """One more typed column declared in plans/table.py, before the officer."""
    monkeypatch.setattr(table, "COLUMNS", (*table.COLUMNS[:-1], EXTRA, table.COLUMNS[-1]))
    return EXTRA


def _headers(html: str, testid: str) -> list[str]:
    table_html = html[html.index(f'data-testid="{testid}"') :]
    thead = table_html[: table_html.index("</thead>")]
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", thead)]


def _row_cell_ids(html: str, village: str) -> list[str]:
    row = html[html.index(f'data-village="{village}"') :]
    row = row[: row.index("</tr>")]
    return re.findall(r'<td[^>]* id="([^"]+)"', row)


# ---------------------------------------------------------------- one extra column reaches everything


def test_one_extra_column_shows_in_the_grid_form_the_page_the_snapshot_and_the_printed_totals(
    extra_column, transcribed, world, official
):
    assert GridRowForm(transcribed=False).fields["newly_poor"].label == "Hộ nghèo phát sinh"
    assert PrintedTotalsForm().fields["newly_poor"].label == "Hộ nghèo phát sinh"

    plan_page = page(official.get(reverse("plan", args=[transcribed.pk])))
    assert _headers(plan_page, "plan-village-table")[-2:] == ["Hộ nghèo phát sinh", "Cán bộ phụ trách"]
    thong_nhat = world.villages.thong_nhat
    assert f'id="village-table-{thong_nhat.pk}-newly_poor">—</td>' in plan_page
    assert 'id="village-table-total-newly_poor">—</th>' in plan_page

    grid = form_fields(official.get(reverse("plan_grid", args=[transcribed.pk])), "grid-form")
    assert {name for name in grid if name.startswith("rows-") and name.endswith("-newly_poor")} == {
        "rows-0-newly_poor",
        "rows-1-newly_poor",
    }
    assert grid["totals-newly_poor"] == ""

    items = snapshot(transcribed)["items"]
    assert [Section.VILLAGE_TABLE, f"{thong_nhat.pk}:newly_poor", "Thôn Thống Nhất – Hộ nghèo phát sinh", ""] in [
        [s, k, str(label), v] for s, k, label, v in items
    ]


def test_without_the_extra_column_nothing_shows_it(transcribed, official):
    assert "newly_poor" not in GridRowForm(transcribed=True).fields
    assert "newly_poor" not in page(official.get(reverse("plan", args=[transcribed.pk])))


# ---------------------------------------------------------------- the declaration is the table


def test_the_page_prints_the_declared_columns_in_order(plan, world, official):
    html = page(official.get(reverse("plan", args=[plan.pk])))
    assert _headers(html, "plan-village-table") == [
        "STT",
        "Thôn",
        "Số hộ",
        "Hộ nghèo đầu năm",
        "Tỷ lệ (%)",
        "Dự kiến thoát nghèo",
        "Hộ nghèo cuối năm",
        "Hộ cận nghèo đầu năm",
        "Tỷ lệ (%)",
        "Dự kiến thoát cận nghèo",
        "Hộ cận nghèo cuối năm",
        "Cán bộ phụ trách",
    ]
    keys = [c.key for c in table.table_columns()]
    assert _row_cell_ids(html, "Thống Nhất") == [f"village-table-{world.villages.thong_nhat.pk}-{k}" for k in keys]


def test_the_grid_editor_of_a_transcribed_plan_puts_each_printed_figure_beside_its_column(transcribed, official):
    html = page(official.get(reverse("plan_grid", args=[transcribed.pk])))
    thead = html[html.index('data-testid="grid-form"') :]
    thead = thead[: thead.index("</thead>")]
    headers = [h.strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", thead)]
    assert headers == [
        "Thôn",
        "Số hộ",
        "Hộ nghèo đầu năm",
        "Tỷ lệ (%)",
        "Tỷ lệ nghèo như đã in",
        "Dự kiến thoát nghèo",
        "Hộ nghèo cuối năm như đã in",
        "Hộ cận nghèo đầu năm",
        "Tỷ lệ (%)",
        "Tỷ lệ cận nghèo như đã in",
        "Dự kiến thoát cận nghèo",
        "Hộ cận nghèo cuối năm như đã in",
        "Cán bộ phụ trách",
    ]
    totals = html[html.index('data-testid="printed-totals"') :]
    totals = totals[: totals.index("</tr>")]
    names = re.findall(r'name="totals-([a-z_]+)"', totals)
    assert names == [
        "households",
        "poor_start",
        "printed_poor_rate",
        "exits_poor",
        "poor_end",
        "near_poor_start",
        "printed_near_poor_rate",
        "exits_near_poor",
        "near_poor_end",
    ]


def test_the_printed_forms_have_the_fields_the_checks_read():
    assert set(PrintedTotalsForm().fields) == set(checks.TableTotals.__dataclass_fields__)
    assert set(PrintedFiguresForm().fields) == set(checks.PlanFigures.__dataclass_fields__)
    assert [label for label, _count, _rate in PrintedFiguresForm().rows()] == [
        "Tổng số hộ",
        "Hộ nghèo đầu năm",
        "Hộ cận nghèo đầu năm",
        "Giảm hộ nghèo",
        "Giảm hộ cận nghèo",
        "Hộ nghèo cuối năm",
        "Hộ cận nghèo cuối năm",
    ]


def test_the_check_labels_come_from_the_declaration():
    assert checks.COUNT_FIELDS == (
        "households",
        "poor_start",
        "exits_poor",
        "poor_end",
        "near_poor_start",
        "exits_near_poor",
        "near_poor_end",
    )
    assert str(checks._FIGURE_LABELS["poor_start"]) == "số hộ nghèo đầu năm"
    assert str(checks._FIGURE_LABELS["exits_near_poor"]) == "số hộ dự kiến thoát cận nghèo"


def test_a_rows_values_follow_the_declared_computations():
    row = GridRow(key=1, label="Thôn A", households=160, poor_start=7, exits_poor=2, near_poor_start=11)
    assert table.value(row, "poor_end") == 5
    assert table.value(row, "poor_rate") == Decimal("4.38")
    assert table.value(row, "poor_end_rate") == Decimal("3.13")
    assert table.value(row, "near_poor_end") is None  # exits not stated: unknown, not 11
    assert table.value(row, "near_poor_end_rate") is None
    assert (row.poor_end, row.exits_poor_rate) == (5, Decimal("1.25"))


def test_each_count_names_its_rate_partner():
    partners = {c.key: c.rate for c in table.COLUMNS if c.rate}
    assert partners["poor_start"] == "poor_rate"
    assert partners["near_poor_start"] == "near_poor_rate"
    for count, rate in partners.items():
        assert table.column(rate).compute == table.RateOf(count)


# ---------------------------------------------------------------- anchors and flags


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("village-table:12:poor_rate", table.Anchor("village-table", "12", "poor_rate")),
        ("village-table:total:households", table.Anchor("village-table", "total", "households")),
        ("village-table", table.Anchor("village-table")),
        ("targets:exits_poor_rate", table.Anchor("targets", "", "exits_poor_rate")),
        ("text:general_goal", table.Anchor("text", "", "general_goal")),
        ("deadlines:4", table.Anchor("deadlines", "", "4")),
        ("signature", table.Anchor("signature")),
    ],
)
def test_a_finding_carries_its_anchor_parsed(text, anchor):
    finding = checks.Finding(checks.ERROR, "x", "m", text)
    assert finding.at == anchor
    assert str(finding.at) == text
    assert finding.at.html_id == text.replace(":", "-")


def test_the_page_flags_exactly_the_cells_the_findings_point_to(transcribed, world, official):
    plan = transcribed
    by_village = {t.village_id: t for t in plan.village_targets.all()}
    thong_nhat = by_village[world.villages.thong_nhat.pk]
    services.save_grid(
        by=world.users.official_diem_he,
        plan=plan,
        version=plan.version,
        rows={thong_nhat.pk: {"exits_poor": 5, "printed_near_poor_rate": Decimal("6.63")}},
        totals={"households": 90},
    )
    html = page(official.get(reverse("plan", args=[plan.pk])))
    flagged = set(re.findall(r'class="[^"]*cell-flagged[^"]*" id="([^"]+)"', html))
    key = world.villages.thong_nhat.pk
    assert flagged == {
        f"village-table-{key}-exits_poor",
        f"village-table-{key}-near_poor_rate",
        "village-table-total-households",
    }
    cell = html[html.index(f'id="village-table-{key}-near_poor_rate"') - 200 :]
    assert 'title="Thôn Thống Nhất: tỷ lệ hộ cận nghèo in 6,63% nhưng 12/82 = 14,63%."' in cell[:400]
    assert f'<a href="#village-table-{key}-near_poor_rate"' in html


def test_the_district_plan_flags_the_commune_cell_its_finding_points_to(plans, world, client):
    diem_he = plans.diem_he
    services.save_grid(
        by=world.users.official_diem_he,
        plan=diem_he,
        version=diem_he.version,
        rows={t.pk: {"exits_poor": 3} for t in diem_he.village_targets.all()},
    )
    anchors = [f.anchor for f in plan_findings(plans.van_quan) if f.code == checks.TARGET_EXCEEDS_START]
    commune = world.communes.diem_he.pk
    assert anchors == [f"village-table:{commune}:exits_poor"]
    client.force_login(world.users.reviewer_van_quan)
    html = page(client.get(reverse("plan", args=[plans.van_quan.pk])))
    flagged = set(re.findall(r'class="[^"]*cell-flagged[^"]*" id="([^"]+)"', html))
    assert flagged == {f"village-table-{commune}-exits_poor"}

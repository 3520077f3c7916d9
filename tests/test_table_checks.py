"""The checks name the figures and rates as plans/table.py declares them (no second list of labels or rate
partners), and plans.findings.plan_input reads each village row's figures as the declaration says: the
stored counts, and on a transcribed plan the figures printed on the row from their declared fields."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from plans import checks, services, table
from plans.checks_table import check_rates, check_target_rates
from plans.findings import plan_input


def _relabelled(monkeypatch, key: str, **changes) -> None:
    columns = tuple(dataclasses.replace(c, **changes) if c.key == key else c for c in table.COLUMNS)
    monkeypatch.setattr(table, "COLUMNS", columns)


ROW = checks.TableRow(key=1, label="Thôn A", households=160, poor_start=7, printed_poor_rate=Decimal("4.5"))


def test_a_rows_rate_mismatch_names_the_rate_as_declared(monkeypatch):
    (finding,) = check_rates([ROW])
    assert (finding.code, finding.anchor) == (checks.RATE_MISMATCH, "village-table:1:poor_rate")
    assert finding.message == "Thôn A: tỷ lệ hộ nghèo in 4,5% nhưng 7/160 = 4,38%."

    _relabelled(monkeypatch, "poor_rate", short="tỷ lệ nghèo (khai báo)")
    (finding,) = check_rates([ROW])
    assert finding.message == "Thôn A: tỷ lệ nghèo (khai báo) in 4,5% nhưng 7/160 = 4,38%."


def test_the_targets_rates_are_the_declared_rate_partners_with_their_names(monkeypatch):
    assert checks._target_rates() == [
        ("printed_poor_start_rate", "poor_start", table.column("poor_rate").figure_short),
        ("printed_near_poor_start_rate", "near_poor_start", table.column("near_poor_rate").figure_short),
        ("printed_exits_poor_rate", "exits_poor", table.column("exits_poor_rate").short),
        ("printed_exits_near_poor_rate", "exits_near_poor", table.column("exits_near_poor_rate").short),
        ("printed_poor_end_rate", "poor_end", table.column("poor_end_rate").short),
        ("printed_near_poor_end_rate", "near_poor_end", table.column("near_poor_end_rate").short),
    ]
    assert [str(label) for _f, _c, label in checks._target_rates()][:3] == [
        "tỷ lệ hộ nghèo đầu năm",
        "tỷ lệ hộ cận nghèo đầu năm",
        "tỷ lệ giảm hộ nghèo",
    ]
    figures = checks.PlanFigures(households=1182, exits_poor=8, printed_exits_poor_rate=Decimal("0.76"))
    (finding,) = check_target_rates(figures)
    assert (finding.anchor, finding.message) == (
        "targets:exits_poor_rate",
        "Mục tiêu cụ thể: tỷ lệ giảm hộ nghèo in 0,76% nhưng 8/1.182 = 0,68%.",
    )

    _relabelled(monkeypatch, "exits_poor_rate", short="tỷ lệ thoát nghèo (khai báo)")
    (finding,) = check_target_rates(figures)
    assert finding.message == "Mục tiêu cụ thể: tỷ lệ thoát nghèo (khai báo) in 0,76% nhưng 8/1.182 = 0,68%."


def test_the_groups_read_their_columns_from_the_declaration():
    assert [(g.start, g.exits, g.end, g.rate_column, g.printed_rate) for g in checks._GROUPS] == [
        ("poor_start", "exits_poor", "poor_end", "poor_rate", "printed_poor_rate"),
        ("near_poor_start", "exits_near_poor", "near_poor_end", "near_poor_rate", "printed_near_poor_rate"),
    ]


@pytest.fixture
def transcribed(plans, world):
    by = world.users.official_diem_he
    plan = services.save_plan_fields(
        by=by, plan=plans.diem_he, version=plans.diem_he.version, data={"transcribed": True}
    )
    na_sung = plan.village_targets.get(village=world.villages.na_sung)
    rows = {
        na_sung.pk: {
            "exits_poor": 1,
            "printed_poor_rate": Decimal("50"),
            "printed_near_poor_rate": Decimal("0"),
            "printed_poor_end": 0,
            "printed_near_poor_end": 1,
        }
    }
    return services.save_grid(by=by, plan=plan, version=plan.version, rows=rows)


def test_plan_input_reads_the_printed_figures_from_their_declared_fields(transcribed, world):
    rows = {row.key: row for row in plan_input(transcribed).rows}
    assert rows[world.villages.na_sung.pk] == checks.TableRow(
        key=world.villages.na_sung.pk,
        label="Thôn Nà Súng",
        households=2,
        poor_start=1,
        near_poor_start=1,
        exits_poor=1,
        exits_near_poor=None,
        printed_poor_rate=Decimal("50"),
        printed_near_poor_rate=Decimal("0"),
        poor_end=0,
        near_poor_end=1,
    )
    thong_nhat = rows[world.villages.thong_nhat.pk]
    assert (thong_nhat.households, thong_nhat.printed_poor_rate, thong_nhat.poor_end) == (82, None, None)


def test_plan_input_of_a_plan_no_longer_transcribed_passes_no_printed_figure(transcribed, world):
    plan = services.save_plan_fields(
        by=world.users.official_diem_he, plan=transcribed, version=transcribed.version, data={"transcribed": False}
    )
    na_sung = plan.village_targets.get(village=world.villages.na_sung)
    assert (na_sung.printed_poor_rate, na_sung.printed_poor_end) == (Decimal("50"), 0)  # kept, not read
    row = {r.key: r for r in plan_input(plan).rows}[world.villages.na_sung.pk]
    assert (row.households, row.poor_start, row.exits_poor) == (2, 1, 1)
    assert (row.printed_poor_rate, row.printed_near_poor_rate, row.poor_end, row.near_poor_end) == (None,) * 4

"""Consistency checks of a plan (plans/checks.py): the seeds' own mistakes, and only those; one test per rule."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from plans.checks import Deadline, PlanFigures, PlanInput, TableRow, TableTotals, TextPercentage
from plans.checks_table import (
    check_commune_targets,
    check_end_figures,
    check_rates,
    check_target_rates,
    check_targets_within_start,
    check_totals,
)
from plans.checks_text import check_deadlines, check_recipients, check_signer, check_text_percentages
from plans.data.seed_tables import diem_he_2024, ha_trung_2024
from plans.plan_checks import check_plan

D = Decimal


def replace_row(plan: PlanInput, key: str, **changes) -> PlanInput:
    """The plan with one row of its village table changed."""
    assert key in {row.key for row in plan.rows}
    rows = tuple(replace(row, **changes) if row.key == key else row for row in plan.rows)
    return replace(plan, rows=rows)


def codes(findings) -> list[tuple[str, str]]:
    return [(f.code, f.anchor) for f in findings]


def diem_he_corrected() -> PlanInput:
    return replace_row(diem_he_2024(), "Nà Súng", printed_near_poor_rate=D("6.63"))


def ha_trung_corrected() -> PlanInput:
    plan = ha_trung_2024()
    return replace(plan, totals=replace(plan.totals, poor_end=22))


# ---------------------------------------------------------------- the seeds as published


def test_diem_he_as_published_has_exactly_nà_súng_near_poor_rate():
    findings = check_plan(diem_he_2024())
    assert codes(findings) == [("rate_mismatch", "village-table:Nà Súng:near_poor_rate")]
    (finding,) = findings
    assert finding.severity == "error"
    assert "Nà Súng" in finding.message
    assert "0,93" in finding.message and "6,63" in finding.message
    assert finding.message == "Thôn Nà Súng: tỷ lệ hộ cận nghèo in 0,93% nhưng 11/166 = 6,63%."


def test_diem_he_truncated_and_half_up_rates_are_not_mistakes():
    plan = diem_he_2024()
    rows = {row.key: row for row in plan.rows}
    assert rows["Nà Súng"].printed_poor_rate == D("4.21")  # 7 / 166 = 4,217, truncated
    assert rows["Điềm He 1"].printed_poor_rate == D("0.63")  # 1 / 160 = 0,625, half up
    assert rows["Điềm He 2"].printed_near_poor_rate == D("0")  # printed "0" for 0 near-poor
    anchors = [f.anchor for f in check_rates(plan.rows, plan.totals)]
    assert "village-table:Nà Súng:poor_rate" not in anchors
    assert "village-table:Điềm He 1:poor_rate" not in anchors
    assert anchors == ["village-table:Nà Súng:near_poor_rate"]


def test_ha_trung_as_published_has_exactly_the_poor_end_total():
    findings = check_plan(ha_trung_2024())
    assert codes(findings) == [("total_not_sum", "village-table:total:poor_end")]
    (finding,) = findings
    assert finding.severity == "error"
    assert "31" in finding.message and "22" in finding.message


def test_ha_trung_total_is_not_also_reported_as_end_not_start_minus_exits():
    plan = ha_trung_2024()
    assert plan.totals.poor_end == 31 and plan.totals.poor_start - plan.totals.exits_poor == 22
    assert check_end_figures(plan.rows, plan.totals, plan.figures) == []


def test_ha_trung_text_percentages_truncated_to_fewer_decimals_agree():
    plan = ha_trung_2024()
    assert any(t.printed == D("0.7") for t in plan.texts)  # 22 / 2.881 = 0,76
    assert check_text_percentages(plan.texts, plan.figures, plan.rows) == []


@pytest.mark.parametrize("build", [diem_he_corrected, ha_trung_corrected])
def test_corrected_seeds_have_no_findings(build):
    assert check_plan(build()) == []


# ---------------------------------------------------------------- rate_mismatch


def test_rate_mismatch_on_the_totals_row():
    plan = diem_he_corrected()
    plan = replace(plan, totals=replace(plan.totals, printed_poor_rate=D("2.72")))
    findings = check_plan(plan)
    assert codes(findings) == [("rate_mismatch", "village-table:total:poor_rate")]
    assert "2,72" in findings[0].message and "31/1.182 = 2,62" in findings[0].message


def test_rate_computed_from_a_wrong_total_is_reported_once_as_the_total():
    # Totals row prints 32 poor (rows: 31) and the rate 32 / 1.182 = 2,70 that goes with it.
    plan = diem_he_corrected()
    plan = replace(plan, totals=replace(plan.totals, poor_start=32, printed_poor_rate=D("2.70")))
    assert codes(check_plan(plan)) == [("total_not_sum", "village-table:total:poor_start")]


def test_rate_mismatch_on_a_commune_target_rate():
    plan = replace(diem_he_corrected(), figures=replace(diem_he_corrected().figures, printed_exits_poor_rate=D("0.76")))
    findings = check_target_rates(plan.figures, plan.rows)
    assert codes(findings) == [("rate_mismatch", "targets:exits_poor_rate")]
    assert "0,76" in findings[0].message and "8/1.182 = 0,68" in findings[0].message


# ---------------------------------------------------------------- total_not_sum


def test_total_not_sum_for_each_printed_column():
    plan = diem_he_corrected()
    totals = replace(plan.totals, households=1183, exits_near_poor=11)
    findings = check_totals(plan.rows, totals)
    assert codes(findings) == [
        ("total_not_sum", "village-table:total:households"),
        ("total_not_sum", "village-table:total:exits_near_poor"),
    ]
    assert "1.183" in findings[0].message and "1.182" in findings[0].message


def test_total_not_sum_skips_columns_a_row_lacks():
    plan = replace_row(ha_trung_corrected(), "1", poor_end=None)
    assert check_totals(plan.rows, replace(plan.totals, poor_end=99)) == []


# ---------------------------------------------------------------- target_exceeds_start


def test_target_exceeds_start_on_a_row():
    rows = (TableRow(key="a", label="Thôn A", households=50, poor_start=2, exits_poor=3),)
    findings = check_targets_within_start(rows)
    assert codes(findings) == [("target_exceeds_start", "village-table:a:exits_poor")]
    assert "Thôn A" in findings[0].message and "(3)" in findings[0].message and "(2)" in findings[0].message


def test_target_exceeds_start_for_the_commune():
    figures = PlanFigures(near_poor_start=61, exits_near_poor=70)
    findings = check_targets_within_start((), figures=figures)
    assert codes(findings) == [("target_exceeds_start", "targets:exits_near_poor")]


def test_target_exceeding_start_on_a_row_is_not_repeated_on_its_sums():
    # Nà Súng 9 exits for 7 poor; totals and targets consistently say 15 exits.
    plan = replace_row(diem_he_corrected(), "Nà Súng", exits_poor=9)
    plan = replace(
        plan,
        totals=replace(plan.totals, exits_poor=15, poor_start=10),
        figures=replace(plan.figures, exits_poor=15, printed_exits_poor_rate=None),
    )
    exceeds = [f for f in check_plan(plan) if f.code == "target_exceeds_start"]
    assert codes(exceeds) == [("target_exceeds_start", "village-table:Nà Súng:exits_poor")]


# ---------------------------------------------------------------- end_not_start_minus_exits


def test_end_not_start_minus_exits_on_a_row_and_not_again_on_the_total():
    plan = replace_row(ha_trung_corrected(), "Tương Lạc", poor_end=5)  # 6 - 2 = 4
    plan = replace(plan, totals=replace(plan.totals, poor_end=23), figures=replace(plan.figures, poor_end=23))
    findings = check_plan(plan)
    assert codes(findings) == [("end_not_start_minus_exits", "village-table:Tương Lạc:poor_end")]
    assert findings[0].severity == "error"
    assert findings[0].message == "Tiểu khu Tương Lạc: số hộ nghèo cuối năm in 5 nhưng 6 − 2 = 4."


def test_end_not_start_minus_exits_on_the_totals_when_rows_do_not_print_it():
    plan = ha_trung_2024()
    rows = tuple(replace(row, poor_end=None) for row in plan.rows)
    findings = check_end_figures(rows, plan.totals)
    assert codes(findings) == [("end_not_start_minus_exits", "village-table:total:poor_end")]
    assert "31" in findings[0].message and "35 − 13 = 22" in findings[0].message


def test_end_not_start_minus_exits_for_the_commune_targets():
    findings = check_end_figures((), figures=PlanFigures(poor_start=35, exits_poor=13, poor_end=20))
    assert codes(findings) == [("end_not_start_minus_exits", "targets:poor_end")]


def test_near_poor_end_differing_is_a_warning():
    rows = (TableRow(key="a", label="Thôn A", near_poor_start=10, exits_near_poor=2, near_poor_end=9),)
    findings = check_end_figures(rows)
    assert codes(findings) == [("end_not_start_minus_exits", "village-table:a:near_poor_end")]
    assert findings[0].severity == "warning"


# ---------------------------------------------------------------- commune_target_differs


def test_commune_target_differing_from_the_villages():
    plan = diem_he_corrected()
    plan = replace(plan, figures=replace(plan.figures, exits_poor=9, printed_exits_poor_rate=None))
    findings = check_plan(plan)
    assert codes(findings) == [("commune_target_differs", "targets:exits_poor")]
    assert "9" in findings[0].message and "8" in findings[0].message
    assert check_commune_targets(plan.figures, plan.rows) == findings


# ---------------------------------------------------------------- text_percentage_mismatch


def test_text_percentage_mismatch():
    plan = diem_he_corrected()
    wrong = TextPercentage(
        section="general_goal", snippet="8 hộ tương đương 0,9%", printed=D("0.9"), claims=("exits_poor", "households")
    )
    findings = check_plan(replace(plan, texts=(*plan.texts, wrong)))
    assert codes(findings) == [("text_percentage_mismatch", "text:general_goal")]
    assert findings[0].severity == "error"
    assert "8 hộ tương đương 0,9%" in findings[0].message and "8/1.182 = 0,68%" in findings[0].message


def test_text_percentage_truncated_agrees():
    text = TextPercentage(
        section="s", snippet="08 hộ tương đương 0,67%", printed=D("0.67"), claims=("exits_poor", "households")
    )
    assert check_text_percentages([text], PlanFigures(households=1182, exits_poor=8)) == []


def test_text_percentage_of_an_end_figure_not_stated_uses_start_minus_exits():
    text = TextPercentage(
        section="s", snippet="còn 22 hộ tỷ lệ 0,9%", printed=D("0.9"), claims=("poor_end", "households")
    )
    figures = PlanFigures(households=2881, poor_start=35, exits_poor=13)
    assert codes(check_text_percentages([text], figures)) == [("text_percentage_mismatch", "text:s")]
    assert check_text_percentages([replace(text, printed=D("0.7"))], figures) == []


def test_text_percentage_claims_must_name_figures():
    with pytest.raises(ValueError):
        TextPercentage(section="s", snippet="x", printed=D("1"), claims=("poor", "households"))


# ---------------------------------------------------------------- deadlines, signature, recipients


def test_deadline_outside_the_plan_year_is_a_warning():
    plan = diem_he_corrected()
    late = Deadline(label="Báo cáo kết quả năm", date=datetime.date(2025, 1, 15))
    findings = check_plan(replace(plan, deadlines=(*plan.deadlines, late)))
    assert codes(findings) == [("deadline_outside_year", "deadlines:1")]
    assert findings[0].severity == "warning"
    assert "15/1/2025" in findings[0].message and "2024" in findings[0].message
    assert check_deadlines(plan.deadlines, 2024) == []


@pytest.mark.parametrize("signer", [None, "", "   "])
def test_missing_signer(signer):
    findings = check_plan(replace(diem_he_corrected(), signer=signer))
    assert codes(findings) == [("missing_signer", "signature")]
    assert findings[0].severity == "error"
    assert check_signer("Hoàng Thị Hiếu") == []


def test_missing_recipients():
    findings = check_plan(replace(ha_trung_corrected(), recipients=0))
    assert codes(findings) == [("missing_recipients", "recipients")]
    assert findings[0].severity == "error"
    assert check_recipients(1) == []


def test_row_keys_must_be_unique():
    row = TableRow(key="a", label="Thôn A")
    with pytest.raises(ValueError):
        PlanInput(year=2024, rows=(row, row))


def test_totals_row_without_households_uses_the_rows_sum():
    plan = ha_trung_corrected()
    assert plan.totals.households is None
    bad = replace(plan.totals, printed_poor_rate=D("1.30"))
    assert codes(check_rates(plan.rows, bad)) == [("rate_mismatch", "village-table:total:poor_rate")]
    assert TableTotals().households is None

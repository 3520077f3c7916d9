"""Percentages in plan text (plans/textscan.py): the seeds' sentences, read exactly, and what is skipped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plans.checks import TEXT_PERCENTAGE_MISMATCH, PlanFigures
from plans.checks_text import check_text_percentages
from plans.textscan import find_percentages

D = Decimal
HH = "households"

SEED_000_SITUATION = (
    "Thực hiện theo chuẩn nghèo, cận nghèo giai đoạn 2021-2025, đầu năm 2024 toàn xã có 31 hộ nghèo/1.182 hộ "
    "chiếm 2,62%, hộ cận nghèo có 61 hộ/1.182 hộ chiếm 5,16%."
)
SEED_000_GOAL_POOR = "Phấn đấu giảm tỷ lệ hộ nghèo năm 2024 của xã là 08 hộ tương đương 0,67% trở lên."
SEED_000_GOAL_NEAR_POOR = "Phấn đấu giảm tỷ lệ hộ cận nghèo năm 2024 của xã là 10 hộ tương đương 0,84% trở lên."
SEED_000_TARGETS = (
    "- Mục tiêu giảm nghèo theo Nghị quyết của Đảng, HĐND xã; định hướng của huyện giảm 08 hộ nghèo (0,67%); "
    "10 hộ cận nghèo (0,84%)."
)
SEED_000_FIGURES = PlanFigures(households=1182, poor_start=31, near_poor_start=61, exits_poor=8, exits_near_poor=10)


def read(text: str | None, section: str = "situation") -> list[tuple[Decimal, tuple[str, str]]]:
    return [(found.printed, found.claims) for found in find_percentages(section, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            SEED_000_SITUATION,
            [(D("2.62"), ("poor_start", HH)), (D("5.16"), ("near_poor_start", HH))],
            id="000-situation",
        ),
        pytest.param(SEED_000_GOAL_POOR, [(D("0.67"), ("exits_poor", HH))], id="000-goal-poor"),
        pytest.param(SEED_000_GOAL_NEAR_POOR, [(D("0.84"), ("exits_near_poor", HH))], id="000-goal-near-poor"),
        pytest.param(
            SEED_000_TARGETS,
            [(D("0.67"), ("exits_poor", HH)), (D("0.84"), ("exits_near_poor", HH))],
            id="000-targets-inherit-kind",
        ),
        pytest.param(
            "Giảm tỷ lệ hộ nghèo theo chỉ tiêu UBND huyện giao là 13 hộ nghèo. Cụ thể: từ 35 hộ nghèo tỷ lệ 1,21% "
            "xuống còn 22 hộ nghèo tỷ lệ 0,7 %.",
            [(D("1.21"), ("poor_start", HH)), (D("0.7"), ("poor_end", HH))],
            id="002-target",
        ),
        pytest.param(
            "Tổng số hộ nghèo là 46 hộ. Đã giảm được 12 hộ nghèo và tăng 01 hộ nghèo nên tổng số hộ nghèo năm 2023 "
            "là 35 hộ tỷ lệ 1,21 %",
            [(D("1.21"), ("poor_start", HH))],
            id="002-results-poor",
        ),
        pytest.param(
            "Tổng số hộ cận nghèo là 82 hộ; hộ cận nghèo giảm 16 hộ; 9 hộ thoát nghèo rơi cận nghèo, 07 hộ phát "
            "sinh cận nghèo; Hộ cận nghèo hiện tại là 82 hộ, tỷ lệ 2,85 %.",
            [(D("2.85"), ("near_poor_start", HH))],
            id="002-results-near-poor",
        ),
        pytest.param(
            "a) Năm 2023 tỷ lệ hộ nghèo phường Dị Sử là 0.44%, phấn đấu năm 2024 tỷ lệ hộ nghèo của phường giảm "
            "xuống còn 0.31% (theo chuẩn nghèo đa chiều giai đoạn 2021-2025).",
            [(D("0.44"), ("poor_start", HH)), (D("0.31"), ("poor_end", HH))],
            id="003-dot-decimals",
        ),
        pytest.param(
            "Phấn đấu cuối năm 2021 tỷ lệ hộ nghèo toàn huyện giảm từ 1,64% xuống còn 1,49% (không tính số hộ "
            "nghèo có thành viên thuộc chính sách ưu đãi người có công).",
            [(D("1.64"), ("poor_start", HH)), (D("1.49"), ("poor_end", HH))],
            id="004-from-to",
        ),
    ],
)
def test_seed_sentences(text, expected):
    assert read(text) == expected


def test_seed_line_breaks_as_extracted():
    """The seeds wrap sentences: a line opening lowercase, or a percentage after "tương đương", continues."""
    situation = (
        "Thực hiện theo chuẩn nghèo, cận nghèo giai đoạn 2021-2025, đầu năm 2024 \n\n"
        "toàn xã có 31 hộ nghèo/1.182 hộ chiếm 2,62%, hộ cận nghèo có 61 hộ/1.182 hộ \n\n"
        "chiếm 5,16%. \n\n"
        "Phấn đấu giảm tỷ lệ hộ cận nghèo năm 2024 của xã là 10 hộ tương đương \n\n"
        "0,84% trở lên. \n"
    )
    assert read(situation) == [
        (D("2.62"), ("poor_start", HH)),
        (D("5.16"), ("near_poor_start", HH)),
        (D("0.84"), ("exits_near_poor", HH)),
    ]


def test_line_break_before_uppercase_ends_the_sentence():
    assert read("Tỷ lệ hộ nghèo\nTrong năm 2024 là 2%") == []


@pytest.mark.parametrize(
    "text",
    [
        "- 100% người nghèo thiếu hụt thẻ bảo hiểm y tế được cấp thẻ",
        "Đảm bảo 100% hộ nghèo, hộ cận nghèo có nhu cầu được trợ giúp pháp lý",
        "hỗ trợ hộ nghèo vay vốn đạt 100%",
        "Tỷ lệ hộ nghèo được vay vốn đạt 95%",  # coverage, not a poverty rate
        "Tỷ lệ hộ nghèo có nhà ở kiên cố 85%",
        "tỷ lệ người nghèo là 3%",  # people, not households
        "tỷ lệ hộ nghèo là 100%",  # never a poverty rate
        "Tỷ lệ bao phủ bảo hiểm y tế đạt 92%",  # no "nghèo"
        "giảm tỷ lệ hộ nghèo bình quân 1,5%",  # a multi-year average
        "giảm tỷ lệ hộ nghèo 1,5%/năm",
        "giảm tỷ lệ hộ nghèo 1-1,5%",
        "Đã tăng 3 hộ nghèo, chiếm 0,25%",  # newly poor households: no such figure
        # A review at the end of a year gives the next plan's start: too ambiguous to classify.
        "kết quả rà soát cuối năm 2020 toàn huyện có 700 hộ nghèo, chiếm 1,64% tổng số hộ; 1357 hộ cận nghèo, "
        "chiếm 3,18% tổng số hộ",
        "Tỷ lệ hộ nghèo cuối năm 2023 là 1,5%",
        "",
        "   \n ",
        None,
    ],
)
def test_skipped(text):
    assert read(text) == []


def test_coverage_percentage_after_a_rate_is_skipped():
    assert read("Tỷ lệ hộ nghèo 2,5%, 95% hộ có thẻ bảo hiểm y tế.") == [(D("2.5"), ("poor_start", HH))]


def test_year_end_in_a_target_is_the_end():
    assert read("Phấn đấu tỷ lệ hộ cận nghèo cuối năm 2024 là 3,1%") == [(D("3.1"), ("near_poor_end", HH))]


def test_compared_with_start_is_not_the_start():
    assert read("giảm 8 hộ nghèo so với đầu năm, tương đương 0,67%") == [(D("0.67"), ("exits_poor", HH))]


def test_poverty_programme_name_is_not_a_reduction():
    assert read("Ban chỉ đạo giảm nghèo xã: tỷ lệ hộ nghèo là 2%") == [(D("2"), ("poor_start", HH))]


def test_printed_decimals_are_kept():
    found = find_percentages("targets", "Cụ thể: từ 35 hộ nghèo tỷ lệ 1,20% xuống còn 22 hộ nghèo tỷ lệ 0,7 %.")
    assert [str(item.printed) for item in found] == ["1.20", "0.7"]


def test_section_is_passed_through():
    found = find_percentages("general_goal", SEED_000_GOAL_POOR)
    assert [item.section for item in found] == ["general_goal"]


def test_snippets_end_with_the_percentage_and_are_short():
    found = find_percentages("targets", SEED_000_SITUATION + " " + SEED_000_TARGETS)
    assert len(found) == 4
    for item in found:
        assert len(item.snippet) <= 81
        assert "\n" not in item.snippet and "  " not in item.snippet
    assert [item.snippet[-5:] for item in found] == ["2,62%", "5,16%", "0,67%", "0,84%"]
    assert found[0].snippet.startswith("…")
    assert found[0].snippet.endswith("toàn xã có 31 hộ nghèo/1.182 hộ chiếm 2,62%")


def test_short_snippet_is_the_whole_sentence():
    found = find_percentages("general_goal", SEED_000_GOAL_POOR)
    assert [item.snippet for item in found] == [
        "Phấn đấu giảm tỷ lệ hộ nghèo năm 2024 của xã là 08 hộ tương đương 0,67%"
    ]


def test_seed_000_text_agrees_with_its_figures():
    found = [
        *find_percentages("situation", SEED_000_SITUATION),
        *find_percentages("general_goal", SEED_000_GOAL_POOR + "\n" + SEED_000_GOAL_NEAR_POOR),
        *find_percentages("targets", SEED_000_TARGETS),
    ]
    assert len(found) == 6
    assert check_text_percentages(found, figures=SEED_000_FIGURES) == []


def test_wrong_text_percentage_is_reported_once():
    wrong = SEED_000_GOAL_POOR.replace("0,67%", "0,76%")
    found = [
        *find_percentages("situation", SEED_000_SITUATION),
        *find_percentages("general_goal", wrong + "\n" + SEED_000_GOAL_NEAR_POOR),
    ]
    findings = check_text_percentages(found, figures=SEED_000_FIGURES)
    assert [(finding.code, finding.anchor) for finding in findings] == [(TEXT_PERCENTAGE_MISMATCH, "text:general_goal")]
    assert "0,76%" in findings[0].message


# ---------------------------------------------------------------- other units and other years


@pytest.mark.parametrize(
    "text",
    [
        "Tỷ lệ hộ nghèo của huyện Văn Quan là 8,5%.",
        "Tỷ lệ hộ nghèo toàn tỉnh đầu năm 2024 là 3,10%.",
        "Năm 2022 tỷ lệ hộ nghèo của xã là 4,1%.",
        "Tỷ lệ hộ nghèo năm trước là 3,10%.",
        "Giai đoạn 2016-2020, tỷ lệ hộ nghèo của xã giảm từ 9,5% xuống còn 4,2%.",
    ],
)
def test_statements_about_another_unit_or_time_are_skipped_in_a_communes_2024_plan(text):
    assert find_percentages("situation_text", text, year=2024, district=False) == []


@pytest.mark.parametrize(
    ("text", "year", "district", "count"),
    [
        (SEED_000_SITUATION, 2024, False, 2),
        (SEED_000_GOAL_POOR, 2024, False, 1),
        (SEED_000_TARGETS, 2024, False, 2),  # "định hướng của huyện giảm 08 hộ nghèo (0,67%)": the commune's
        ("Tỷ lệ hộ nghèo của xã năm 2023 là 2,62%.", 2024, False, 1),  # end of 2023 = start of 2024
        (
            "Phấn đấu cuối năm 2021 tỷ lệ hộ nghèo toàn huyện giảm từ 1,64% xuống còn 1,49%.",
            2021,
            True,
            2,
        ),
    ],
)
def test_the_plans_own_unit_and_year_are_still_read(text, year, district, count):
    assert len(find_percentages("situation_text", text, year=year, district=district)) == count


def test_a_districts_rate_in_a_district_plan_is_read_and_a_communes_is_not():
    text = "Tỷ lệ hộ nghèo toàn huyện là 1,64%; tỷ lệ hộ nghèo của xã Điềm He là 2,62%."
    found = find_percentages("situation_text", text, year=2021, district=True)
    assert [f.printed for f in found] == [D("1.64")]

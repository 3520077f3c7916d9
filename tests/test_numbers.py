"""Rates, rounding and the Vietnamese writing of numbers and dates (docs/rounding.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from povertyplan.numbers import document_date, format_number, format_rate, printed_rate_agrees, rate, short_date

D = Decimal


# ---------------------------------------------------------------- rate


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 160, D("0.63")),  # 0,625: half up, where round() would give 0,62
        (31, 1182, D("2.62")),
        (8, 1182, D("0.68")),
        (10, 1182, D("0.85")),
        (7, 166, D("4.22")),
        (11, 166, D("6.63")),
        (22, 2881, D("0.76")),
        (1, 8, D("12.50")),
        (0, 1182, D("0.00")),
        (0, 1, D("0.00")),
        (5, 5, D("100.00")),
    ],
)
def test_a_rate_is_a_percentage_rounded_half_up_to_two_decimals(part, whole, expected):
    result = rate(part, whole)
    assert isinstance(result, Decimal)
    assert result == expected
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(("part", "whole"), [(0, 0), (3, 0), (3, None), (None, 100), (None, None)])
def test_a_rate_that_cannot_be_computed_is_none(part, whole):
    assert rate(part, whole) is None


def test_a_rate_can_be_rounded_to_other_places():
    assert rate(22, 2881, places=1) == D("0.8")
    assert rate(1, 3, places=0) == D("33")


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (0, None, "0"),
        (999, None, "999"),
        (1182, None, "1.182"),
        (2881, None, "2.881"),
        (1_500_000, None, "1.500.000"),
        (-1_500_000, None, "-1.500.000"),
        (D("2.62"), None, "2,62"),
        (D("2.6227"), 2, "2,62"),
        (D("0.625"), 2, "0,63"),
        (D("1234.5"), None, "1.234,5"),
        (D("1234.5"), 2, "1.234,50"),
        (D("-0.5"), 2, "-0,50"),
        (None, None, ""),
    ],
)
def test_numbers_use_dots_for_thousands_and_commas_for_decimals(value, places, expected):
    assert format_number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("2.62"), "2,62%"),
        (rate(31, 1182), "2,62%"),
        (rate(1, 160), "0,63%"),
        (D("0.625"), "0,63%"),
        (D("0"), "0,00%"),
        (D("100"), "100,00%"),
        (D("1234.5"), "1.234,50%"),
        (None, "—"),
    ],
)
def test_rates_print_with_two_decimals_and_a_percent_sign(value, expected):
    assert format_rate(value) == expected


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2024, 6, 6), "ngày 06 tháng 6 năm 2024"),
        (datetime.date(2024, 1, 10), "ngày 10 tháng 01 năm 2024"),
        (datetime.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (datetime.date(2024, 3, 1), "ngày 01 tháng 3 năm 2024"),
        (datetime.date(2024, 9, 9), "ngày 09 tháng 9 năm 2024"),
        (datetime.date(2024, 10, 15), "ngày 15 tháng 10 năm 2024"),
        (datetime.date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
    ],
)
def test_document_dates_pad_the_day_and_only_months_one_and_two(value, expected):
    assert document_date(value) == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_only_january_and_february_are_written_with_two_digits(month):
    text = document_date(datetime.date(2027, month, 15))
    expected = f"tháng {month:02d} " if month <= 2 else f"tháng {month} "
    assert expected in text


def test_the_short_date_inside_text_has_no_padding():
    assert short_date(datetime.date(2024, 4, 10)) == "10/4/2024"
    assert short_date(datetime.date(2024, 1, 5)) == "5/1/2024"


# ---------------------------------------------------------------- printed rates (the seeds' own figures)


@pytest.mark.parametrize(
    ("printed", "part", "whole"),
    [
        ("4.21", 7, 166),  # seed 000, Nà Súng poor: 4,217 truncated
        ("4.22", 7, 166),  # the same rounded half up
        ("0.67", 8, 1182),  # seed 000 text: 0,677 truncated
        ("0.68", 8, 1182),
        ("0.7", 22, 2881),  # seed 002: 0,76 printed with one decimal and truncated
        ("0.8", 22, 2881),
        ("6.63", 11, 166),  # what Nà Súng's near-poor rate should have been
        ("6.62", 11, 166),
        ("2.62", 31, 1182),
        ("0.63", 1, 160),
        ("0.62", 1, 160),
        ("0.44", 4, 909),
        ("0", 0, 166),
        ("0.00", 0, 166),
        ("0", 0, 0),
    ],
)
def test_a_printed_rate_agrees_when_rounded_half_up_or_truncated_at_its_own_decimals(printed, part, whole):
    assert printed_rate_agrees(D(printed), part, whole) is True


@pytest.mark.parametrize(
    ("printed", "part", "whole"),
    [
        ("0.93", 11, 166),  # seed 000, Nà Súng near-poor: the error the checks must find
        ("6.64", 11, 166),
        ("6.7", 11, 166),
        ("4.20", 7, 166),
        ("4.23", 7, 166),
        ("0.9", 22, 2881),
        ("0.6", 22, 2881),
        ("0.70", 22, 2881),  # printed with two decimals it must be 0,76
        ("2.63", 31, 1182),
        ("1", 0, 0),
    ],
)
def test_any_other_printed_rate_disagrees(printed, part, whole):
    assert printed_rate_agrees(D(printed), part, whole) is False


# ---------------------------------------------------------------- template filters


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ n|vnum }}", {"n": 1182}, "1.182"),
        ("{{ n|vnum }}", {"n": 1_500_000}, "1.500.000"),
        ("{{ n|vnum }}", {"n": None}, ""),
        ("{{ n|vnum }}", {"n": ""}, ""),
        ("{{ x|vnum:2 }}", {"x": D("2.6227")}, "2,62"),
        ("{{ x|vnum:2 }}", {"x": D("0.625")}, "0,63"),
        ("{{ x|vnum:'2' }}", {"x": D("1234.5")}, "1.234,50"),
        ("{{ n|vnum|default:'—' }}", {"n": None}, "—"),
        ("{{ r|vrate }}", {"r": rate(31, 1182)}, "2,62%"),
        ("{{ r|vrate }}", {"r": rate(1, 160)}, "0,63%"),
        ("{{ r|vrate }}", {"r": None}, "—"),
        ("{{ d|vdate }}", {"d": datetime.date(2024, 6, 6)}, "ngày 06 tháng 6 năm 2024"),
        ("{{ d|vdate }}", {"d": datetime.date(2024, 1, 10)}, "ngày 10 tháng 01 năm 2024"),
        ("{{ d|vdate }}", {"d": None}, ""),
        ("Xuân Hoà, {{ d|vdate }}", {"d": datetime.date(2024, 6, 6)}, "Xuân Hoà, ngày 06 tháng 6 năm 2024"),
    ],
)
def test_the_template_filters_write_vietnamese_numbers_rates_and_dates_without_load(source, context, expected):
    assert render(source, **context) == expected


def test_a_row_of_the_plan_table_renders_with_the_filters():
    source = "{{ total|vnum }} hộ, {{ poor|vnum }} hộ nghèo ({{ r|vrate }})"
    assert render(source, total=1182, poor=31, r=rate(31, 1182)) == "1.182 hộ, 31 hộ nghèo (2,62%)"


def test_a_missing_rate_renders_like_an_unknown_one_instead_of_crashing_the_page():
    assert render("{{ row.missing|vrate }}", row={}) in ("", "—")


def test_the_english_interface_shows_and_reads_dates_day_first():
    import datetime

    from django import forms
    from django.utils import formats, translation

    with translation.override("en"):
        assert formats.date_format(datetime.date(2026, 12, 2), "SHORT_DATE_FORMAT") == "02/12/2026"
        moment = datetime.datetime(2026, 12, 2, 4, 18)
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "04:18 02/12/2026"
        assert forms.DateField().clean("02/12/2026") == datetime.date(2026, 12, 2)

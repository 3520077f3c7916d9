"""The one parser of numbers typed the Vietnamese way: "." separates thousands, "," marks decimals.

Whatever cannot be read for sure is refused with a Vietnamese message, never guessed at.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from povertyplan.fields import DecimalTextField, VnDateField, decimal_as_printed
from povertyplan.numbers import NumberFormatError, parse_decimal, parse_int

INTEGER_REFUSED = "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn)."
DECIMAL_REFUSED = "Hãy nhập một số, ví dụ 4,7 hoặc 1.234,5 (dấu phẩy thập phân)."


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.509", 1509),
        ("1.500.000", 1_500_000),
        ("3.000", 3000),  # a browser's number input read this as 3
        ("12.500.000", 12_500_000),
        ("1509", 1509),
        ("0", 0),
        ("007", 7),
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000", 1_500_000),  # non-breaking spaces, as a word processor writes them
        ("1\u202f509", 1509),  # narrow no-break space
        ("  1.509\t", 1509),
        ("１．５０９", 1509),  # full-width, typed with an IME
        ("１２", 12),
        ("+12", 12),
        ("-3.000", -3000),
        ("\u22125", -5),  # the minus sign of word processors
    ],
)
def test_integers_typed_the_vietnamese_way_are_read(typed, value):
    assert parse_int(typed) == value


@pytest.mark.parametrize("typed", ["", "   ", "\u00a0", None])
def test_an_empty_integer_is_none_not_zero(typed):
    assert parse_int(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "1,509",  # a decimal comma (or an English thousands comma): no whole number either way
        "1,5",
        "1.5",
        "1.50",
        "1.5000",
        "12.34.5",
        "1.000.00",
        "1,500,000",
        ".5",
        "5.",
        "1 5",
        "1 50 000",
        "abc",
        "1e5",
        "²",
        "٢٠٢٤",  # Arabic-Indic digits are not digits anyone here types
        "--5",
        "5-",
        "1.234,5",
    ],
)
def test_integers_that_cannot_be_read_for_sure_are_refused(typed):
    with pytest.raises(NumberFormatError) as refused:
        parse_int(typed)
    assert refused.value.message == INTEGER_REFUSED
    assert isinstance(refused.value, ValueError)


def test_an_absurdly_long_number_is_refused_as_too_long():
    with pytest.raises(NumberFormatError) as refused:
        parse_int("9" * 5000)
    assert refused.value.message == "Số quá dài."


@pytest.mark.parametrize(
    ("typed", "value", "places"),
    [
        ("4,7", Decimal("4.7"), 1),
        ("4,70", Decimal("4.70"), 2),
        ("0,44", Decimal("0.44"), 2),
        ("0.44", Decimal("0.44"), 2),  # a single dot before two digits can only be a decimal point
        ("4.7", Decimal("4.7"), 1),
        ("12.5", Decimal("12.5"), 1),
        ("1.234,5", Decimal("1234.5"), 1),
        ("1.500.000", Decimal("1500000"), 0),
        ("1.500.000,25", Decimal("1500000.25"), 2),
        ("1,509", Decimal("1.509"), 3),
        ("100", Decimal("100"), 0),
        ("0", Decimal("0"), 0),
        ("-0,5", Decimal("-0.5"), 1),
        ("+2,62", Decimal("2.62"), 2),
        ("４，７", Decimal("4.7"), 1),
        (" 2,62 ", Decimal("2.62"), 2),
    ],
)
def test_decimals_are_read_with_the_places_they_were_typed_with(typed, value, places):
    parsed = parse_decimal(typed)
    assert parsed == value
    assert str(parsed) == str(value)
    assert -parsed.as_tuple().exponent == places


@pytest.mark.parametrize("typed", ["6,63 %", "6,63%", "6,63 ％"])
def test_a_percent_sign_is_allowed_where_a_rate_is_typed(typed):
    assert str(parse_decimal(typed, percent=True)) == "6.63"


def test_a_percent_sign_is_refused_where_no_rate_is_typed():
    with pytest.raises(NumberFormatError) as refused:
        parse_decimal("6,63 %")
    assert refused.value.message == DECIMAL_REFUSED


def test_one_dot_before_three_digits_is_ambiguous_and_refused_with_both_readings():
    with pytest.raises(NumberFormatError) as refused:
        parse_decimal("1.509")
    assert refused.value.code == "ambiguous"
    assert refused.value.message == (
        "Không rõ 1.509 là số nghìn hay số thập phân: viết 1,509 nếu là số thập phân (dấu phẩy), "
        "hoặc 1509 nếu là số nguyên."
    )


@pytest.mark.parametrize("typed", ["12.34.5", "1,2,3", ".5", "1,", ",5", "1.5,3", "abc", "1e2", "6.6.3", "4,7a"])
def test_decimals_that_cannot_be_read_are_refused(typed):
    with pytest.raises(NumberFormatError) as refused:
        parse_decimal(typed)
    assert refused.value.message == DECIMAL_REFUSED


@pytest.mark.parametrize("typed", ["", " ", None, "%"])
def test_an_empty_decimal_is_none(typed):
    assert parse_decimal(typed, percent=True) is None


def test_more_decimals_than_allowed_are_refused_not_rounded():
    with pytest.raises(NumberFormatError) as refused:
        parse_decimal("6,633", max_places=2)
    assert refused.value.message == "Tối đa 2 chữ số sau dấu phẩy."
    assert parse_decimal("6,63", max_places=2) == Decimal("6.63")


def test_messages_follow_the_language_of_the_request():
    with translation.override("en"), pytest.raises(NumberFormatError) as refused:
        parse_int("1,5")
    assert refused.value.message == "Enter a whole number, e.g. 1.500.000 (dots only separate thousands)."


# ---------------------------------------------------------------- dates and stored decimals


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("05/04/2026", datetime.date(2026, 4, 5)),  # 5 April, never 4 May
        ("5/4/2026", datetime.date(2026, 4, 5)),
        ("05-04-2026", datetime.date(2026, 4, 5)),
        ("05.04.2026", datetime.date(2026, 4, 5)),
        (" 31/12/2024 ", datetime.date(2024, 12, 31)),
        ("2026-04-05", datetime.date(2026, 4, 5)),
    ],
)
def test_dates_are_read_day_first(typed, date):
    assert VnDateField().clean(typed) == date


@pytest.mark.parametrize("typed", ["04/31/2026", "2026/04/05", "hôm nay", "05/04"])  # 31/02: test_fixweb_documents
def test_dates_that_are_no_day_month_year_are_refused(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        VnDateField().clean(typed)
    assert refused.value.messages == ["Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 05/04/2026."]


def test_a_date_outside_any_plan_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        VnDateField().clean("05/04/0026")
    assert refused.value.messages == ["Ngày phải trong khoảng 01/01/1900 đến 31/12/2100."]


def test_a_stored_decimal_text_keeps_its_places():
    field = DecimalTextField(null=True)
    assert field.get_prep_value(Decimal("4.7")) == "4.7"
    assert field.get_prep_value(Decimal("4.70")) == "4.70"
    assert str(field.from_db_value("4.7", None, None)) == "4.7"
    assert field.from_db_value(None, None, None) is None


@pytest.mark.parametrize(
    ("stored", "printed"), [("4.70", "4.7"), ("40.00", "40"), ("0.00", "0"), ("2.62", "2.62"), ("0.90", "0.9")]
)
def test_rates_stored_before_as_two_place_decimals_lose_their_padding_zeros(stored, printed):
    assert str(decimal_as_printed(Decimal(stored))) == printed

"""Form fields for numbers and dates typed the Vietnamese way, whatever the browser's language.

Browsers' number and date inputs follow the browser's locale: `type=number` turns "1.000.000" into
"1.000000" (read by Django as 1) and refuses "1.509"; `type=date` shows mm/dd/yyyy on an English
Windows. These fields are text inputs read by the one parser in `povertyplan.numbers`, and say what is
wrong in Vietnamese, with limits written as people write numbers ("tối đa 100.000.000").
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from povertyplan import numbers

# Counts of households or people: a province has over a million households.
MAX_COUNT = 100_000_000
# Sums of đồng: fits PositiveBigIntegerField (9.223.372.036.854.775.807) with room to spare.
MAX_AMOUNT = 1_000_000_000_000_000

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y-%m-%d"]
DATE_DISPLAY_FORMAT = "%d/%m/%Y"
# Digits in the shape of one of DATE_INPUT_FORMATS (day/month/year, or year-month-day).
_DATE_SHAPE = re.compile(
    r"(?P<d>\d{1,2})([/.-])(?P<m>\d{1,2})\2\d{4}|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/\d{2}"
    r"|\d{4}-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
)


def _no_such_day(text: str) -> bool:
    """A day 1-31 of a month 1-12 that the calendar lacks (31/02/2024, 29/02/2023), typed as a date."""
    match = _DATE_SHAPE.fullmatch(text)
    if match is None:
        return False
    day = int(match["d"] or match["d2"] or match["d3"])
    month = int(match["m"] or match["m2"] or match["m3"])
    return 1 <= day <= 31 and 1 <= month <= 12


FIRST_DATE, LAST_DATE = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)


class _VnNumberField(forms.Field):
    """Shared range checks with messages in words and numbers the Vietnamese way."""

    inputmode = "numeric"
    default_error_messages = {
        "max_value": _("Số quá lớn: tối đa {limit}."),
        "min_value": _("Số quá nhỏ: tối thiểu {limit}."),
        "negative": _("Không được nhập số âm."),
    }

    def __init__(self, *, min_value=None, max_value=None, grouped=True, **kwargs):
        # grouped=False for years and document numbers, written without a thousands dot (2026, not 2.026).
        self.min_value, self.max_value, self.grouped = min_value, max_value, grouped
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.update({"inputmode": self.inputmode, "autocomplete": "off"})
        return attrs

    def _parse(self, text: str):  # pragma: no cover - every subclass reads its own kind
        raise NotImplementedError

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return value
        try:
            return self._parse(str(value))
        except numbers.NumberFormatError as exc:
            # A field may word the plain "not a number" case for what it holds (a rate, a sum).
            message = self.error_messages.get(exc.code, exc.message)
            raise forms.ValidationError(message, code=exc.code) from exc

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            if self.min_value == 0:
                raise forms.ValidationError(self.error_messages["negative"], code="min_value")
            message = str(self.error_messages["min_value"]).format(limit=self._written(self.min_value))
            raise forms.ValidationError(message, code="min_value")
        if self.max_value is not None and value > self.max_value:
            message = str(self.error_messages["max_value"]).format(limit=self._written(self.max_value))
            raise forms.ValidationError(message, code="max_value")

    def _written(self, value) -> str:
        if self.grouped:
            return numbers.format_number(value)
        return numbers.format_number(value).replace(".", "")

    def prepare_value(self, value):
        # A stored number is shown the way it is typed ("1.509"); a typed text is shown back unchanged.
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return self._written(value)
        return value

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True


class VnIntegerField(_VnNumberField):
    """A whole number: "1.509", "1.500.000", "1 500 000" or "1509"; "1,5" and "1.5" are refused."""

    default_error_messages = {
        "invalid": _("Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn)."),
    }

    def __init__(self, *, min_value=0, max_value=MAX_COUNT, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def _parse(self, text: str) -> int | None:
        return numbers.parse_int(text)


class VnAmountField(VnIntegerField):
    """A whole number of đồng, up to MAX_AMOUNT."""

    def __init__(self, *, min_value=0, max_value=MAX_AMOUNT, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class VnDecimalField(_VnNumberField):
    """A decimal typed the Vietnamese way ("4,7", "0.44", "1.234,5"), kept with the places it was typed
    with: a figure printed "4,7" stays Decimal("4.7") and is checked at one decimal."""

    inputmode = "decimal"

    def __init__(self, *, max_places: int | None = None, percent: bool = False, **kwargs):
        self.max_places, self.percent = max_places, percent
        super().__init__(**kwargs)

    def _parse(self, text: str) -> Decimal | None:
        return numbers.parse_decimal(text, max_places=self.max_places, percent=self.percent)

    def has_changed(self, initial, data):
        # "4,7" and "4,70" are different printed figures although equal as numbers.
        try:
            before, after = self.to_python(initial), self.to_python(data)
        except forms.ValidationError:
            return True
        return str(before) != str(after)


class VnRateField(VnDecimalField):
    """A percentage as printed in a document: "0,93", "0.93", "6,63 %", between 0 and 100."""

    default_error_messages = {"invalid": _("Hãy nhập tỷ lệ dạng 6,63 (dấu phẩy thập phân).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", Decimal(100))
        kwargs.setdefault("max_places", 2)
        kwargs.setdefault("percent", True)
        super().__init__(**kwargs)


class VnDateInput(forms.DateInput):
    """A text input showing dd/mm/yyyy, never the browser's own date picker and its locale."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):
        attrs = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "size": 10, **(attrs or {})}
        super().__init__(attrs=attrs, format=format or DATE_DISPLAY_FORMAT)


class VnDateField(forms.DateField):
    """A date typed day first, "05/04/2026" (also 05-04-2026, 05.04.2026, 5/4/26), whatever the browser."""

    widget = VnDateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 05/04/2026."),
        "range": _("Ngày phải trong khoảng {first} đến {last}."),
        "nonexistent": _("Ngày không tồn tại: {value} (hãy kiểm tra ngày và tháng)."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().to_python(value)
        except forms.ValidationError:
            # Written like a date ("31/02/2024") but no such day: say so rather than ask for the format.
            if isinstance(value, str) and _no_such_day(value):
                message = str(self.error_messages["nonexistent"]).format(value=value)
                raise forms.ValidationError(message, code="nonexistent") from None
            raise

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DATE <= value <= LAST_DATE:
            message = str(self.error_messages["range"]).format(
                first=FIRST_DATE.strftime(DATE_DISPLAY_FORMAT), last=LAST_DATE.strftime(DATE_DISPLAY_FORMAT)
            )
            raise forms.ValidationError(message, code="range")


def vn_formfield(model_field, **kwargs):
    """`formfield_callback` for model forms: numbers and dates through the fields above."""
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        return model_field.formfield(form_class=VnDateField, **kwargs)
    if isinstance(model_field, models.BigIntegerField):
        return _integer_formfield(model_field, VnAmountField, **kwargs)
    if isinstance(model_field, models.IntegerField) and not model_field.choices:
        return _integer_formfield(model_field, VnIntegerField, **kwargs)
    return model_field.formfield(**kwargs)


def _integer_formfield(model_field, form_class, **kwargs):
    defaults = {
        "required": not model_field.blank,
        "label": capfirst(model_field.verbose_name),
        "help_text": model_field.help_text,
    }
    # The column's own range (a small integer stops at 32.767) is checked by the form, in words.
    for validator in model_field.validators:
        if isinstance(validator, validators.MinValueValidator):
            defaults["min_value"] = validator.limit_value
        elif isinstance(validator, validators.MaxValueValidator):
            defaults["max_value"] = min(validator.limit_value, form_class().max_value)
    if model_field.has_default() and not callable(model_field.default):
        defaults["initial"] = model_field.default
    defaults.update(kwargs)
    return form_class(**defaults)


# ---------------------------------------------------------------- model field


class DecimalTextField(models.CharField):
    """A decimal kept exactly as it was written: stored as its text ("4.7"), read back as Decimal("4.7").

    A DecimalField stores 4,7 as 4,70, and a printed rate is checked at the number of decimals it was
    printed with: 4,70 would be checked at two decimals and a correct one-decimal rate flagged.
    """

    description = _("Số thập phân giữ nguyên số chữ số đã in")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise ValidationError(_("Hãy nhập một số."), code="invalid") from exc

    def get_prep_value(self, value):
        value = self.to_python(value)
        return None if value is None else format(value, "f")

    def run_validators(self, value):
        super().run_validators(None if value is None else format(value, "f"))

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else format(value, "f")

    def formfield(self, **kwargs):
        defaults = {"required": not self.blank, "label": capfirst(self.verbose_name), "help_text": self.help_text}
        return VnRateField(**{**defaults, **kwargs})


def decimal_as_printed(value: Decimal) -> Decimal:
    """Decimal("4.70") -> Decimal("4.7"); Decimal("40.00") -> Decimal("40"): the places a figure stored
    as a two-place decimal was most likely printed with (used to convert data stored before)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)

"""Length limits of the plans' free texts: generous (a plan's longest section in the seeds is about 6.000
characters), but real, so that one pasted document cannot stall the application.

A limit is the text field's `max_length` and a `TextLimit` validator on the model field (enforced by
`full_clean`, hence by the services); `apply_text_limits` makes a form say it in Vietnamese, the numbers
written the Vietnamese way, and drops the textarea's `maxlength` attribute: a browser silently cuts a
pasted text at that length, while the form refuses it and keeps what was typed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from povertyplan.numbers import format_number

# A section of the plan (situation, goals, funding...) and a project's texts.
TEXT_LIMIT = 20_000
# Tasks and solutions, a body's responsibilities: the longest lists of a plan.
LONG_TEXT_LIMIT = 50_000
# One target line, one legal basis' summary.
LINE_TEXT_LIMIT = 5_000


@deconstructible
class TextLimit(MaxLengthValidator):
    """At most `limit_value` characters, said in Vietnamese with the limit and the length typed."""

    message = _("Văn bản này dài %(length)s ký tự, quá giới hạn %(limit)s ký tự. Hãy rút gọn rồi lưu lại.")

    def __init__(self, limit_value: int):
        super().__init__(limit_value)

    def __call__(self, value) -> None:
        length = len(value or "")
        if length > self.limit_value:
            raise ValidationError(
                self.message,
                code="max_length",
                params={"length": format_number(length), "limit": format_number(self.limit_value)},
            )


def apply_text_limits(form: forms.BaseForm) -> None:
    """Give the form's fields whose model field carries a TextLimit that limit's message, once."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a form-only field (DELETE, ORDER)
            continue
        limits = [v for v in getattr(model_field, "validators", []) if isinstance(v, TextLimit)]
        if not limits:
            continue
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)] + limits[:1]
        field.widget.attrs.pop("maxlength", None)


__all__ = ["LINE_TEXT_LIMIT", "LONG_TEXT_LIMIT", "TEXT_LIMIT", "TextLimit", "apply_text_limits"]

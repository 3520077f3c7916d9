"""The STT ("order") of a plan part's rows (plans/forms.py BasePartFormSet).

A blank row offers the next numbers after the rows already there (max + 1, max + 2, ... : a new
recipient lands below the last one, not above the first). That number alone does not make a blank row a
new row: a row left blank is skipped however its STT reads. A row saved with its STT emptied goes to the
end, in the order of the form, after the highest STT typed.
"""

from __future__ import annotations

from povertyplan.fields import VnIntegerField


class NewRowOrderField(VnIntegerField):
    """The STT of a row not saved yet: pre-filled, so it never counts as something typed."""

    def has_changed(self, initial, data) -> bool:
        return False


class OrderedRowsMixin:
    """For inline formsets of models with an `order` field (plans.models.PlanPart)."""

    def _highest_saved_order(self) -> int:
        return max((row.order for row in self.get_queryset()), default=0)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        first_new = self.initial_form_count()
        if index is not None and index >= first_new:
            kwargs["initial"] = {"order": self._highest_saved_order() + index - first_new + 1}
        return kwargs

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get("order")
        if field is None:
            return
        field.required = False  # an empty STT: the end of the list (clean below)
        if index is None or index >= self.initial_form_count():
            form.fields["order"] = NewRowOrderField(
                label=field.label, required=False, min_value=field.min_value, max_value=field.max_value
            )

    def clean(self):
        super().clean()
        saved = [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and form.is_valid()
            and not self._should_delete_form(form)
        ]
        typed = [form.cleaned_data["order"] for form in saved if form.cleaned_data.get("order") is not None]
        following = max(typed, default=0)
        for form in saved:
            if form.cleaned_data.get("order") is None:
                limit = form.fields["order"].max_value
                following = following + 1 if limit is None else min(following + 1, limit)
                form.cleaned_data["order"] = form.instance.order = following

"""Forms of the review year: a household's event, a household that arrived or was split off, the close
with the chairman's decision. Every choice of a household is narrowed to the commune through access."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from households.forms import HouseholdForm
from households.models import Household
from households.review_models import LEAVING_KINDS, EventKind
from households.review_rules import left_in
from povertyplan import access
from povertyplan.fields import VnDateField, VnIntegerField

LEAVING_CHOICES = [(k.value, k.label) for k in LEAVING_KINDS]
# The URL's word for the two kinds that bring a household in.
ARRIVING = {"chuyen-den": EventKind.MOVED_IN, "tach-ho": EventKind.SPLIT}


def _households_of(user, commune_id: int, year: int, exclude=None):
    """The commune's households still in the registry of `year`, the user may change."""
    households = Household.objects.for_user(user, access.CHANGE).filter(village__commune=commune_id)
    households = households.exclude(pk__in=left_in(households.values("pk"), year).values("household"))
    if exclude is not None:
        households = households.exclude(pk=exclude.pk)
    return households.select_related("village").order_by("village__order", "head_name", "pk")


class HouseholdChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.head_name} ({obj.village}, {_('mã hộ')} {obj.pk})"


class EventForm(forms.Form):
    """A household leaving the registry: moved out, died (a single-person household), merged into another."""

    kind = forms.ChoiceField(label=_("Biến động"), choices=LEAVING_CHOICES, widget=forms.RadioSelect)
    date = VnDateField(label=_("Ngày"))
    other = HouseholdChoice(label=_("Nhập vào hộ (khi nhập hộ)"), queryset=Household.objects.none(), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)
    household_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, household: Household, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = _households_of(user, household.village.commune_id, year, exclude=household)
        self.fields["date"].widget.attrs["class"] = "form-control"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "kind", "date", "other", "note", "household_version", Submit("save", _("Ghi biến động"))
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == EventKind.MERGED and data.get("other") is None:
            self.add_error("other", _("Cần chọn hộ nhập vào."))
        return data


class ArrivalForm(HouseholdForm):
    """A household that moved in, or was split from another of the commune: the household and its
    assessment of the year (the household form), with the event's date and, for a split, the original."""

    date = VnDateField(label=_("Ngày chuyển đến / tách hộ"))
    other = HouseholdChoice(label=_("Tách từ hộ"), queryset=Household.objects.none(), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, user, year: int, kind: str, commune_id: int, **kwargs):
        super().__init__(*args, user=user, year=year, **kwargs)
        self.kind = kind
        self.fields["date"].widget.attrs["class"] = "form-control"
        event_fields = ["date", "note"]
        if kind == EventKind.SPLIT:
            self.fields["other"].queryset = _households_of(user, commune_id, year)
            self.fields["other"].required = True
            event_fields.insert(1, "other")
        else:
            del self.fields["other"]
        self.helper.layout.insert(0, Fieldset(_("Biến động"), Div(*event_fields)))


class CloseForm(forms.Form):
    """The chairman's decision recognising the lists (Mẫu số 02), entered when the review is closed."""

    decision_number = VnIntegerField(label=_("Số quyết định"), min_value=1, max_value=9999, grouped=False)
    decision_symbol = forms.CharField(label=_("Ký hiệu"), max_length=40, initial="QĐ-UBND")
    decision_date = VnDateField(label=_("Ngày quyết định"))
    # The decision is the chairman's own (Nghị định 30/2020: an individual's authority): signed "CHỦ TỊCH"
    # with no "TM.", or "KT. CHỦ TỊCH" above "PHÓ CHỦ TỊCH" when a vice-chairman signs for them.
    signing_authority = forms.CharField(
        label=_("Thẩm quyền ký"),
        max_length=40,
        required=False,
        help_text=_("Để trống khi Chủ tịch ký; ghi “KT. CHỦ TỊCH” khi Phó Chủ tịch ký thay."),
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=80, initial="CHỦ TỊCH")
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("decision_number", "decision_date"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Div(
                Div("decision_number", css_class="col-md-3"),
                Div("decision_symbol", css_class="col-md-3"),
                Div("decision_date", css_class="col-md-3"),
                css_class="row",
            ),
            Div(
                Div("signing_authority", css_class="col-md-4"),
                Div("signer_title", css_class="col-md-4"),
                Div("signer_name", css_class="col-md-4"),
                css_class="row",
            ),
            "version",
        )

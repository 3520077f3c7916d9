"""Forms of the units pages: a commune's villages (a formset), a commune's merge."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from households.models import Commune, VillageKind
from povertyplan import access
from povertyplan.fields import VnDateField, VnIntegerField


class VillageForm(forms.Form):
    """One village: its name, kind and place in the commune's documents. An extra row left empty adds
    nothing."""

    village_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Tên thôn"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=VillageKind.choices, initial=VillageKind.THON)
    order = VnIntegerField(label=_("Thứ tự"), max_value=32767, grouped=False, required=False)

    def clean(self):
        data = super().clean()
        if data.get("village_id") and not (data.get("name") or "").strip():
            self.add_error("name", _("Hãy nhập tên thôn (thôn đã có không xoá được ở đây)."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("village_id") and not (data.get("name") or "").strip()


VillageFormSet = forms.formset_factory(VillageForm, extra=3)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MergeForm(forms.Form):
    """Commune A merged into B on a date; B is one of the same province's communes still in effect."""

    into = forms.ModelChoiceField(label=_("Sáp nhập vào"), queryset=Commune.objects.none())
    on = VnDateField(label=_("Ngày sáp nhập có hiệu lực"), help_text=_("Xã cũ có hiệu lực đến ngày trước đó."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, commune: Commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Commune.objects.for_user(user, access.ADMIN)
            .filter(province_id=commune.province_id, merged_into__isnull=True, valid_until__isnull=True)
            .exclude(pk=commune.pk)
            .order_by("name")
        )
        self.fields["into"].error_messages["invalid_choice"] = _(
            "Hãy chọn một xã cùng tỉnh đang có hiệu lực (không phải chính xã này)."
        )

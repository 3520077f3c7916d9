"""The forms of the issued register: a verification code typed in, a file to check, a signed copy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "7K3Q-M9TX-2B", "autocomplete": "off"}),
    )


class FileCheckForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp cần kiểm tra"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf,application/pdf,image/*"}),
    )


class SignedCopyForm(forms.Form):
    file = forms.FileField(
        label=_("Bản đã ký (PDF ký số hoặc ảnh quét)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=300, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )

"""The form of one section of a plan's outline (plans/outline.py saves it)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.limits import apply_text_limits
from plans.models import OutlineNode, Part


class OutlineNodeForm(forms.ModelForm):
    """A section's heading, numbering, text, structured part and annex title."""

    class Meta:
        model = OutlineNode
        fields = ["heading", "style", "text", "part", "annex_title"]
        widgets = {
            "heading": forms.TextInput(attrs={"class": "form-control"}),
            "style": forms.Select(attrs={"class": "form-select"}),
            "text": forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
            "part": forms.Select(attrs={"class": "form-select"}),
            "annex_title": forms.TextInput(attrs={"class": "form-control"}),
        }
        help_texts = {
            "text": _("Mỗi đoạn một dòng. Các ý a), b), c) có thể ghi thành mục con."),
            "part": _("Phần được lập từ dữ liệu của kế hoạch (bảng thôn, dự án, phân công...), đặt ở mục này."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_text_limits(self)
        self.fields["part"].choices = [("", _("— không có —")), *Part.choices]

    def clean(self):
        data = super().clean()
        if not ((data.get("heading") or "").strip() or (data.get("text") or "").strip() or data.get("part")):
            raise forms.ValidationError(_("Hãy ghi tiêu đề hoặc nội dung của mục."))
        return data

    def _post_clean(self):
        # The instance is validated by the service (plans/outline.py: the part once per plan, the key).
        pass


__all__ = ["OutlineNodeForm"]

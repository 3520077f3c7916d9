"""The forms of a results report: figures typed per village (a formset, the Vietnamese number fields, an
empty cell unknown), the report's text and header, the other indicators' results."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.limits import LINE_TEXT_LIMIT, TEXT_LIMIT
from plans.result_models import Period
from plans.results import FIGURES
from povertyplan.fields import VnDateField, VnIntegerField

FIGURE_LABELS = {
    "escaped_poverty": _("Đã thoát nghèo"),
    "escaped_near_poverty": _("Đã thoát cận nghèo"),
    "newly_poor": _("Hộ nghèo phát sinh"),
    "newly_near_poor": _("Hộ cận nghèo phát sinh"),
}


def _styled(form) -> None:
    for field in form.fields.values():
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("class", "form-control form-control-sm")


class StartReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=Period.choices)


class ResultRowForm(forms.Form):
    """One village's typed figures (empty: unknown, not 0) and a note."""

    row = forms.IntegerField(widget=forms.HiddenInput)
    escaped_poverty = VnIntegerField(label=FIGURE_LABELS["escaped_poverty"], required=False)
    escaped_near_poverty = VnIntegerField(label=FIGURE_LABELS["escaped_near_poverty"], required=False)
    newly_poor = VnIntegerField(label=FIGURE_LABELS["newly_poor"], required=False)
    newly_near_poor = VnIntegerField(label=FIGURE_LABELS["newly_near_poor"], required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


ResultRowFormSet = forms.formset_factory(ResultRowForm, extra=0)


def row_initial(rows) -> list[dict]:
    return [{"row": r.pk, "note": r.note, **{name: getattr(r, name) for name in FIGURES}} for r in rows]


def typed_rows(formset) -> dict[int, dict]:
    """What the valid formset says, per ResultRow id."""
    return {
        f.cleaned_data["row"]: {name: f.cleaned_data.get(name) for name in (*FIGURES, "note")}
        for f in formset.forms
        if f.cleaned_data
    }


class ReportFieldsForm(forms.Form):
    """The report's assessment text, number, date and signer; one result field per other indicator."""

    assessment = forms.CharField(
        label=_("Đánh giá chung"), widget=forms.Textarea(attrs={"rows": 8}), max_length=TEXT_LIMIT, required=False
    )
    number = VnIntegerField(label=_("Số báo cáo"), required=False, grouped=False, min_value=1, max_value=9999)
    report_date = VnDateField(label=_("Ngày báo cáo"), required=False)
    signing_authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=40, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=80, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"ind-{indicator.pk}"] = forms.CharField(
                label=indicator.target_text,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=LINE_TEXT_LIMIT,
                required=False,
                initial=indicator.result_text,
            )
        _styled(self)

    @property
    def indicator_fields(self):
        return [self[f"ind-{i.pk}"] for i in self.indicators]

    @property
    def report_fields(self):
        return [self[name] for name in self.fields if not name.startswith("ind-")]

    def report_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if not name.startswith("ind-")}

    def indicator_data(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data[f"ind-{i.pk}"] for i in self.indicators}


def fields_initial(report) -> dict:
    return {
        "assessment": report.assessment,
        "number": report.number,
        "report_date": report.report_date,
        "signing_authority": report.signing_authority,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
    }

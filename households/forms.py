"""Forms of the registry and the counts. Every choice list is narrowed through access.

A refused save is shown on the form it came from: a conflict keeps what this user typed, on the versions
saved now (saving again is then a deliberate overwrite of what the message shows).
"""

from __future__ import annotations

from collections.abc import Mapping

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from households.counts import CountRow, Source
from households.lookups import causes, indicators_for
from households.models import CATEGORY_FIELDS, Area, Ethnicity, Household, Status, Village
from households.names import clean_person_name
from povertyplan import access, years
from povertyplan.concurrency import ConflictError
from povertyplan.fields import VnAmountField, VnIntegerField

CURRENT_MIN_YEAR, CURRENT_MAX_YEAR = years.FIRST, years.LAST


def on_current_versions(data, versions: Mapping[str, int]):
    """A copy of posted `data` with the refused versions (by input name) replaced by the current ones."""
    data = data.copy()
    for name, version in versions.items():
        data[name] = str(version)
    return data


def show_refusal(form: forms.Form, exc: ValidationError) -> None:
    """Show on `form` a save the service refused: beside its field where it names one, above the form
    otherwise; a conflict keeps what was typed, on the versions saved now (saving again then overwrites
    what the message shows, deliberately)."""
    if isinstance(exc, ConflictError):
        form.add_error(None, exc.messages)
        if exc.versions:
            form.data = on_current_versions(form.data, {form.add_prefix(n): v for n, v in exc.versions.items()})
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# A whole number of đồng typed the Vietnamese way ("1.500.000"), read by the shared parser.
AmountField = VnAmountField


class HouseholdForm(forms.Form):
    """A household and its assessment for one year, in one form."""

    village = forms.ModelChoiceField(label=_("Thôn"), queryset=Village.objects.none())
    head_name = forms.CharField(label=_("Họ tên chủ hộ"), max_length=120)
    members = VnIntegerField(label=_("Số nhân khẩu"), min_value=1, max_value=50)
    ethnicity = forms.ModelChoiceField(label=_("Dân tộc"), queryset=Ethnicity.objects.all())
    address = forms.CharField(label=_("Địa chỉ"), max_length=200, required=False)
    area = forms.ChoiceField(
        label=_("Khu vực áp dụng chuẩn"),
        choices=[("", _("Theo loại xã"))] + list(Area.choices),
        required=False,
    )
    income_per_capita = AmountField(
        label=_("Thu nhập bình quân (đồng/người/tháng)"), min_value=0, max_value=1_000_000_000
    )
    deprivations = forms.ModelMultipleChoiceField(
        label=_("Chỉ số thiếu hụt"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    is_merit = forms.BooleanField(label=_("Có thành viên là người có công"), required=False)
    is_social_protection = forms.BooleanField(label=_("Hộ bảo trợ xã hội"), required=False)
    no_labour_capacity = forms.BooleanField(label=_("Không có khả năng lao động"), required=False)
    female_head = forms.BooleanField(label=_("Chủ hộ là nữ"), required=False)
    has_disability = forms.BooleanField(label=_("Có thành viên khuyết tật"), required=False)
    causes = forms.ModelMultipleChoiceField(
        label=_("Nguyên nhân nghèo"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    override_status = forms.ChoiceField(
        label=_("Phân loại ghi nhận khác (nếu có)"),
        choices=[("", _("Không — theo chuẩn"))] + list(Status.choices),
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    household_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assessment_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["village"].queryset = Village.objects.for_user(user, access.CHANGE).select_related("commune")
        self.fields["deprivations"].queryset = indicators_for(year)
        self.fields["causes"].queryset = causes()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Thông tin hộ"),
                Div(Div("head_name", css_class="col-md-6"), Div("village", css_class="col-md-6"), css_class="row"),
                Div(
                    Div("members", css_class="col-md-3"),
                    Div("ethnicity", css_class="col-md-3"),
                    Div("area", css_class="col-md-6"),
                    css_class="row",
                ),
                "address",
            ),
            Fieldset(
                _("Kết quả rà soát năm {year}").format(year=year),
                "income_per_capita",
                "deprivations",
                Div(
                    *[Div(f, css_class="col-md-4") for f in CATEGORY_FIELDS.values() if f != "ethnic_minority"],
                    css_class="row",
                ),
                "causes",
                Div(
                    Div("override_status", css_class="col-md-4"),
                    Div("override_reason", css_class="col-md-8"),
                    css_class="row",
                ),
            ),
            "household_version",
            "assessment_version",
            Submit("save", _("Lưu"), css_class="btn-primary"),
        )

    def clean_head_name(self):
        return clean_person_name(self.cleaned_data["head_name"])

    def clean(self):
        data = super().clean()
        if data.get("override_status") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Cần ghi lý do khi ghi nhận phân loại khác với chuẩn."))
        return data

    def show_refusal(self, exc: ValidationError) -> None:
        show_refusal(self, exc)

    @staticmethod
    def initial_from(household: Household, assessment) -> dict:
        initial = {
            "village": household.village_id,
            "head_name": household.head_name,
            "members": household.members,
            "ethnicity": household.ethnicity_id,
            "address": household.address,
            "area": household.area,
            "household_version": household.version,
            "assessment_version": 0,  # "the year had no assessment when the form was opened"
        }
        if assessment is not None:
            initial.update(
                income_per_capita=assessment.income_per_capita,
                deprivations=list(assessment.deprivations.all()),
                causes=list(assessment.causes.all()),
                override_status=assessment.override_status,
                override_reason=assessment.override_reason,
                assessment_version=assessment.version,
                **{f: getattr(assessment, f) for f in CATEGORY_FIELDS.values() if f != "ethnic_minority"},
            )
        return initial


class HouseholdFilterForm(forms.Form):
    """Filters of a village's household list."""

    status = forms.ChoiceField(label=_("Phân loại"), choices=[("", _("Tất cả"))] + list(Status.choices), required=False)
    category = forms.ChoiceField(
        label=_("Nhóm đối tượng"),
        choices=[("", _("Tất cả"))] + [(c.value, c.label) for c in CATEGORY_FIELDS],
        required=False,
    )
    cause = forms.ModelChoiceField(label=_("Nguyên nhân"), queryset=None, required=False, empty_label=_("Tất cả"))
    q = forms.CharField(
        label=_("Tên chủ hộ"),
        required=False,
        max_length=120,
        error_messages={
            "max_length": _("Tên tìm kiếm dài quá: tối đa %(limit_value)d ký tự (đã nhập %(show_value)d ký tự).")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = causes()
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-select-sm" if css == "form-select" else f"{css} form-control-sm"


class VillageCountForm(forms.Form):
    """One village's typed counts for a year (one row of the counts grid)."""

    total_households = VnIntegerField(label=_("Tổng số hộ"), required=False)
    poor = VnIntegerField(label=_("Hộ nghèo"), required=False)
    near_poor = VnIntegerField(label=_("Hộ cận nghèo"), required=False)
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Removing typed counts is an explicit action: an empty row is "unchanged". The version is the one
    # the form was opened on (0: no typed counts then); absent from a POST, it is a conflict.
    clear = forms.BooleanField(label=_("Xoá số liệu"), required=False)

    def __init__(self, *args, village: Village, locked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.locked = locked
        if locked:
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        data = super().clean()
        if self.locked or data.get("clear"):
            return data
        if any(name in self.errors for name in ("total_households", "poor", "near_poor")):
            return data  # a figure that could not be read already says why; no second message about it
        total, poor, near = data.get("total_households"), data.get("poor"), data.get("near_poor")
        if total is None:
            if poor is not None or near is not None:
                self.add_error("total_households", _("Cần nhập tổng số hộ."))
            return data
        if poor is None:
            self.add_error("poor", _("Cần nhập số hộ nghèo (ghi 0 nếu không có)."))
            return data
        if poor > total:
            self.add_error("poor", _("Số hộ nghèo không thể lớn hơn tổng số hộ ({total}).").format(total=total))
        if near is not None and poor + near > total:
            self.add_error(
                "near_poor",
                _("Hộ nghèo cộng hộ cận nghèo ({sum}) vượt tổng số hộ ({total}).").format(sum=poor + near, total=total),
            )
        return data


def _count_initial(row: CountRow) -> dict:
    """A row's figures as the form opens: the typed counts with their version, else what is shown (version 0)."""
    e = row.entered
    if e is not None and row.source != Source.REGISTRY:
        return {
            "total_households": e.total_households,
            "poor": e.poor,
            "near_poor": e.near_poor,
            "source": e.source,
            "version": e.version,
        }
    return {"total_households": row.total, "poor": row.poor, "near_poor": row.near_poor, "version": 0}


class CommuneCountsForm:
    """Every village's typed counts of a year: one VillageCountForm per village, locked where the registry counts."""

    def __init__(self, rows: list[CountRow], data=None):
        self.rows = rows
        self.data = data
        self.forms = [
            VillageCountForm(
                data,
                prefix=f"v{row.village.pk}",
                village=row.village,
                locked=row.source == Source.REGISTRY,
                initial=_count_initial(row),
            )
            for row in rows
        ]

    @property
    def pairs(self) -> list[tuple[CountRow, VillageCountForm]]:
        return list(zip(self.rows, self.forms, strict=True))

    def is_valid(self) -> bool:
        return all(f.is_valid() for f in self.forms)

    def payload(self) -> dict[int, dict]:
        """What the service saves: each open village's cleaned figures, by village id."""
        return {f.village.pk: f.cleaned_data for f in self.forms if not f.locked}

    def after_refusal(self, exc: ValidationError) -> CommuneCountsForm:
        """The form to show again: on a conflict, this user's typing on the versions saved now."""
        if not (isinstance(exc, ConflictError) and exc.versions):
            return self
        versions = {f"v{village_id}-version": version for village_id, version in exc.versions.items()}
        return CommuneCountsForm(self.rows, on_current_versions(self.data, versions))


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=CURRENT_MIN_YEAR, max_value=CURRENT_MAX_YEAR)

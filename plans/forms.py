"""Forms of the plans: creation, the plan's own fields, the village grid, the list sections, officers."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.forms import inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from households.names import clean_person_name, validate_phone
from plans import services, table
from plans.limits import apply_text_limits
from plans.models import (
    FundingSource,
    LegalBasis,
    Officer,
    Plan,
    PlanProject,
    ProgramItem,
    Recipient,
    ReportingItem,
    Responsibility,
    Section,
    Target,
    part_fields,
)
from plans.outline import in_order
from plans.part_rows import OrderedRowsMixin
from povertyplan.fields import VnAmountField, VnDateField, VnDateInput, VnIntegerField, VnRateField, vn_formfield
from povertyplan.years import FIRST as YEAR_MIN
from povertyplan.years import LAST as YEAR_MAX


class PlanCreateForm(forms.Form):
    """The year of a new plan. Offered: the years the commune has counts or assessments for, the next
    one, this year and the next (a year typed by mistake, 2031, is refused instead of becoming a stray
    draft)."""

    year = VnIntegerField(label=_("Năm kế hoạch"), min_value=YEAR_MIN, max_value=YEAR_MAX, grouped=False)

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = plan_years(commune) if commune is not None else None

    def clean_year(self):
        year = self.cleaned_data["year"]
        if self.years is not None and year not in self.years:
            raise forms.ValidationError(
                _("Chỉ lập được kế hoạch cho năm đã có số liệu của xã, năm kế tiếp, năm nay hoặc năm sau: %(years)s.")
                % {"years": ", ".join(str(y) for y in self.years)}
            )
        return year


def plan_years(commune, today: datetime.date | None = None) -> list[int]:
    """The years a plan of `commune` makes sense for: those with village counts or household assessments,
    the year after the latest, and this year and the next."""
    from households.models import Assessment, VillageCount

    # order_by(): the models' default ordering would join and spoil the DISTINCT (Meta.ordering stays as JOINs).
    counted = VillageCount.objects.filter(village__commune=commune).order_by()
    assessed = Assessment.objects.filter(village__commune=commune).order_by()
    years = set(counted.values_list("year", flat=True).distinct())
    years |= set(assessed.values_list("year", flat=True).distinct())
    if years:
        years.add(max(years) + 1)
    # This year and the next, with or without figures: late in a year the commune writes next year's plan
    # before that year's review exists (its start figures are then unknown until the review).
    this_year = (today or datetime.date.today()).year
    years |= {this_year, this_year + 1}
    return sorted(y for y in years if YEAR_MIN <= y <= YEAR_MAX)


# A rate as printed in a document ("0,93", "0.93", "6,63 %"), kept with its printed decimals.
PrintedRateField = VnRateField


def _count_field(label, required=True):
    return VnIntegerField(
        label=label,
        required=required,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm text-end", "size": 7}),
    )


class PlanFieldsForm(forms.ModelForm):
    """The plan's own fields: header, closing sentence and the signature block (the body: the outline)."""

    class Meta:
        model = Plan
        fields = list(services.PLAN_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in services.PLAN_TEXT_FIELDS}
        help_texts = {
            "transcribed": _(
                "Chọn khi nhập lại một kế hoạch đã in: bảng thôn nhận thêm các số như đã in để đối chiếu."
            ),
            "signer_title": _(
                "Chức vụ của người đứng đầu (CHỦ TỊCH). Khi ký thay (KT.), dòng “PHÓ CHỦ TỊCH” được in tự động."
            ),
        }

    def clean(self):
        data = super().clean()
        title = (data.get("signer_title") or "").strip()
        if data.get("signer_deputy") and title.upper().startswith("PHÓ"):
            # The block prints "KT. <title>" then "PHÓ <title>": a deputy's own title would print "PHÓ PHÓ ...".
            self.add_error(
                "signer_title",
                _(
                    "Khi ký thay (KT.), ghi chức vụ của người đứng đầu, ví dụ “CHỦ TỊCH”: "
                    "dòng “PHÓ {title}” được in tự động."
                ).format(title=title[3:].strip() or "CHỦ TỊCH"),
            )
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_text_limits(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                str(Section.HEADER.label),
                "parent_body",
                "issuing_body",
                "symbol",
                "place",
                "summary",
                "preamble",
                "transcribed",
                css_id=Section.HEADER.value,
            ),
            Fieldset(
                str(Section.SIGNATURE.label),
                "closing",
                "signing_authority",
                "signer_deputy",
                "signer_title",
                "signer_name",
                css_id=Section.SIGNATURE.value,
            ),
        )


def _printed_field(column: table.Column, label) -> forms.Field:
    """The field for a figure as printed: a rate kept with its printed decimals, or a count."""
    if column.kind == table.Kind.RATE:
        field = PrintedRateField(label=label)
        field.widget.attrs.setdefault("class", "form-control form-control-sm text-end")
        return field
    return _count_field(label, required=False)


def _officer_field() -> forms.Field:
    return forms.ModelChoiceField(
        label=table.column("officer").label,
        queryset=Officer.objects.none(),
        required=False,
        empty_label=_("— chưa chọn —"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


def _typed_field(column: table.Column) -> forms.Field:
    """The grid's field for a typed column: the officer chosen among the commune's, a count (empty is
    "not stated", None, never 0), or a short text."""
    if column.key == "officer":
        return _officer_field()
    if column.kind == table.Kind.TEXT:
        return forms.CharField(label=column.label, required=False, max_length=200)
    return _count_field(column.label, required=False)


def _grid_row_fields(transcribed: bool) -> dict[str, forms.Field]:
    fields = {c.target_field: _typed_field(c) for c in table.grid_columns()}
    if transcribed:
        for c in table.printed_row_columns():
            fields[c.target_field] = _printed_field(c, format_lazy("{} {}", c.printed_form_label, _("như đã in")))
    return fields


def _printed_totals_fields() -> dict[str, forms.Field]:
    return {c.printed_name: _printed_field(c, c.printed_form_label) for c in table.printed_total_columns()}


def _printed_figures_fields() -> dict[str, forms.Field]:
    fields = {}
    for count, rate in table.figure_pairs():
        fields[count.key] = _count_field(count.figure, required=False)
        if rate is not None:
            fields[table.figure_rate_name(count.key)] = PrintedRateField(label=rate.figure)
    return fields


class GridRowForm(forms.Form):
    """One village row of the target table: its typed columns and, for a transcribed plan, its figures as
    printed. Fields from plans/table.py, read again for each form (`base_fields` as declared at import)."""

    target = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, officers=None, transcribed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"target": self.fields["target"], **_grid_row_fields(transcribed)}
        if "officer" in self.fields:
            self.fields["officer"].queryset = officers if officers is not None else Officer.objects.none()


GridRowForm.base_fields.update(_grid_row_fields(transcribed=True))


class BaseGridFormSet(forms.BaseFormSet):
    def __init__(self, *args, officers=None, transcribed=False, **kwargs):
        self.officers, self.transcribed = officers, transcribed
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"officers": self.officers, "transcribed": self.transcribed}


GridFormSet = forms.formset_factory(GridRowForm, formset=BaseGridFormSet, extra=0)


class PrintedTotalsForm(forms.Form):
    """The totals row exactly as printed in the published document (empty: not printed); its fields are
    checks.TableTotals's, one per column plans/table.py marks `printed_total`."""

    prefix = "totals"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = _printed_totals_fields()


PrintedTotalsForm.base_fields.update(_printed_totals_fields())


class PrintedFiguresForm(forms.Form):
    """The commune's (or district's) specific targets exactly as printed, with the rate printed next to
    each count (empty: not printed). Checked against the sums of the table's rows and its households.
    Fields: checks.PlanFigures's, in the order of plans/table.py's FIGURES."""

    prefix = "figures"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = _printed_figures_fields()
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm text-end"

    def rows(self):
        """(label, count field, rate field or None) for the template's table."""
        return [
            (self[c.key].label, self[c.key], self[table.figure_rate_name(c.key)] if r else None)
            for c, r in table.figure_pairs()
        ]


PrintedFiguresForm.base_fields.update(_printed_figures_fields())


# ---------------------------------------------------------------- list sections

_SMALL_TEXT = {"rows": 2, "class": "form-control form-control-sm"}
_INPUT = {"class": "form-control form-control-sm"}


class ProjectForm(forms.ModelForm):
    class Meta:
        model = PlanProject
        fields = part_fields(PlanProject)

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = ProgramItem.objects.filter(version=program) if program is not None else ProgramItem.objects.none()
        self.fields["item"].queryset = items.select_related("parent")
        self.fields["item"].label_from_instance = program_item_label


def program_item_label(item: ProgramItem) -> str:
    """'Dự án 3 › Tiểu dự án 1: ...' so a sub-project is never read without its project."""
    if item.parent_id:
        return f"{item.parent.get_kind_display()} {item.parent.number} › {item}"
    return str(item)


class FundingSourceForm(forms.ModelForm):
    amount = VnAmountField(label=_("Số tiền (đồng)"), required=False)

    class Meta:
        model = FundingSource
        fields = part_fields(FundingSource)


class BasePartFormSet(OrderedRowsMixin, forms.BaseInlineFormSet):
    def __init__(self, *args, program=None, **kwargs):
        self.program = program
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if issubclass(self.form, ProjectForm):
            kwargs["program"] = self.program
        return kwargs

    @property
    def empty_form(self):
        form = super().empty_form
        if isinstance(form, ProjectForm):
            form.fields["item"].queryset = ProgramItem.objects.filter(version=self.program).select_related("parent")
            form.fields["item"].label_from_instance = program_item_label
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        apply_text_limits(form)
        for field in form.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.update(_SMALL_TEXT)
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
            elif isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.update(_INPUT)
        if "order" in form.fields:
            # A class, not a style attribute: the security policy forbids inline styles.
            attrs = form.fields["order"].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} order-input".strip()


def _part(model, fields, form=forms.ModelForm, widgets=None):
    return inlineformset_factory(
        Plan,
        model,
        form=form,
        formset=BasePartFormSet,
        fields=fields,
        extra=2,  # and "Thêm dòng" (static/js/formset.js) adds more from the empty form
        can_delete=True,
        widgets=widgets or {},
        formfield_callback=vn_formfield,
    )


_DATE = VnDateInput()

# url slug -> (section, related name, formset)
PARTS = {
    "can-cu": (
        Section.LEGAL,
        "legal_bases",
        _part(
            LegalBasis,
            part_fields(LegalBasis),
            widgets={"title": forms.Textarea},
        ),
    ),
    "chi-tieu": (Section.GOALS, "targets", _part(Target, part_fields(Target), widgets={"text": forms.Textarea})),
    "du-an": (Section.PROJECTS, "projects", _part(PlanProject, ProjectForm.Meta.fields, form=ProjectForm)),
    "phan-cong": (
        Section.RESPONSIBILITIES,
        "responsibilities",
        _part(Responsibility, part_fields(Responsibility), widgets={"tasks": forms.Textarea}),
    ),
    "kinh-phi": (
        Section.FUNDING,
        "funding_sources",
        _part(FundingSource, FundingSourceForm.Meta.fields, form=FundingSourceForm),
    ),
    "bao-cao": (
        Section.REPORTING,
        "reporting",
        _part(ReportingItem, part_fields(ReportingItem)),
    ),
    "noi-nhan": (Section.RECIPIENTS, "recipients", _part(Recipient, part_fields(Recipient))),
}


class OfficerForm(forms.Form):
    """One officer of the commune, or an empty row to add one. `id` and `version` say what was edited."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    name = forms.CharField(label=_("Họ tên"), max_length=120, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=120, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False, validators=[validate_phone])
    active = forms.BooleanField(label=_("Đang công tác"), required=False, initial=True)

    @staticmethod
    def initial_from(officer: Officer) -> dict:
        return {
            "id": officer.pk,
            "version": officer.version,
            "name": officer.name,
            "position": officer.position,
            "phone": officer.phone,
            "active": officer.active,
        }

    @property
    def is_blank(self) -> bool:
        """An added row left empty: nothing to save."""
        data = self.cleaned_data
        return not data.get("id") and not (data.get("name") or data.get("position") or data.get("phone"))

    def clean(self):
        data = super().clean()
        if self.errors or self.is_blank:
            return data
        try:
            data["name"] = clean_person_name(data.get("name") or "")
        except forms.ValidationError as exc:
            self.add_error("name", exc)
        return data


OfficerFormSet = forms.formset_factory(OfficerForm, extra=3)


class CommentForm(forms.Form):
    """A reviewer's comment on a part of the plan: a fixed part or a section of its outline (`plan`)."""

    section = forms.ChoiceField(
        label=_("Phần"), choices=Section.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    # max_length also sets the textarea's maxlength: the browser stops typing there, nothing is lost.
    text = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}), max_length=4000
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["section"].choices = comment_targets(plan)


def comment_targets(plan) -> list[tuple[str, str]]:
    """What a comment can point at: the header and legal bases, the outline's sections in order (number
    and heading), the recipients and the signature block."""
    nodes = [(node.key, node.heading or node.key, depth) for node, depth in in_order(plan.outline.all())]
    fixed = {s: str(s.label) for s in (Section.HEADER, Section.LEGAL, Section.RECIPIENTS, Section.SIGNATURE)}
    body = [(key, f"{'— ' * (depth - 1)}{heading}") for key, heading, depth in nodes]
    return [
        (Section.HEADER.value, fixed[Section.HEADER]),
        (Section.LEGAL.value, fixed[Section.LEGAL]),
        *body,
        (Section.RECIPIENTS.value, fixed[Section.RECIPIENTS]),
        (Section.SIGNATURE.value, fixed[Section.SIGNATURE]),
    ]


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # plans.workflow.REASON_MAX_LENGTH; the server refuses longer (the textarea's maxlength stops typing).
    reason = forms.CharField(
        label=_("Lý do / ghi chú"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class IssueForm(TransitionForm):
    number = VnIntegerField(label=_("Số văn bản"), min_value=1, max_value=9999, grouped=False)
    issue_date = VnDateField(label=_("Ngày ban hành"))
    signer_name = forms.CharField(
        label=_("Người ký"), max_length=120, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("number", "issue_date"):  # each field's own copy of its widget
            self.fields[name].widget.attrs["class"] = "form-control"

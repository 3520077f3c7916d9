"""Households and their assessment of a year from a sheet: one row form per household.

The household's fields are read by the registry form's own fields (`HouseholdForm`: the same parser,
limits and messages as the household page); the village, ethnicity, categories and causes are looked
up by name in lists loaded once; each indicator column of the year's standard says "x" or nothing.
Each row is classified by `households.assessment.assess`, as the household page would. A row with a
"Mã hộ" updates that household of the commune; without one it adds a household, unless the same
household (village, head's name, members) is already registered or already in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from households.assessment import CATEGORY_FLAGS, Answers, assess
from households.forms import HouseholdForm
from households.imports.counts import village_index
from households.imports.preview import Columns, Issue, Preview, Progress, data_rows, form_issues, read_header
from households.imports.templates import (
    DEPRIVED,
    LIST_SEPARATOR,
    NOT_DEPRIVED,
    category_choices,
    household_columns,
)
from households.lookups import standard_for_or_none
from households.models import (
    CATEGORY_FIELDS,
    Assessment,
    Commune,
    Ethnicity,
    Household,
    Indicator,
    PovertyCause,
    Status,
    VillageCount,
)
from households.names import clean_person_name, search_key
from povertyplan.fields import VnIntegerField
from povertyplan.numbers import format_number

FIELDS = {"code": "code", "head_name": "head_name", "members": "members", "income_per_capita": "income_per_capita"}


class Labels(dict):
    """Objects' names, each computed once per file (a village's name goes through its kind's translation)."""

    def __missing__(self, obj):
        self[obj] = label = str(obj)
        return label


class HouseholdRowForm(forms.Form):
    """One row's household fields, with the registry form's own fields."""

    code = VnIntegerField(required=False, min_value=1, max_value=2**62, grouped=False)
    head_name = HouseholdForm.base_fields["head_name"]
    members = HouseholdForm.base_fields["members"]
    income_per_capita = HouseholdForm.base_fields["income_per_capita"]

    def clean_head_name(self):
        return clean_person_name(self.cleaned_data["head_name"])


class SharedFields(dict):
    """A form's fields shared by its instances: a form only validated (never rendered, its fields never
    changed) need not deep-copy them, as Django does per instance; that copy was a tenth of a 10.000-row parse."""

    def __deepcopy__(self, memo):
        return self


HouseholdRowForm.base_fields = SharedFields(HouseholdRowForm.base_fields)


@dataclass
class Lookups:
    """The lists a row's names are found in, loaded once per file."""

    commune: Commune
    year: int
    villages: dict
    ethnicities: dict
    categories: dict
    causes: dict
    indicators: list[Indicator]
    labels: Labels
    keys: dict = field(default_factory=dict)

    def key(self, text) -> str:
        """`search_key(text)`, once per distinct text of the file: names repeat row after row."""
        text = str(text)
        found = self.keys.get(text)
        if found is None:
            found = self.keys[text] = search_key(text)
        return found


def _lookups(commune: Commune, year: int, standard) -> Lookups:
    categories = {}
    for code, label in category_choices():
        categories[search_key(label)] = CATEGORY_FIELDS[code]
        categories[search_key(code)] = CATEGORY_FIELDS[code]
    causes = {}
    for cause in PovertyCause.objects.all():
        causes[search_key(cause.name)] = cause
        causes[search_key(cause.code)] = cause
    return Lookups(
        commune=commune,
        year=year,
        villages=village_index(commune.villages.all()),
        ethnicities={search_key(e.name): e for e in Ethnicity.objects.all()},
        categories=categories,
        causes=causes,
        indicators=list(Indicator.objects.filter(standard=standard).order_by("number")),
        labels=_labels(),
    )


def _labels() -> Labels:
    labels = Labels({status: str(label) for status, label in Status.choices})
    labels["categories"] = [(CATEGORY_FIELDS[code], label) for code, label in category_choices()]
    return labels


def _items(text) -> list[str]:
    return [part.strip() for part in re.split(rf"[{LIST_SEPARATOR}\n]", str(text)) if part.strip()]


@dataclass
class Known:
    """The commune's registered households and their assessments of the year, as the preview compares them."""

    households: dict[int, Household]
    keys: dict[tuple, int]
    assessments: dict[int, Assessment]
    deprivations: dict[int, set[int]]
    causes: dict[int, set[int]]


def _known(commune: Commune, year: int) -> Known:
    households = {
        h.pk: h for h in Household.objects.filter(village__commune=commune).select_related("village", "ethnicity")
    }
    keys = {(h.village_id, h.search_name, h.members): h.pk for h in households.values()}
    assessments = {a.household_id: a for a in Assessment.objects.filter(household__village__commune=commune, year=year)}
    by_id = {a.pk: a.household_id for a in assessments.values()}
    deprivations: dict[int, set[int]] = {h: set() for h in by_id.values()}
    causes: dict[int, set[int]] = {h: set() for h in by_id.values()}
    through = Assessment.deprivations.through.objects.filter(assessment__in=list(by_id))
    for assessment_id, indicator_id in through.values_list("assessment_id", "indicator_id"):
        deprivations[by_id[assessment_id]].add(indicator_id)
    through = Assessment.causes.through.objects.filter(assessment__in=list(by_id))
    for assessment_id, cause_id in through.values_list("assessment_id", "povertycause_id"):
        causes[by_id[assessment_id]].add(cause_id)
    return Known(households, keys, assessments, deprivations, causes)


def _row_values(row: tuple, number: int, columns: Columns, look: Lookups) -> tuple[dict | None, list[Issue]]:
    """A row's values (village, ethnicity, indicators, categories, causes resolved) or its issues."""
    issues: list[Issue] = []
    form = HouseholdRowForm({name: columns.get(row, key) for name, key in FIELDS.items()})
    if not form.is_valid():
        issues += form_issues(form, columns, number, FIELDS)
    village_name = columns.get(row, "village")
    village = look.villages.get(look.key(village_name))
    if village_name == "":
        issues.append(columns.issue(number, "village", _("Chưa ghi tên thôn.")))
    elif village is None:
        message = _("Thôn “{name}” không có trong {commune}.").format(name=village_name, commune=look.commune)
        issues.append(columns.issue(number, "village", message))
    ethnicity_name = columns.get(row, "ethnicity")
    ethnicity = look.ethnicities.get(look.key(ethnicity_name))
    if ethnicity_name == "":
        issues.append(columns.issue(number, "ethnicity", _("Chưa ghi dân tộc.")))
    elif ethnicity is None:
        issues.append(
            columns.issue(
                number, "ethnicity", _("Dân tộc “{name}” không có trong danh mục.").format(name=ethnicity_name)
            )
        )
    deprivations = []
    for indicator in look.indicators:
        key = f"indicator:{indicator.pk}"
        raw = columns.get(row, key)
        value = raw if raw in ("", "x") else look.key(raw)
        if value in DEPRIVED:
            deprivations.append(indicator)
        elif value not in NOT_DEPRIVED:
            message = _("Giá trị “{value}” không hợp lệ: ghi x nếu hộ thiếu hụt chỉ số này, để trống nếu không.")
            issues.append(columns.issue(number, key, message.format(value=columns.get(row, key))))
    flags = dict.fromkeys(CATEGORY_FLAGS, False)
    for item in _items(columns.get(row, "categories")):
        flag = look.categories.get(look.key(item))
        if flag is None or flag not in flags:
            issues.append(
                columns.issue(number, "categories", _("Đối tượng “{name}” không có trong danh mục.").format(name=item))
            )
        else:
            flags[flag] = True
    causes = []
    for item in _items(columns.get(row, "causes")):
        cause = look.causes.get(look.key(item))
        if cause is None:
            issues.append(
                columns.issue(number, "causes", _("Nguyên nhân “{name}” không có trong danh mục.").format(name=item))
            )
        elif cause not in causes:
            causes.append(cause)
    if issues:
        return None, issues
    data = form.cleaned_data
    return {
        "code": data.get("code"),
        "village": village,
        "head_name": data["head_name"],
        "members": data["members"],
        "ethnicity": ethnicity,
        "income_per_capita": data["income_per_capita"],
        "deprivations": deprivations,
        "causes": causes,
        "flags": flags,
    }, []


def _unknown_column(year: int):
    def word(text: str) -> str:
        if re.match(r"^\s*\d+\s*[.)]", text):
            return _("Cột “{header}” không phải chỉ số thiếu hụt của chuẩn nghèo năm {year}.").format(
                header=text, year=year
            )
        return _("Cột “{header}” không có trong mẫu danh sách hộ.").format(header=text)

    return word


def _state(values: dict, labels: Labels = None) -> dict:
    """What the preview shows of a household row, and compares."""
    labels = Labels() if labels is None else labels
    return {
        "village": labels[values["village"]],
        "head_name": values["head_name"],
        "members": values["members"],
        "ethnicity": labels[values["ethnicity"]],
        "income_per_capita": format_number(values["income_per_capita"]),
        "deprivations": ", ".join(str(i.number) for i in values["deprivations"]),
        "causes": "; ".join(c.name for c in values["causes"]),
        "categories": "; ".join(label for flag, label in labels["categories"] if values["flags"].get(flag)),
    }


def _known_state(household: Household, known: Known, look: Lookups) -> dict:
    """The registered household as `_state` shows it; the assessment's fields empty without one this year."""
    record = known.assessments.get(household.pk)
    indicators = {i.pk: i for i in look.indicators}
    causes = {c.pk: c for c in look.causes.values()}
    state = _state(
        labels=look.labels,
        values={
            "village": household.village,
            "head_name": household.head_name,
            "members": household.members,
            "ethnicity": household.ethnicity,
            "income_per_capita": record.income_per_capita if record else None,
            "deprivations": sorted(
                (indicators[i] for i in known.deprivations.get(household.pk, ()) if i in indicators),
                key=lambda i: i.number,
            ),
            "causes": sorted(
                (causes[c] for c in known.causes.get(household.pk, ()) if c in causes), key=lambda c: c.order
            ),
            "flags": {flag: bool(record and getattr(record, flag)) for flag in CATEGORY_FLAGS},
        },
    )
    if record is None:
        state["income_per_capita"] = ""
    return state


LABELS = {
    "village": _("Thôn"),
    "head_name": _("Họ tên chủ hộ"),
    "members": _("Số nhân khẩu"),
    "ethnicity": _("Dân tộc"),
    "income_per_capita": _("Thu nhập bình quân"),
    "deprivations": _("Chỉ số thiếu hụt"),
    "causes": _("Nguyên nhân nghèo"),
    "categories": _("Đối tượng"),
}


def parse(rows: Iterator[tuple], commune: Commune, year: int, progress: Progress | None = None) -> Preview:
    preview = Preview(kind="households")
    standard = standard_for_or_none(year)
    if standard is None:
        preview.issues.append(Issue(0, "", "", _("Chưa có chuẩn nghèo áp dụng cho năm {year}.").format(year=year)))
        return preview
    look = _lookups(commune, year, standard)
    header = next(rows, None)
    if header is None:
        preview.issues.append(Issue(0, "", "", _("Tệp không có dòng số liệu nào.")))
        return preview
    columns, issues = read_header(
        header,
        household_columns(look.indicators),
        required=("village", "head_name", "members", "ethnicity", "income_per_capita"),
        unknown=_unknown_column(year),
    )
    preview.issues += issues
    if issues:
        return preview
    known = _known(commune, year)
    seen_codes: dict[int, int] = {}
    seen_keys: dict[tuple, int] = {}
    for number, row in data_rows(rows, progress, columns, preview.issues):
        preview.rows_read += 1
        values, issues = _row_values(row, number, columns, look)
        if issues:
            preview.issues += issues
            continue
        _one(preview, number, values, columns, look, known, seen_codes, seen_keys, standard)
    if not preview.rows_read and not preview.issues:
        preview.issues.append(Issue(0, "", "", _("Tệp không có dòng số liệu nào.")))
    if preview.plan and not preview.issues:
        preview.replaced = replaced_counts(commune, year, preview.plan)
    return preview


def replaced_counts(commune: Commune, year: int, plan: list[dict]) -> list[dict]:
    """The villages whose typed counts of `year` the plan replaces: they have no assessment that year yet, so
    once saved their counts come from the planned households alone (see households.counts)."""
    assessed = set(
        Assessment.objects.filter(village__commune=commune, year=year).order_by().values_list("village", flat=True)
    )
    typed = {
        c.village_id: c
        for c in VillageCount.objects.filter(village__commune=commune, year=year).select_related("village")
        if c.village_id not in assessed
    }
    tally: dict[int, list[int]] = {}
    for entry in plan:
        if entry["village"] in typed:
            figures = tally.setdefault(entry["village"], [0, 0, 0])
            figures[0] += 1
            figures[1] += entry["status"] == Status.POOR
            figures[2] += entry["status"] == Status.NEAR_POOR
    replaced = []
    for village_id, (total, poor, near_poor) in tally.items():
        count = typed[village_id]
        message = _(
            "{village}: số liệu năm {year} đang nhập tay ({total} hộ, {poor} nghèo, {near_poor} cận nghèo) "
            "sẽ được tính từ danh sách hộ: {new_total} hộ, {new_poor} nghèo, {new_near_poor} cận nghèo."
        ).format(
            village=count.village,
            year=year,
            total=format_number(count.total_households),
            poor=format_number(count.poor),
            near_poor=format_number(count.near_poor) if count.near_poor is not None else "—",
            new_total=format_number(total),
            new_poor=format_number(poor),
            new_near_poor=format_number(near_poor),
        )
        replaced.append(
            {
                "village": village_id,
                "name": str(count.village),
                "order": (count.village.order, village_id),
                "message": message,
            }
        )
    replaced.sort(key=lambda r: r.pop("order"))
    return replaced


def _one(preview, number, values, columns, look, known, seen_codes, seen_keys, standard) -> None:
    """Classify one resolved row and put it in the preview as created, changed or unchanged."""
    code = values["code"]
    household = None
    if code is not None:
        household = known.households.get(code)
        if household is None:
            message = _("Mã hộ {code} không có trong danh sách hộ của {commune}.").format(
                code=code, commune=look.commune
            )
            preview.issues.append(columns.issue(number, "code", message))
            return
        if code in seen_codes:
            message = _("Mã hộ {code} đã có ở dòng {row}.").format(code=code, row=seen_codes[code])
            preview.issues.append(columns.issue(number, "code", message))
            return
        seen_codes[code] = number
    key = (values["village"].pk, search_key(values["head_name"]), values["members"])
    if key in seen_keys:
        message = _("Trùng hộ ở dòng {row} (cùng thôn, họ tên chủ hộ và số nhân khẩu).").format(row=seen_keys[key])
        preview.issues.append(columns.issue(number, "head_name", message))
        return
    seen_keys[key] = number
    if household is None and key in known.keys:
        message = _("Hộ này đã có trong danh sách (mã hộ {code}): ghi mã hộ để cập nhật, hoặc bỏ dòng này.")
        preview.issues.append(columns.issue(number, "head_name", message.format(code=known.keys[key])))
        return
    record = known.assessments.get(household.pk) if household is not None else None
    area = (household.area if household is not None else "") or look.commune.area
    answers = Answers(
        year=look.year,
        area=area,
        income_per_capita=values["income_per_capita"],
        deprivations=tuple(values["deprivations"]),
        causes=tuple(values["causes"]),
        ethnic_minority=values["ethnicity"].is_minority,
        override_status=record.override_status if record else "",
        override_reason=record.override_reason if record else "",
        **values["flags"],
    )
    try:
        assessed = assess(answers, standard)
    except ValidationError as exc:
        for message in exc.messages:
            preview.issues.append(Issue(number, "", "", message))
        return
    after = _state(values, look.labels)
    shown = {"row": number, "code": code, "village": after["village"], "head_name": values["head_name"]}
    shown["status"] = look.labels[assessed.status]
    if household is not None:
        before = _known_state(household, known, look)
        if before == after and record is not None:
            preview.unchanged.append(shown)
            return
        shown["changes"] = [
            {"field": str(LABELS[name]), "before": before[name], "after": after[name]}
            for name in after
            if before[name] != after[name]
        ]
        preview.changed.append(shown)
    else:
        preview.created.append(shown)
    preview.plan.append(
        {
            "row": number,
            "id": code,
            "hv": household.version if household is not None else 0,
            "av": record.version if record is not None else 0,
            "village": values["village"].pk,
            "head_name": values["head_name"],
            "members": values["members"],
            "ethnicity": values["ethnicity"].pk,
            "income": values["income_per_capita"],
            "deprivations": sorted(i.pk for i in values["deprivations"]),
            "causes": sorted(c.pk for c in values["causes"]),
            "flags": values["flags"],
            "status": assessed.status,
        }
    )

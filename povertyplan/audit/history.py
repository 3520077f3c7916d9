"""Reading the record: the history of a household or a plan as a person in scope sees it.

Entries are read through `Entry.objects.for_user` (access.py): a user sees the entries of their area
only, whatever object they ask about. Values are shown the Vietnamese way (1.182; 2,62; dd/mm/yyyy),
an unknown value as "—", never as 0.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povertyplan.audit.models import Entry
from povertyplan.fields import DecimalTextField
from povertyplan.numbers import format_number

PAGE_SIZE = 50
RECENT = 10
UNKNOWN = "—"

# Labels for fields whose model gives none in Vietnamese (model label, field name) -> label.
FIELD_LABELS = {
    ("plans.villagetarget", "printed_poor_rate"): gettext_lazy("tỷ lệ hộ nghèo như đã in (%)"),
    ("plans.villagetarget", "printed_near_poor_rate"): gettext_lazy("tỷ lệ hộ cận nghèo như đã in (%)"),
    ("plans.villagetarget", "printed_poor_end"): gettext_lazy("hộ nghèo cuối năm như đã in"),
    ("plans.villagetarget", "printed_near_poor_end"): gettext_lazy("hộ cận nghèo cuối năm như đã in"),
    ("plans.villagetarget", "village"): gettext_lazy("thôn"),
    ("plans.reviewcomment", "resolved"): gettext_lazy("đã xử lý"),
    ("plans.reviewcomment", "by"): gettext_lazy("người góp ý"),
    ("plans.planevent", "from_status"): gettext_lazy("trạng thái trước"),
    ("plans.planevent", "to_status"): gettext_lazy("trạng thái sau"),
    ("households.assessment", "deprivation_count"): gettext_lazy("số chỉ số thiếu hụt"),
    ("households.assessment", "ethnic_minority"): gettext_lazy("dân tộc thiểu số"),
}


@dataclass
class Change:
    """One field of an entry: its label and the values before and after, as shown."""

    label: str
    before: str
    after: str


@dataclass
class EntryView:
    """An entry as the history shows it."""

    pk: int
    who: str
    username: str
    when: str
    action: str
    object_label: str
    is_child: bool
    created: bool
    deleted: bool
    reason: str
    changes: list[Change] = field(default_factory=list)


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """A field's Vietnamese label: FIELD_LABELS, else the model's verbose_name, else its name."""
    label_lower = model._meta.label_lower if model else ""
    if (label_lower, name) in FIELD_LABELS:
        return str(FIELD_LABELS[(label_lower, name)])
    f = _field(model, name)
    verbose = getattr(f, "verbose_name", None)
    return str(verbose) if verbose else name.replace("_", " ")


def _number(value) -> str:
    try:
        return format_number(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def show_value(model: type[models.Model] | None, name: str, value: Any) -> str:
    """One recorded value the Vietnamese way: choices by their label, numbers 1.182 / 4,21, dates
    dd/mm/yyyy, foreign keys by the label copied at the time."""
    if value is None:
        return UNKNOWN
    f = _field(model, name)
    if isinstance(value, dict) and set(value) == {"id", "label"}:
        return value["label"] or UNKNOWN
    if isinstance(value, list):
        return ", ".join(show_value(None, name, v) for v in value) or _("(không có)")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show_value(None, k, v)}" for k, v in value.items()) or _("(không có)")
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if value == "":
        return _("(trống)")
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.DateTimeField) and isinstance(value, str):
        return _moment(datetime.datetime.fromisoformat(value))
    if isinstance(f, models.DateField) and isinstance(value, str):
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, int) and "year" in name:
        return str(value)  # 2024, not 2.024
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(f, models.DecimalField | DecimalTextField):
        return _number(value)
    return str(value)


def _moment(value: datetime.datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def _model(label_lower: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label_lower)
    except (LookupError, ValueError):
        return None


def _in_field_order(model: type[models.Model] | None, names: set[str]) -> list[str]:
    """The model's field order (PostgreSQL's jsonb keeps no key order); unknown names last, by name."""
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


def view(entry: Entry, on: models.Model | None = None) -> EntryView:
    """An entry with its fields labelled and its values written the Vietnamese way. `on`: the object whose
    history shows it (its parent when not given); an entry about another object names that object."""
    model = _model(entry.object_type)
    names = _in_field_order(model, {*entry.before, *entry.after})
    return EntryView(
        pk=entry.pk,
        who=entry.actor_name or entry.actor_username or _("(hệ thống)"),
        username=entry.actor_username,
        when=_moment(entry.at),
        action=entry.action_label,
        object_label=entry.object_label,
        is_child=(entry.object_type, entry.object_id)
        != ((on._meta.label_lower, on.pk) if on is not None else (entry.parent_type, entry.parent_id)),
        created=not entry.before,
        deleted=not entry.after,
        reason=entry.reason,
        changes=[
            Change(
                field_label(model, name),
                show_value(model, name, entry.before.get(name)) if name in entry.before else "",
                show_value(model, name, entry.after.get(name)) if name in entry.after else "",
            )
            for name in names
        ],
    )


def _plan_year(plan) -> Q:
    """What a plan's history gathers: the entries of every revision of its unit's plan for its year
    (a deleted draft and a new revision included), and, for a commune's plan, the village counts of that
    year its start figures are read from and the changes to the commune's officers since the plan was
    made (the officers its villages name)."""
    own = Q(parent_type="plans.plan", parent_id=plan.pk)
    if plan.commune_id is None:
        return own | Q(district_id=plan.district_id, commune__isnull=True, year=plan.year, parent_type="plans.plan")
    unit = Q(commune_id=plan.commune_id)
    return own | (
        unit
        & (
            Q(year=plan.year, parent_type="plans.plan")
            | Q(year=plan.year, object_type="households.villagecount")
            | Q(object_type="plans.officer", at__gte=plan.created_at)
        )
    )


def entries_for(user, obj) -> models.QuerySet[Entry]:
    """The entries of `obj`'s history that `user` may see, newest first."""
    entries = Entry.objects.for_user(user)
    if obj._meta.label_lower == "plans.plan":
        return entries.filter(_plan_year(obj)).order_by("-at", "-id")
    return entries.history_of(obj)


def history_page(user, obj, number=None, per_page: int = PAGE_SIZE) -> Page:
    """One page of `obj`'s history for `user`; its object_list holds EntryViews."""
    page = Paginator(entries_for(user, obj), per_page).get_page(number)
    page.object_list = [view(e, obj) for e in page.object_list]
    return page


def recent_history(user, obj, limit: int = RECENT) -> tuple[list[EntryView], bool]:
    """The newest `limit` entries of `obj`'s history for `user`, and whether there are more ("xem thêm")."""
    entries = list(entries_for(user, obj)[: limit + 1])
    return [view(e, obj) for e in entries[:limit]], len(entries) > limit


def recent_context(user, obj, history_url: str) -> dict:
    """What a page embeds of `obj`'s history (templates/audit/_history.html): the newest entries and,
    when there are more, the link to the full history page."""
    shown, more = recent_history(user, obj)
    return {"history": shown, "more_url": history_url if more else ""}


def last_entry(obj) -> Entry | None:
    """The newest entry about `obj` itself, unscoped: "who saved last" in a conflict message, shown to
    someone already editing the object."""
    return Entry.objects.filter(object_type=obj._meta.label_lower, object_id=obj.pk).order_by("-at", "-id").first()

"""Saving a previewed import: all of it in one transaction, or nothing.

Counts go through `services.save_village_counts` (versions, sources, the record). Households and their
assessments are created and updated in bulk: locked, checked against the versions the preview read
(anything saved since is a conflict and nothing is saved), classified by `assess` under the year's
standard, and recorded with `record_many` (one INSERT per kind of entry).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from households import services
from households.assessment import Answers, assess
from households.imports import origin
from households.lookups import standard_for
from households.models import Assessment, Commune, Ethnicity, Household, Indicator, PovertyCause, Village
from households.names import fill_search_names, search_key
from households.review_rules import refuse_if_final
from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.concurrency import ConflictError
from povertyplan.inserts import insert_many

HOUSEHOLD_FIELDS = ["village", "head_name", "members", "ethnicity", "version"]


def changed_since() -> str:
    return _(
        "Số liệu trong phần mềm đã thay đổi từ khi xem trước (người khác vừa lưu): chưa lưu gì. "
        "Hãy tải tệp lên lại để xem trước với số liệu mới."
    )


def save_counts(*, by, commune: Commune, year: int, plan: list[dict], file_name: str = "") -> int:
    """Save the previewed counts, their source saying they came from `file_name`; returns how many changed."""
    rows = {
        entry["village"]: {
            **{k: entry[k] for k in ("total_households", "poor", "near_poor", "version")},
            "source": origin.excel_source(file_name, entry["source"]) if file_name else entry["source"],
        }
        for entry in plan
    }
    try:
        return services.save_village_counts(by=by, commune=commune, year=year, rows=rows)
    except ConflictError as exc:
        raise ConflictError([changed_since(), *exc.messages]) from exc


class Labels(dict):
    """Related objects as the record names them ({"id", "label"}), each computed once per import."""

    def __missing__(self, obj):
        self[obj] = value = audit.plain(obj)
        return value


_READS: dict[tuple, list[tuple[str, str, bool]]] = {}


def _reads(model, names: list[str]) -> list[tuple[str, str, bool]]:
    """(name, attname, is a relation) of each recorded field, looked up once per model."""
    key = (model, tuple(names))
    if key not in _READS:
        fields = [model._meta.get_field(name) for name in names]
        _READS[key] = [(f.name, f.attname, f.is_relation) for f in fields]
    return _READS[key]


def state(obj, names: list[str], labels: Labels) -> dict:
    """`audit.state(obj, names)` for the concrete fields, with each related object named once per import."""
    values = {}
    for name, attname, relation in _reads(type(obj), names):
        raw = getattr(obj, attname)
        if relation:
            values[name] = labels[getattr(obj, name)] if raw is not None else None
        else:
            values[name] = audit.plain(raw)
    return values


HOUSEHOLD_STATE = audit.default_fields(Household)
ASSESSMENT_STATE = [n for n in audit.default_fields(Assessment) if n not in ("deprivations", "causes")]


def _assessment_state(record: Assessment, deprivations, causes, labels: Labels) -> dict:
    values = state(record, ASSESSMENT_STATE, labels)
    values["deprivations"] = sorted((labels[i] for i in deprivations), key=lambda r: r["id"])
    values["causes"] = sorted((labels[c] for c in causes), key=lambda r: r["id"])
    return values


@transaction.atomic
def save_households(*, by, commune: Commune, year: int, plan: list[dict]) -> int:
    """Create and update the previewed households and their assessments of `year`; returns how many rows."""
    if not Commune.objects.for_user(by, access.CHANGE).filter(pk=commune.pk).exists():
        raise PermissionDenied
    list(Commune.objects.select_for_update().filter(pk=commune.pk).values_list("pk", flat=True))
    refuse_if_final(commune.pk, year)
    standard = standard_for(year)
    villages = {v.pk: v for v in Village.objects.filter(commune=commune).select_related("commune")}
    ethnicities = {e.pk: e for e in Ethnicity.objects.all()}
    indicators = {i.pk: i for i in Indicator.objects.filter(standard=standard)}
    causes = {c.pk: c for c in PovertyCause.objects.all()}
    ids = [e["id"] for e in plan if e["id"] is not None]
    households = {h.pk: h for h in Household.objects.select_for_update().filter(pk__in=ids, village__commune=commune)}
    records = {
        a.household_id: a
        for a in Assessment.objects.select_for_update()
        .filter(household__in=ids, year=year)
        .prefetch_related("deprivations", "causes")
    }
    stale = [
        e
        for e in plan
        if e["id"] is not None
        and (
            e["id"] not in households
            or households[e["id"]].version != e["hv"]
            or (records[e["id"]].version if e["id"] in records else 0) != e["av"]
        )
    ]
    if stale or any(e["village"] not in villages for e in plan):
        raise ConflictError([changed_since()])
    new_keys = {(e["village"], e["head_name"], e["members"]) for e in plan if e["id"] is None}
    if new_keys and _registered_since(commune, new_keys):
        raise ConflictError([changed_since()])

    household_rows, created, updated, labels = [], [], [], Labels()
    for entry in plan:
        household = households.get(entry["id"]) if entry["id"] is not None else Household()
        before = state(household, HOUSEHOLD_STATE, labels) if entry["id"] is not None else {}
        if entry["id"] is not None:
            household.version += 1
        household.village = villages[entry["village"]]
        household.head_name = entry["head_name"]
        household.members = entry["members"]
        household.ethnicity = ethnicities[entry["ethnicity"]]
        (updated if entry["id"] is not None else created).append(household)
        household_rows.append((household, before, entry))
    now = timezone.now()
    for household in updated:
        household.updated_at = now
    fill_search_names(updated + created)  # insert_many and bulk_update skip Household.save()
    insert_many(created)
    Household.objects.bulk_update(updated, [*HOUSEHOLD_FIELDS, "search_name", "updated_at"])
    return _save_assessments(by, year, standard, household_rows, records, indicators, causes, labels)


def _registered_since(commune: Commune, keys: set[tuple]) -> bool:
    """Whether a household the preview would add was registered by someone since (same village, name, members)."""
    wanted = {(v, search_key(n), m) for v, n, m in keys}
    existing = Household.objects.filter(village__commune=commune).values_list("village", "search_name", "members")
    return any(row in wanted for row in existing)


ASSESSMENT_FIELDS = [
    "village",
    "standard",
    "income_per_capita",
    "deprivation_count",
    "computed_status",
    "override_status",
    "override_reason",
    "status",
    "is_merit",
    "is_social_protection",
    "no_labour_capacity",
    "ethnic_minority",
    "female_head",
    "has_disability",
    "carried_forward",
    "version",
    "updated_at",
]


def _save_assessments(by, year, standard, household_rows, records, indicators, causes, labels) -> int:
    """Each household's assessment of `year`, classified by `assess`, its lists written in bulk, recorded."""
    now = timezone.now()
    new, changed, lists = [], [], []
    for household, before, entry in household_rows:
        record = records.get(household.pk)
        record_before = (
            _assessment_state(record, record.deprivations.all(), record.causes.all(), labels) if record else {}
        )
        deprivations = [indicators[i] for i in entry["deprivations"]]
        reasons = [causes[c] for c in entry["causes"]]
        # The row's answers; the override an official recorded stays (an unsaved Assessment: none yet).
        answers = Answers.from_assessment(
            record or Assessment(),
            year=year,
            area=household.area or household.village.commune.area,
            deprivations=deprivations,
            causes=reasons,
            income_per_capita=entry["income"],
            ethnic_minority=household.ethnicity.is_minority,
            **entry["flags"],
        )
        assessed = assess(answers, standard)
        if record is None:
            record = Assessment(household=household, year=year)
            new.append(record)
        else:
            record.version += 1
            record.updated_at = now
            changed.append(record)
        record.village = household.village
        assessed.apply_to(record)
        record.carried_forward = False  # an imported row is the household's re-assessment of the year
        lists.append((household, before, record, record_before, assessed))
    insert_many(new)
    Assessment.objects.bulk_update(changed, ASSESSMENT_FIELDS)
    _write_lists(new, changed, lists)
    _record(by, lists, labels)
    return len(lists)


def _write_lists(new, changed, lists) -> None:
    deprivation_link = Assessment.deprivations.through
    cause_link = Assessment.causes.through
    ids = [r.pk for r in changed]
    deprivation_link._default_manager.filter(assessment__in=ids).delete()
    cause_link._default_manager.filter(assessment__in=ids).delete()
    _insert_links(
        deprivation_link, "indicator_id", [(r.pk, i.pk) for _h, _b, r, _rb, a in lists for i in a.deprivations]
    )
    _insert_links(cause_link, "povertycause_id", [(r.pk, c.pk) for _h, _b, r, _rb, a in lists for c in a.causes])


def _insert_links(link, column: str, pairs: list[tuple[int, int]]) -> None:
    """Many-to-many rows (assessment, other) inserted as plain pairs: one prepared INSERT run for all of
    them, without a model instance per row (a link row has no logic, no signal, nothing to record)."""
    if not pairs:
        return
    table = connection.ops.quote_name(link._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("assessment_id", column))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s)", pairs)  # noqa: S608 - our names


def _record(by, lists, labels: Labels) -> None:
    households = {True: [], False: []}
    assessments = {True: [], False: []}
    for household, before, record, record_before, assessed in lists:
        households[not before].append((household, before, state(household, HOUSEHOLD_STATE, labels)))
        after = _assessment_state(record, assessed.deprivations, assessed.causes, labels)
        assessments[not record_before].append((record, record_before, after, household))
    audit.record_many(by, Action.HOUSEHOLD_CREATE, households[True])
    audit.record_many(by, Action.HOUSEHOLD_UPDATE, households[False])
    audit.record_many(by, Action.ASSESSMENT_CREATE, assessments[True])
    audit.record_many(by, Action.ASSESSMENT_UPDATE, assessments[False])

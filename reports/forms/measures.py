"""The figures of the review-result forms, computed from the registry of a year.

Every figure is computed per village in a fixed number of GROUP BY queries whatever the number of
villages (the counts, the deprivations, the causes, the ethnic groups; the movements of forms 2-3 in
reports/forms/flows.py), then added up to communes for an area's forms. Only assessments re-assessed in
the year count (`carried_forward` False: a household copied forward and not yet reviewed is pending).

A village's source is its registry when it has assessments of the year, else the counts the commune
typed (VillageCount: households, poor, near-poor only), else nothing. A figure a village's source cannot
give is absent from its measures (unknown, never 0).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from households.models import Assessment, Ethnicity, Status, Village, VillageCount
from reports.forms.definitions import Item

REGISTRY = "registry"
COUNTS = "counts"
NONE = "none"
STATUSES = {"poor": Status.POOR, "near": Status.NEAR_POOR, "middle": Status.MIDDLE}
# Form 8: each household in the first group that fits, in this order (the form's note says so).
GROUPS = ("dtts", "no_labour", "merit")


@dataclass
class VillageFigures:
    """A village's measures for the year, where they come from, and its pending households."""

    village: Village
    source: str = NONE
    values: dict[str, int] = field(default_factory=dict)
    pending: int = 0  # carried forward, not yet re-assessed
    has_previous: bool = False  # the registry of the year before has assessments


def _group_filters(status) -> dict[str, Q]:
    base = Q(status=status, carried_forward=False)
    dtts = Q(household__ethnicity__is_minority=True)
    no_labour = Q(no_labour_capacity=True) & ~dtts
    merit = Q(is_merit=True) & ~dtts & ~Q(no_labour_capacity=True)
    other = ~dtts & ~Q(no_labour_capacity=True) & ~Q(is_merit=True)
    return {"dtts": base & dtts, "no_labour": base & no_labour, "merit": base & merit, "other": base & other}


def _counts_aggregates() -> dict:
    done = Q(carried_forward=False)
    aggregates = {
        "households": Count("id", filter=done),
        "households#persons": Sum("household__members", filter=done),
        "pending": Count("id", filter=Q(carried_forward=True)),
    }
    for name, status in STATUSES.items():
        aggregates[name] = Count("id", filter=done & Q(status=status))
        aggregates[f"{name}#persons"] = Sum("household__members", filter=done & Q(status=status))
    for name in ("poor", "near"):
        for group, q in _group_filters(STATUSES[name]).items():
            aggregates[f"group.{name}.{group}"] = Count("id", filter=q)
    return aggregates


def village_figures(villages: list[Village], year: int, families: set[str] | None = None) -> list[VillageFigures]:
    """Each village's measures for `year`; the families' measures only for the families asked for
    ("indicator", "cause", "ethnic_group"). Two queries, plus one per family and one for the year before."""
    ids = [v.pk for v in villages]
    families = families if families is not None else {"indicator", "cause", "ethnic_group"}
    figures = {v.pk: VillageFigures(v) for v in villages}
    this_year = Assessment.objects.order_by().filter(village__in=ids, year=year)
    aggregates = _counts_aggregates()
    names = {f"m{i}": key for i, key in enumerate(aggregates)}  # SQL aliases cannot hold "#" or "."
    annotations = {alias: aggregates[key] for alias, key in names.items()}
    for row in this_year.values("village").annotate(**annotations):
        f = figures[row.pop("village")]
        values = {names[alias]: v or 0 for alias, v in row.items()}
        f.source, f.pending = REGISTRY, values.pop("pending")
        values["persons"] = values.pop("households#persons")
        f.values = values
    for count in VillageCount.objects.order_by().filter(village__in=ids, year=year):
        f = figures[count.village_id]
        if f.source == NONE:
            f.source = COUNTS
            f.values = {"households": count.total_households, "poor": count.poor}
            if count.near_poor is not None:
                f.values["near"] = count.near_poor
    previous = Assessment.objects.order_by().filter(village__in=ids, year=year - 1, carried_forward=False)
    for village_id in previous.values_list("village", flat=True).distinct():
        figures[village_id].has_previous = True
    done = {"assessment__year": year, "assessment__carried_forward": False, "assessment__village__in": ids}
    statuses = {v: k for k, v in STATUSES.items() if k != "middle"}
    if "indicator" in families:
        through = Assessment.deprivations.through.objects.order_by().filter(**done)
        for row in through.values("assessment__village", "assessment__status", "indicator").annotate(n=Count("id")):
            name = statuses.get(row["assessment__status"])
            if name:
                figures[row["assessment__village"]].values[f"deprived.{name}.{row['indicator']}"] = row["n"]
    if "cause" in families:
        through = Assessment.causes.through.objects.order_by().filter(**done)
        for row in through.values("assessment__village", "assessment__status", "povertycause__code").annotate(
            n=Count("id")
        ):
            name = statuses.get(row["assessment__status"])
            if name:
                key = f"cause.{name}.{row['povertycause__code']}"
                figures[row["assessment__village"]].values[key] = row["n"]
    if "ethnic_group" in families:
        rows = (
            this_year.filter(carried_forward=False, status__in=list(statuses))
            .values("village", "status", "household__ethnicity", "household__ethnicity__is_minority")
            .annotate(n=Count("id"))
        )
        for row in rows:
            name = statuses[row["status"]]
            ethnic = "minority" if row["household__ethnicity__is_minority"] else "kinh"
            values = figures[row["village"]].values
            values[f"ethnic.{name}.{ethnic}"] = values.get(f"ethnic.{name}.{ethnic}", 0) + row["n"]
            if ethnic == "minority":
                values[f"ethnic.{name}.{row['household__ethnicity']}"] = row["n"]
    return [figures[v.pk] for v in villages]


def registry_defaults(figures: VillageFigures, families: dict[str, list[Item]]) -> None:
    """A registry village states every figure of the families: a count nobody matched is a real 0."""
    if figures.source != REGISTRY:
        return
    values = figures.values
    for name in ("poor", "near"):
        for item in families.get("indicator", []):
            values.setdefault(f"deprived.{name}.{item.key}", 0)
        for item in families.get("cause", []):
            values.setdefault(f"cause.{name}.{item.key}", 0)
        for item in families.get("ethnic_group", []):
            values.setdefault(f"ethnic.{name}.{item.key}", 0)
        values.setdefault(f"ethnic.{name}.kinh", 0)
        values.setdefault(f"ethnic.{name}.minority", 0)


def ethnic_items(figures: list[VillageFigures], limit: int) -> tuple[list[Item], set[str]]:
    """The ethnic minority groups present among the poor and near-poor, most households first (up to
    `limit` of them), and the ids of the others (counted together as "other")."""
    totals: dict[str, int] = defaultdict(int)
    for f in figures:
        for key, n in f.values.items():
            parts = key.split(".")
            if parts[0] == "ethnic" and parts[2].isdigit():
                totals[parts[2]] += n
    names = dict(Ethnicity.objects.filter(pk__in=[int(k) for k in totals]).values_list("pk", "name"))
    ranked = sorted(totals, key=lambda k: (-totals[k], names.get(int(k), "")))
    shown = ranked[:limit]
    order = dict(Ethnicity.objects.filter(pk__in=[int(k) for k in shown]).values_list("pk", "order"))
    shown.sort(key=lambda k: (order.get(int(k), 0), names.get(int(k), "")))
    return [Item(k, names.get(int(k), k)) for k in shown], set(ranked[limit:])


def fold_other_ethnic(figures: list[VillageFigures], others: set[str]) -> None:
    """Each village's "other minority" count: its minority households of the groups without a column."""
    for f in figures:
        if f.source != REGISTRY:
            continue
        for name in ("poor", "near"):
            f.values[f"ethnic.{name}.other"] = sum(f.values.get(f"ethnic.{name}.{k}", 0) for k in others)

"""The counts read model: each village's households, poor and near-poor of a year, and their totals.

A village's counts come from the registry (its assessments) when it has any that year, otherwise from
the counts the commune typed (VillageCount), otherwise it has none. A total over villages is unknown
where any counted village lacks the figure: unknown is never zero. While a review is open, its year's
figures are the households re-assessed so far; those carried forward and not yet re-assessed are counted
apart (`pending`), never as the year's result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext as _

from households.models import Assessment, Commune, Village, VillageCount
from povertyplan.numbers import format_number, rate


class Source:
    REGISTRY = "registry"
    ENTERED = "entered"
    NONE = "none"


@dataclass
class CountRow:
    """A village's (or a total's) counts for a year, and where they come from."""

    village: Village | None
    total: int | None = None
    poor: int | None = None
    near_poor: int | None = None
    source: str = Source.NONE
    entered: VillageCount | None = None
    notes: list[str] = field(default_factory=list)
    # Households carried forward into an open review and not yet re-assessed: outside the figures above.
    pending: int = 0

    @property
    def poor_rate(self) -> Decimal | None:
        return rate(self.poor, self.total)

    @property
    def near_poor_rate(self) -> Decimal | None:
        return rate(self.near_poor, self.total)

    @property
    def entered_differs(self) -> bool:
        """An entered count that the registry now contradicts (kept, shown, never applied)."""
        e = self.entered
        return (
            self.source == Source.REGISTRY
            and e is not None
            and (e.total_households, e.poor, e.near_poor) != (self.total, self.poor, self.near_poor)
        )


def _sum(values: Iterable[int | None]) -> int | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def village_rows(villages: list[Village], year: int) -> list[CountRow]:
    """Counts of `year` for the given villages, in two queries whatever their number.

    A village with assessments that year takes its counts from the registry; otherwise from the counts
    typed by the commune; otherwise it has none.
    """
    ids = [v.pk for v in villages]
    registry = {r["village"]: r for r in Assessment.objects.filter(village__in=ids, year=year).village_totals()}
    entered = {c.village_id: c for c in VillageCount.objects.filter(village__in=ids, year=year)}
    rows = []
    for village in villages:
        row = CountRow(village=village, entered=entered.get(village.pk))
        if village.pk in registry:
            r = registry[village.pk]
            row.total, row.poor, row.near_poor, row.source = r["total"], r["poor"], r["near_poor"], Source.REGISTRY
            row.pending = r["pending"]
        elif row.entered is not None:
            e = row.entered
            row.total, row.poor, row.near_poor, row.source = e.total_households, e.poor, e.near_poor, Source.ENTERED
        rows.append(row)
    return rows


def total_of(rows: list[CountRow]) -> CountRow:
    """The sum of village rows; unknown where any counted village lacks the figure."""
    counted = [r for r in rows if r.source != Source.NONE]
    sources = {r.source for r in counted}
    total = CountRow(
        village=None,
        total=_sum(r.total for r in counted),
        poor=_sum(r.poor for r in counted),
        near_poor=_sum(r.near_poor for r in counted),
        source=sources.pop() if len(sources) == 1 else Source.NONE,
        pending=sum(r.pending for r in counted),
    )
    if total.pending:
        total.notes.append(
            _("Đang rà soát: {n} hộ chưa rà soát lại, chưa tính vào số liệu.").format(n=format_number(total.pending))
        )
    if counted and len(counted) < len(rows):
        total.notes.append(_("Thiếu số liệu của {n} thôn: tổng cộng chưa đầy đủ.").format(n=len(rows) - len(counted)))
    return total


def commune_counts(commune: Commune, year: int) -> tuple[list[CountRow], CountRow]:
    """Every village's counts for `year` and the commune total, in three queries."""
    rows = village_rows(list(Village.objects.filter(commune=commune).order_by("order", "id")), year)
    return rows, total_of(rows)


def area_counts(communes, year: int) -> list[tuple[Commune, CountRow]]:
    """Each commune's total for `year`, in three queries for the whole area."""
    communes = list(communes)
    villages = list(Village.objects.filter(commune__in=communes).order_by("commune", "order", "id"))
    rows = village_rows(villages, year)
    by_commune: dict[int, list[CountRow]] = {c.pk: [] for c in communes}
    for row in rows:
        by_commune[row.village.commune_id].append(row)
    return [(c, total_of(by_commune[c.pk])) for c in communes]


def village_count(village: Village, year: int) -> CountRow:
    """One village's counts for `year` (registry first, then typed counts)."""
    return village_rows([village], year)[0]


def latest_year(commune_ids) -> int | None:
    """The latest year with counts or assessments in these communes."""
    years = [
        Assessment.objects.filter(village__commune__in=commune_ids).aggregate(m=Max("year"))["m"],
        VillageCount.objects.filter(village__commune__in=commune_ids).aggregate(m=Max("year"))["m"],
    ]
    years = [y for y in years if y]
    return max(years) if years else None

"""What a plan of year N achieved per village, read from the household registry.

A household left poverty in year N when it was poor in the registry of year N (the review closed at the
end of N-1) and is not poor in the registry of year N+1 (the review done at the end of N), as
households/movements.py `transitions` derives it; the same for near-poverty. Year N+1 counts only once
re-assessed: an assessment copied forward by the review and not yet re-assessed (`carried_forward`)
says nothing yet. A household that left the commune (a leaving HouseholdEvent of year N+1) is neither
an exit nor missing: it is resolved, and counted in no column.

A village's exits are known when every household poor (near-poor) in N has been re-assessed for N+1 or
has left; until then they are unknown (None), never 0. Its newly poor / near-poor are known when the
whole village has been re-assessed. A village without assessments in year N keeps only counts: its
results are typed (plans/results.py), never read here.

Read in three queries whatever the number of villages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from households.models import Assessment, HouseholdEvent, Status
from households.movements import Transition, transitions
from households.review_models import LEAVING_KINDS


@dataclass(frozen=True)
class Achieved:
    """A registry village's results of year N: None where not yet known."""

    village_id: int
    escaped_poverty: int | None
    escaped_near_poverty: int | None
    newly_poor: int | None
    newly_near_poor: int | None
    poor_pending: int  # households poor in N not yet re-assessed for N+1
    near_poor_pending: int
    pending: int  # households of the village not yet re-assessed for N+1

    @property
    def known(self) -> bool:
        """Both exits known: the row is read from the registry."""
        return self.escaped_poverty is not None and self.escaped_near_poverty is not None


NEWLY_POOR = {Transition.NEWLY_POOR, Transition.FELL_BACK}  # phát sinh mới and tái nghèo: new to the list


def achieved(village_ids: Iterable[int], year: int) -> dict[int, Achieved]:
    """The registry villages among `village_ids` (those with assessments in `year`) and their results."""
    ids = list(village_ids)
    rows = list(
        Assessment.objects.filter(village__in=ids, year__in=(year, year + 1))
        .order_by()
        .values_list("household_id", "village_id", "year", "carried_forward")
    )
    start_village = {h: v for h, v, y, _c in rows if y == year}
    # Households in the registry of N+1 only (moved in, split off, newly listed): counted where they are now.
    arrived = {h: v for h, v, y, c in rows if y == year + 1 and not c and h not in start_village}
    history: dict[int, dict[int, str]] = defaultdict(dict)
    reassessed: set[int] = set()
    for h, y, status, carried in (
        Assessment.objects.filter(household__in=[*start_village, *arrived], year__lte=year + 1)
        .order_by()
        .values_list("household_id", "year", "status", "carried_forward")
    ):
        if y == year + 1 and carried:
            continue  # copied forward, not re-assessed: year N+1 is not known for it yet
        history[h][y] = status
        if y == year + 1:
            reassessed.add(h)
    left = set(
        HouseholdEvent.objects.filter(household__in=start_village.keys(), year=year + 1, kind__in=LEAVING_KINDS)
        .order_by()
        .values_list("household_id", flat=True)
    )
    per_village: dict[int, list[int]] = defaultdict(list)
    for h, v in start_village.items():
        per_village[v].append(h)
    newcomers: dict[int, list[int]] = defaultdict(list)
    for h, v in arrived.items():
        newcomers[v].append(h)
    return {
        v: _village(v, households + newcomers.get(v, []), history, reassessed, left, year)
        for v, households in per_village.items()
    }


def _village(village_id, households, history, reassessed, left, year) -> Achieved:
    counts = {Transition.ESCAPED_POVERTY: 0, Transition.ESCAPED_NEAR_POVERTY: 0, "newly_poor": 0}
    newly_near = 0
    poor_pending = near_pending = pending = 0
    for h in households:
        status = history[h].get(year)
        resolved = h in reassessed or h in left
        if not resolved:
            pending += 1
            poor_pending += status == Status.POOR
            near_pending += status == Status.NEAR_POOR
            continue
        if h in left and h not in reassessed:
            continue
        moves = set(transitions(history[h], year + 1))
        counts[Transition.ESCAPED_POVERTY] += Transition.ESCAPED_POVERTY in moves
        counts[Transition.ESCAPED_NEAR_POVERTY] += Transition.ESCAPED_NEAR_POVERTY in moves
        counts["newly_poor"] += bool(moves & NEWLY_POOR)
        newly_near += Transition.NEWLY_NEAR_POOR in moves
    whole = pending == 0
    return Achieved(
        village_id=village_id,
        escaped_poverty=counts[Transition.ESCAPED_POVERTY] if poor_pending == 0 else None,
        escaped_near_poverty=counts[Transition.ESCAPED_NEAR_POVERTY] if near_pending == 0 else None,
        newly_poor=counts["newly_poor"] if whole else None,
        newly_near_poor=newly_near if whole else None,
        poor_pending=poor_pending,
        near_poor_pending=near_pending,
        pending=pending,
    )

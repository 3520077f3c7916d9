"""The movements of poor and near-poor households between two reviews (forms 2 and 3).

For the rows' units (villages of a commune, or communes of an area) and year N: the start of the period
is the registry of year N-1, its end the registry of year N (only households re-assessed in the year
count). Each household that is poor (near-poor) at the start of a unit and not at its end is one
decrease of that unit, and each that is at the end and not at the start one increase, so that on every
row column 9 = 1 - 2 - 3 - 4 + 5 + 6 + 7 + 8 holds by construction, for households and for persons,
and equals the registry's count at the end, unless a household vanished unexplained: poor at the start,
neither re-assessed in N nor recorded as gone (`HouseholdEvent`). Such a household is counted in no
column, and the identity check (reports/forms/checks.py) refuses the export, naming the row.

Columns, poor (form 2): 2 became near-poor, 3 rose above the near-poor line, 4 other decreases (a
leaving event: moved out, died, merged; or re-assessed in another unit); 5 near-poor became poor,
6 fell back (not poor nor near-poor last year, poor in an earlier year), 7 newly poor (including a
household new to the registry), 8 other increases (an arriving event: moved in, split; or from another
unit). Near-poor (form 3) the same way. The statuses' movements come from households/movements.py.

Queries: three for the whole area (the two years' assessments, earlier poverty, the year's events).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from households.models import Assessment, EventKind, HouseholdEvent, Status
from households.movements import Transition, transitions
from households.review_models import LEAVING_KINDS

ARRIVING_KINDS = (EventKind.MOVED_IN, EventKind.SPLIT)
COLUMNS = ("start", "d1", "d2", "d3", "i1", "i2", "i3", "i4", "end")


def _add(values: dict, key: str, members: int) -> None:
    values[key] = values.get(key, 0) + 1
    values[f"{key}#persons"] = values.get(f"{key}#persons", 0) + members


def movements(village_ids: list[int], year: int, unit_of: Callable[[int], int]) -> dict[int, dict[str, int]]:
    """Per unit (unit_of(village id)): "poor.start" ... "poor.end", "near.*", and "#persons" twins."""
    rows = (
        Assessment.objects.order_by()
        .filter(village__in=village_ids, year__in=(year - 1, year), carried_forward=False)
        .values_list("household", "year", "status", "village", "household__members")
    )
    now: dict[int, tuple[str, int]] = {}
    before: dict[int, tuple[str, int]] = {}
    members: dict[int, int] = {}
    for household, y, status, village, size in rows:
        (now if y == year else before)[household] = (status, unit_of(village))
        members[household] = size
    earlier: dict[int, set[str]] = defaultdict(set)
    history = (
        Assessment.objects.order_by()
        .filter(village__in=village_ids, year__lt=year - 1, status__in=(Status.POOR, Status.NEAR_POOR))
        .values_list("household", "status")
        .distinct()
    )
    for household, status in history:
        earlier[household].add(status)
    events: dict[int, set[str]] = defaultdict(set)
    year_events = HouseholdEvent.objects.order_by().filter(household__village__in=village_ids, year=year)
    for household, kind in year_events.values_list("household", "kind"):
        events[household].add(kind)
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for household in set(now) | set(before):
        start, end = before.get(household), now.get(household)
        size = members[household]
        statuses = {year - 2: Status.POOR} if Status.POOR in earlier[household] else {}
        if start:
            statuses[year - 1] = start[0]
        if end:
            statuses[year] = end[0]
        moves = set(transitions(statuses, year))
        kinds = events[household]
        for name, status in (("poor", Status.POOR), ("near", Status.NEAR_POOR)):
            was = start is not None and start[0] == status
            is_ = end is not None and end[0] == status
            if was:
                _add(result[start[1]], f"{name}.start", size)
            if is_:
                _add(result[end[1]], f"{name}.end", size)
            same_unit = start is not None and end is not None and start[1] == end[1]
            if was and not (is_ and same_unit):
                column = _decrease(name, moves, same_unit, start, end, kinds)
                if column:
                    _add(result[start[1]], f"{name}.{column}", size)
            if is_ and not (was and same_unit):
                column = _increase(name, moves, same_unit, start, kinds, earlier[household])
                _add(result[end[1]], f"{name}.{column}", size)
    return result


def _decrease(name, moves, same_unit, start, end, kinds) -> str | None:
    if same_unit:
        if name == "poor":
            return "d1" if Transition.POOR_TO_NEAR_POOR in moves else "d2"
        return "d1" if Transition.ESCAPED_NEAR_POVERTY in moves else "d2"
    if end is not None or kinds & set(LEAVING_KINDS):
        return "d3"
    return None  # vanished unexplained: the identity check names the row


def _increase(name, moves, same_unit, start, kinds, earlier: set[str]) -> str:
    if same_unit:
        if name == "poor":
            if Transition.NEAR_POOR_TO_POOR in moves:
                return "i1"
            return "i2" if Transition.FELL_BACK in moves else "i3"
        if Transition.POOR_TO_NEAR_POOR in moves:
            return "i1"
        return "i2" if earlier else "i3"
    if start is not None or kinds & set(ARRIVING_KINDS):
        return "i4"
    return "i3"


def zero_filled(values: dict[str, int]) -> None:
    """A unit with registries of both years states every movement: absent ones are 0."""
    for name in ("poor", "near"):
        for column in COLUMNS:
            values.setdefault(f"{name}.{column}", 0)
            values.setdefault(f"{name}.{column}#persons", 0)

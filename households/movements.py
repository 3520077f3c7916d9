"""Year-to-year movements of a household (thoát nghèo, phát sinh, tái nghèo...), derived from its statuses."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy

from households.models import Status


class Transition:
    """Year-to-year movements, derived from the yearly statuses (never typed)."""

    ESCAPED_POVERTY = "escaped_poverty"
    POOR_TO_NEAR_POOR = "poor_to_near_poor"
    ESCAPED_NEAR_POVERTY = "escaped_near_poverty"
    NEAR_POOR_TO_POOR = "near_poor_to_poor"
    NEWLY_POOR = "newly_poor"
    NEWLY_NEAR_POOR = "newly_near_poor"
    FELL_BACK = "fell_back"

    LABELS = {
        ESCAPED_POVERTY: gettext_lazy("Thoát nghèo"),
        POOR_TO_NEAR_POOR: gettext_lazy("Từ nghèo xuống cận nghèo"),
        ESCAPED_NEAR_POVERTY: gettext_lazy("Thoát cận nghèo"),
        NEAR_POOR_TO_POOR: gettext_lazy("Từ cận nghèo thành nghèo"),
        NEWLY_POOR: gettext_lazy("Phát sinh nghèo"),
        NEWLY_NEAR_POOR: gettext_lazy("Phát sinh cận nghèo"),
        FELL_BACK: gettext_lazy("Tái nghèo"),
    }


ABOVE = {Status.MIDDLE, Status.NOT_POOR}


def transitions(statuses: Mapping[int, str], year: int) -> list[str]:
    """The transitions of a household into `year`, from its statuses by year.

    Compared with the year before (no record counts as not poor). Falling back into poverty needs the
    full history: poor again after having left poverty (to near-poor or above) in an earlier year.
    """
    now = statuses.get(year)
    if now is None:
        return []
    before = statuses.get(year - 1)
    earlier_poor = any(s == Status.POOR for y, s in statuses.items() if y < year - 1)
    moves: list[str] = []
    if before == Status.POOR and now != Status.POOR:
        moves.append(Transition.ESCAPED_POVERTY)
        if now == Status.NEAR_POOR:
            moves.append(Transition.POOR_TO_NEAR_POOR)
    if before == Status.NEAR_POOR and now in ABOVE:
        moves.append(Transition.ESCAPED_NEAR_POVERTY)
    if before == Status.NEAR_POOR and now == Status.POOR:
        moves.append(Transition.NEAR_POOR_TO_POOR)
    if now == Status.POOR and before != Status.POOR:
        # Back into poverty after having left it (to near-poor or above) is tái nghèo.
        if earlier_poor:
            moves.append(Transition.FELL_BACK)
        elif before != Status.NEAR_POOR:
            moves.append(Transition.NEWLY_POOR)
    if now == Status.NEAR_POOR and before in ABOVE | {None}:
        moves.append(Transition.NEWLY_NEAR_POOR)
    return moves


def labelled_history(records) -> list[tuple]:
    """Each assessment (in year order) with the labels of the movements into its year."""
    statuses = {r.year: r.status for r in records}
    return [(r, [Transition.LABELS[t] for t in transitions(statuses, r.year)]) for r in records]

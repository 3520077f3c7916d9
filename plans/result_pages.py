"""What the results pages and the report's PDF show: the plan's reports and what is due, a report's table
and charts, an area's communes against their targets. Read models only (the writes are plans/results.py).

The charts are built here once (`report_charts`) and the same SVG strings go into the page and the PDF.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from households.areas import communes_of_area
from households.counts import Source, commune_counts
from households.models import Assessment, Commune, VillageCount
from households.review_models import Review, ReviewState
from plans.models import Plan, VillageTarget
from plans.result_models import DUE, Period, ReportState, ResultReport, ResultRow
from plans.result_table import COLUMNS, Line, ResultTable, report_table, sum_lines
from povertyplan.collation import vi_order
from reports.charts import Series, bar_chart, line_chart


def due_date(year: int, period: str) -> datetime.date:
    month, day = DUE[Period(period)]
    return datetime.date(year, month, day)


@dataclass(frozen=True)
class PeriodSlot:
    """A period of the plan: its report if started, its due date, whether it can be started now."""

    period: str
    label: str
    due: datetime.date
    report: ResultReport | None

    @property
    def late(self) -> bool:
        return (self.report is None or self.report.state != ReportState.SENT) and datetime.date.today() > self.due


def plan_slots(plan: Plan) -> list[PeriodSlot]:
    reports = {r.period: r for r in plan.reports.all()}
    return [
        PeriodSlot(period=p.value, label=str(p.label), due=due_date(plan.year, p.value), report=reports.get(p.value))
        for p in Period
    ]


# ---------------------------------------------------------------- charts


def rates_over_years(commune: Commune, until: int) -> tuple[list[int], list, list]:
    """The commune's poor and near-poor rates (%) for every year it has counts or a registry; unknown for a
    year where a village has neither (a partial total is no rate of the commune). Years after `until` (the
    plan's year) only once their review is closed: a review under way holds a part of the households."""
    closed = set(
        Review.objects.filter(commune=commune, year__gt=until, state=ReviewState.CLOSED).values_list("year", flat=True)
    )
    assessed = Assessment.objects.filter(village__commune=commune).order_by().values_list("year", flat=True)
    counted = VillageCount.objects.filter(village__commune=commune).order_by().values_list("year", flat=True)
    years = sorted(y for y in set(assessed) | set(counted) if y <= until or y in closed)
    poor, near = [], []
    for year in years:
        rows, total = commune_counts(commune, year)
        complete = all(r.source != Source.NONE for r in rows)  # a village without counts: the rate is unknown
        poor.append(total.poor_rate if complete else None)
        near.append(total.near_poor_rate if complete else None)
    return years, poor, near


@dataclass(frozen=True)
class Charts:
    exits_poor: str
    exits_near_poor: str
    rates: str


def report_charts(report: ResultReport, table: ResultTable) -> Charts:
    """The report's charts: target vs achieved per village (poor, near-poor), and the rates over the years."""
    names = [line.label for line in table.lines]
    key = f"r{report.pk}"
    target, done = _("Chỉ tiêu"), _("Đã đạt")
    poor = bar_chart(
        f"{key}-poor",
        _("Thoát nghèo theo thôn: chỉ tiêu và kết quả"),
        names,
        [
            Series(target, tuple(line.target_poor for line in table.lines)),
            Series(done, tuple(line.escaped_poverty for line in table.lines)),
        ],
    )
    near = bar_chart(
        f"{key}-near",
        _("Thoát cận nghèo theo thôn: chỉ tiêu và kết quả"),
        names,
        [
            Series(target, tuple(line.target_near_poor for line in table.lines)),
            Series(done, tuple(line.escaped_near_poverty for line in table.lines)),
        ],
    )
    years, poor_rates, near_rates = rates_over_years(report.plan.commune, report.plan.year)
    rates = line_chart(
        f"{key}-rates",
        _("Tỷ lệ hộ nghèo, hộ cận nghèo qua các năm (%)"),
        years,
        [Series(_("Tỷ lệ hộ nghèo"), tuple(poor_rates)), Series(_("Tỷ lệ hộ cận nghèo"), tuple(near_rates))],
    )
    return Charts(exits_poor=poor, exits_near_poor=near, rates=rates)


def report_of(pk_queryset) -> ResultReport:
    """The report with what its pages read, in one query (plan, commune, district, province)."""
    return pk_queryset.select_related("plan__commune__district", "plan__commune__province", "created_by")


def loaded_table(report: ResultReport) -> ResultTable:
    """The report's table, its rows and the plan's targets read in two queries."""
    return report_table(report)


def title(report: ResultReport) -> str:
    """'Kết quả thực hiện Kế hoạch giảm nghèo năm 2024 (6 tháng đầu năm)' / '(năm 2024)'."""
    year = report.plan.year
    when = _("6 tháng đầu năm") if report.period == Period.HALF_YEAR else _("năm %(year)s") % {"year": year}
    return _("Kết quả thực hiện Kế hoạch giảm nghèo năm %(year)s (%(when)s)") % {"year": year, "when": when}


# ---------------------------------------------------------------- an area's communes


def area_lines(user, unit, year: int, period: str) -> tuple[list[Line], Line]:
    """Each commune the user may see in the area: its report of the period against its plan's targets,
    those behind their targets first (furthest behind first), then the others, then those without a report."""
    communes = list(communes_of_area(unit, year).for_user(user).order_by(vi_order("name"), "pk"))
    plans = {
        p.commune_id: p for p in Plan.objects.in_force().filter(commune__in=communes, year=year).order_by("revision")
    }
    reports = {r.plan_id: r for r in ResultReport.objects.filter(plan__in=plans.values(), period=period).order_by()}
    rows = defaultdict(list)
    for row in ResultRow.objects.filter(report__in=reports.values()).order_by():
        rows[row.report_id].append(row)
    targets = defaultdict(list)
    for t in VillageTarget.objects.filter(plan__in=plans.values()).order_by():
        targets[t.plan_id].append(t)
    lines = []
    for commune in communes:
        plan = plans.get(commune.pk)
        report = reports.get(plan.pk) if plan else None
        line = Line(key=commune.pk, label=str(commune), row=report, extra={"plan": plan, "commune": commune})
        if report is not None:
            line.extra["report_url"] = reverse("result_report", args=[report.pk])
            village = [
                Line(
                    key=t.village_id,
                    label="",
                    poor_start=t.poor_start,
                    target_poor=t.exits_poor,
                    near_poor_start=t.near_poor_start,
                    target_near_poor=t.exits_near_poor,
                )
                for t in targets[plan.pk]
            ]
            by_village = {r.village_id: r for r in rows[report.pk]}
            for v in village:
                r = by_village.get(v.key)
                if r is not None:
                    v.escaped_poverty, v.escaped_near_poverty = r.escaped_poverty, r.escaped_near_poverty
                    v.newly_poor, v.newly_near_poor = r.newly_poor, r.newly_near_poor
            summed = sum_lines(village)
            for name in ("poor_start", "target_poor", "escaped_poverty", "near_poor_start", "target_near_poor"):
                setattr(line, name, getattr(summed, name))
            line.escaped_near_poverty = summed.escaped_near_poverty
            line.newly_poor, line.newly_near_poor = summed.newly_poor, summed.newly_near_poor
        lines.append(line)

    def order(line: Line):
        has_report = line.row is not None
        return (0 if line.behind else 1 if has_report else 2, line.shortfall if line.behind else 0)

    lines.sort(key=order)  # stable: by name within each group
    return lines, sum_lines([line for line in lines if line.row is not None], _("Tổng cộng (các xã đã báo cáo)"))


def area_chart(unit, year: int, period: str, lines: list[Line]) -> str:
    """The target against the exits of each commune that reported; empty when none has (no empty axes)."""
    reported = [line for line in lines if line.row is not None]
    if not reported:
        return ""
    return bar_chart(
        f"area-{unit.pk}-{year}-{period}",
        _("Thoát nghèo theo xã: chỉ tiêu và kết quả"),
        [line.extra["commune"].name for line in reported],
        [
            Series(_("Chỉ tiêu"), tuple(line.target_poor for line in reported)),
            Series(_("Đã đạt"), tuple(line.escaped_poverty for line in reported)),
        ],
    )


__all__ = ["COLUMNS", "Charts", "PeriodSlot", "area_chart", "area_lines", "plan_slots", "report_charts", "title"]

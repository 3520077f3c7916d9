"""All the consistency checks of a plan, in one call (the checks: plans/checks_table.py, plans/checks_text.py;
their inputs and findings: plans/checks.py)."""

from __future__ import annotations

from plans.checks import Finding, PlanInput
from plans.checks_table import (
    check_commune_targets,
    check_end_figures,
    check_rates,
    check_target_rates,
    check_targets_within_start,
    check_totals,
)
from plans.checks_text import check_deadlines, check_recipients, check_signer, check_text_percentages
from plans.checks_years import check_year_texts


def check_plan(plan: PlanInput) -> list[Finding]:
    """Run every check on a plan; findings in the order of the checks below, each check in table order."""
    rows = plan.rows
    return [
        *check_rates(rows, plan.totals),
        *check_totals(rows, plan.totals),
        *check_targets_within_start(rows, plan.totals, plan.figures),
        *check_end_figures(rows, plan.totals, plan.figures),
        *check_commune_targets(plan.figures, rows),
        *check_target_rates(plan.figures, rows),
        *check_text_percentages(plan.texts, plan.figures, rows),
        *check_deadlines(plan.deadlines, plan.year),
        *check_signer(plan.signer),
        *check_recipients(plan.recipients),
        *check_year_texts(plan.years),
    ]

"""The plan as a Decree-30 document in PDF, and its tables as PDF (WeasyPrint).

`render_plan(plan, verification=None)`: the whole plan (header, legal bases, the outline of
`plans.document.document(plan).body` with its parts rendered from the plan's rows, Nơi nhận and signature,
the per-village table as a landscape annex when the outline says so). `render_village_table(plan)` and
`render_rollup(district_or_province, year)`: the tables alone, on landscape pages. `plan_html(plan, ...)`:
the HTML the plan's PDF is made from (the benchmark and the tests read it). Everything is rendered under the
Vietnamese locale, with the bundled Liberation Serif (reports/fonts/).
"""

from reports.pdf.render import plan_html, render_plan, render_rollup, render_village_table
from reports.pdf.verification import Verification

__all__ = ["Verification", "plan_html", "render_plan", "render_rollup", "render_village_table"]

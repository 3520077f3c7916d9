"""Benchmark: the plan's PDF through `render_plan` against WeasyPrint alone on the same HTML (`plan_html`).

    python bench/pdf.py prepare       a throwaway SQLite database ($TMPDIR/povertyplan-bench/) with the demo data,
                                      Hà Trung's 2024 plan (seed 002) lengthened to about ten pages; writes
                                      its HTML there (plan.html)
    python bench/pdf.py app           one render_plan of that plan (Django start-up, queries, templates,
                                      WeasyPrint): the whole process is what is timed from outside
    python bench/pdf.py weasy         WeasyPrint alone on that plan.html, without Django
    python bench/pdf.py compare [-n 5]
                                      both in this process, alternating, n times each; prints the medians
                                      and their ratio (target: render_plan within 1,3x of WeasyPrint alone)

`make bench-pdf` runs prepare, then compare. Measured figures: bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Outside the repository: the HTML names the font files by their path on this machine.
WORK = Path(tempfile.gettempdir()) / "povertyplan-bench"
DB = WORK / "bench.sqlite3"
HTML_FILE = WORK / "plan.html"
# Paragraphs added to each text section of the demo plan so that it prints on about ten pages.
EXTRA_PARAGRAPHS = 16


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "povertyplan.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    import django

    django.setup()


def _plan():
    from plans.models import Plan

    return Plan.objects.get(commune__name="Hà Trung", year=2024)


def prepare() -> None:
    WORK.mkdir(exist_ok=True)
    if DB.exists():
        DB.unlink()
    _django()
    from django.core.management import call_command

    from plans.models import Plan

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    plan = _plan()
    filler = (
        "Tiếp tục rà soát, nắm chắc số hộ nghèo, hộ cận nghèo; phân công cán bộ phụ trách từng hộ, xác định "
        "nguyên nhân nghèo và nhu cầu hỗ trợ của từng hộ để có giải pháp phù hợp, bảo đảm hỗ trợ đúng đối tượng."
    )
    fields = ("purpose", "situation_text", "general_goal", "tasks_solutions", "funding_text")
    Plan.objects.filter(pk=plan.pk).update(
        **{f: ((getattr(plan, f) or "") + ("\n" + filler) * EXTRA_PARAGRAPHS).strip() for f in fields}
    )
    from reports.pdf import plan_html, render_plan

    plan = _plan()
    HTML_FILE.write_text(plan_html(plan), encoding="utf-8")
    out = WORK / "plan.pdf"
    out.write_bytes(render_plan(plan))
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = (re.findall(r"^Pages:\s+(\d+)", info, re.M) or ["?"])[0]
    print(f"prepared {DB.name} and {HTML_FILE.name} (plan {plan.pk}, {pages} pages)")


def app() -> bytes:
    _django()
    from reports.pdf import render_plan

    return render_plan(_plan())


def weasy() -> bytes:
    from weasyprint import HTML

    return HTML(string=HTML_FILE.read_text(encoding="utf-8"), base_url=str(ROOT / "reports" / "fonts")).write_pdf()


def compare(n: int) -> None:
    _django()
    from reports.pdf import render_plan

    plan_id = _plan().pk
    from plans.models import Plan

    a, b = [], []
    weasy()  # warm-up: fonts and WeasyPrint's first-use caches
    render_plan(Plan.objects.get(pk=plan_id))
    for _ in range(n):
        t = time.perf_counter()
        render_plan(Plan.objects.get(pk=plan_id))
        a.append(time.perf_counter() - t)
        t = time.perf_counter()
        weasy()
        b.append(time.perf_counter() - t)
    ratios = sorted(x / y for x, y in zip(a, b, strict=True))
    print(f"render_plan     median {statistics.median(a):.3f} s  (min {min(a):.3f}, max {max(a):.3f})")
    print(f"WeasyPrint only median {statistics.median(b):.3f} s  (min {min(b):.3f}, max {max(b):.3f})")
    print(f"ratio (pairwise) median {statistics.median(ratios):.2f}x  (min {ratios[0]:.2f}, max {ratios[-1]:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["prepare", "app", "weasy", "compare"])
    parser.add_argument("-n", type=int, default=5)
    args = parser.parse_args()
    if args.what == "prepare":
        prepare()
    elif args.what == "app":
        app()
    elif args.what == "weasy":
        weasy()
    else:
        compare(args.n)


if __name__ == "__main__":
    main()

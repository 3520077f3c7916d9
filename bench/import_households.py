#!/usr/bin/env python3
"""Benchmark: 10.000 households imported end to end (read + preview + save) on a fresh SQLite database.

    .venv/bin/python bench/import_households.py [--rows 10000] [--profile]
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/import_households.py --use-database-url

Builds a throwaway database in a temporary directory (migrated, one commune with 10 villages, one
official), writes an .xlsx of N households with their 2024 assessment (random incomes, deprivations,
categories, causes), then times the guard + parse into a preview, and the all-or-nothing save.
Not a test: it prints the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--use-database-url",
        action="store_true",
        help="use DATABASE_URL as given (scripts/with_postgres.py exports a throwaway PostgreSQL) instead of SQLite",
    )
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of each step")
    parser.add_argument(
        "--pyinstrument",
        action="store_true",
        help="print pyinstrument's call tree of each step (uv pip install --python .venv/bin/python pyinstrument)",
    )
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-import-")
    if not args.use_database_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "povertyplan.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from households import lookups
    from households.imports import apply, jobs
    from households.imports.models import ImportKind
    from households.models import Assessment, Commune, Household, PovertyCause, Province, Village
    from povertyplan.access import Role
    from povertyplan.audit.models import Entry
    from povertyplan.models import User
    from tests.support.xlsx import household_header, xlsx

    province = Province.objects.create(name="Lạng Sơn", code="20")
    commune = Commune.objects.create(province=province, name="Điềm He")
    villages = [Village.objects.create(commune=commune, name=f"Thôn {n}", order=n) for n in range(1, 11)]
    user = User.objects.create_user(username="xa.diemhe", role=Role.OFFICIAL, commune=commune, province=province)
    indicators = list(lookups.indicators_for(2024))
    causes = [c.name for c in PovertyCause.objects.all()]
    rng = random.Random(14)
    rows = [household_header(indicators)]
    for n in range(args.rows):
        rows.append(
            [
                rng.choice(villages).name,
                None,
                f"Nguyễn Văn {n}",
                rng.randint(1, 8),
                rng.choice(["Tày", "Nùng", "Kinh", "Dao"]),
                f"{rng.randint(5, 40) * 100_000:,}".replace(",", "."),
                *["x" if rng.random() < 0.25 else None for _i in indicators],
                rng.choice(["", "Chủ hộ là nữ", "Hộ bảo trợ xã hội; Chủ hộ là nữ"]),
                rng.choice(["", *causes[:3]]),
            ]
        )
    started = time.perf_counter()
    data = xlsx(rows)
    print(f"writing the file: {time.perf_counter() - started:.2f} s, {len(data) / 1024:.0f} KB")

    started, cpu = time.perf_counter(), time.process_time()
    preview = profiled(args, jobs.read, ImportKind.HOUSEHOLDS, data, commune, 2024)
    parsed, parsed_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert preview.ok, [i.line() for i in preview.issues[:5]]
    started, cpu = time.perf_counter(), time.process_time()
    saved = profiled(args, apply.save_households, by=user, commune=commune, year=2024, plan=preview.plan)
    stored, stored_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert saved == args.rows == Household.objects.count() == Assessment.objects.count()
    # Wall seconds, and this process's CPU seconds (less moved by other work on a shared machine).
    print(f"guard + parse + preview of {args.rows} rows: {parsed:.2f} s (cpu {parsed_cpu:.2f} s)")
    print(f"save (bulk, audited: {Entry.objects.count()} entries): {stored:.2f} s (cpu {stored_cpu:.2f} s)")
    print(f"end to end: {parsed + stored:.2f} s (cpu {parsed_cpu + stored_cpu:.2f} s)")


def profiled(options, function, *args, **kwargs):
    """`function(*args, **kwargs)`, under cProfile (its top 25 functions by own time printed) or pyinstrument
    (its call tree) when asked."""
    if options.pyinstrument:
        from pyinstrument import Profiler

        with Profiler(interval=0.002) as profiler:
            result = function(*args, **kwargs)
        print(profiler.output_text(unicode=True, show_all=False))
        return result
    if not options.profile:
        return function(*args, **kwargs)
    import cProfile
    import pstats

    profile = cProfile.Profile()
    result = profile.runcall(function, *args, **kwargs)
    pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    return result


if __name__ == "__main__":
    main()

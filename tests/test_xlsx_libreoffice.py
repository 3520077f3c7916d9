"""The village table's Excel file opened in LibreOffice (headless Calc, Vietnamese locale), as an official
would open it: it loads without errors, recomputes its formulas, and its totals row reads as the app's
(1.182 households, 31 poor at 2,62, 61 near-poor at 5,16).

openpyxl writes formulas without cached values, so this is the test that the formulas are ones a real
spreadsheet computes to the app's figures, and that the standard number formats show the Vietnamese way
under a Vietnamese locale. `.ci/run` installs Debian's libreoffice-calc-nogui.
"""

from __future__ import annotations

import csv
import os
import subprocess

from plans import table
from plans.reads import plan_table
from povertyplan.numbers import format_number
from reports.xlsx import exports
from tests.test_xlsx_exports import diem_he  # noqa: F401  (the fixture)

SOFFICE = "/usr/bin/soffice"
# The CSV filter's options: comma, double quote, UTF-8 (76), from line 1, default column types, language
# 1066 (Vietnamese), quote text, detect numbers, cells "as shown".
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1066,false,true,true"


def as_shown_in_libreoffice(tmp_path, content: bytes) -> list[list[str]]:
    source = tmp_path / "bang-thon.xlsx"
    source.write_bytes(content)
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        # The viewer's locale decides the separators: an official's machine runs in Vietnamese.
        env={**os.environ, "LC_ALL": "vi_VN.UTF-8", "LANG": "vi_VN.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "out" / "bang-thon.csv", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_libreoffice_shows_the_totals_row_as_the_app_computes_it(diem_he, tmp_path):  # noqa: F811
    rows = as_shown_in_libreoffice(tmp_path, exports.village_table(diem_he.plan).content)
    total_row = next(r for r in rows if len(r) > 1 and r[1] == "Tổng cộng")
    columns = table.table_columns()
    shown = dict(zip((c.key for c in columns), total_row[2:], strict=False))
    total = plan_table(diem_he.plan).total
    for c in columns:
        if c.key == "officer":
            continue
        value = table.value(total, c.key)
        assert shown[c.key] == format_number(value), c.key
    assert (shown["households"], shown["poor_start"], shown["poor_rate"]) == ("1.182", "31", "2,62")
    assert (shown["near_poor_start"], shown["near_poor_rate"]) == ("61", "5,16")


def test_libreoffice_shows_each_village_row_as_the_app_computes_it(diem_he, tmp_path):  # noqa: F811
    rows = as_shown_in_libreoffice(tmp_path, exports.village_table(diem_he.plan).content)
    body = {r[1]: r for r in rows if len(r) > 1 and r[0].isdigit()}
    grid = plan_table(diem_he.plan)
    assert len(body) == len(grid.rows) == 11
    for row in grid.rows:
        shown = body[row.label]
        for i, c in enumerate(table.table_columns()):
            if c.key == "officer":
                continue
            assert shown[2 + i] == format_number(table.value(row, c.key)), (row.label, c.key)

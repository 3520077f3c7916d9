"""The years the application accepts are stated once, in povertyplan/years.py, and every bound reads them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from povertyplan import years

ROOT = Path(__file__).resolve().parent.parent
APPS = ("povertyplan", "households", "plans", "reports")


def test_the_bounds():
    assert (years.FIRST, years.LAST) == (2000, 2100)
    assert [y for y in (1999, 2000, 2024, 2100, 2101) if years.accepted(y)] == [2000, 2024, 2100]


def test_no_other_module_states_the_bounds():
    """2000 and 2100 as years appear only in povertyplan/years.py (migrations keep what they froze)."""
    bound = re.compile(r"(?<![\d.,_])(2000|2100)(?![\d.,_])")
    stated = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path == ROOT / "povertyplan" / "years.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                code = line.split("#")[0]
                if (
                    bound.search(code)
                    and "max_length" not in code
                    and "datetime.date(" not in code
                    and "w3.org/2000/" not in code
                ):
                    stated.append(f"{path.relative_to(ROOT)}:{number}")
    assert stated == []


def test_the_model_validators_and_the_forms_read_them():
    from households.forms import YearForm
    from households.models import YEAR_VALIDATORS
    from plans.forms import PlanCreateForm

    assert [v.limit_value for v in YEAR_VALIDATORS] == [years.FIRST, years.LAST]
    assert (YearForm().fields["year"].min_value, YearForm().fields["year"].max_value) == (years.FIRST, years.LAST)
    field = PlanCreateForm().fields["year"]
    assert (field.min_value, field.max_value) == (years.FIRST, years.LAST)


@pytest.mark.parametrize("year", [years.FIRST - 1, years.LAST + 1])
def test_a_counts_page_outside_the_bounds_is_not_found(world, login, year):
    client = login(world.users.official_diem_he)
    response = client.get(reverse("counts_edit", args=[world.communes.diem_he.pk, year]))
    assert response.status_code == 404


@pytest.mark.parametrize(("asked", "shown"), [(str(years.LAST + 1), 2024), (str(years.LAST), years.LAST)])
def test_the_commune_page_takes_only_an_accepted_year(world, login, asked, shown):
    """?year= outside the bounds falls back to the latest year with data (2024 in the world)."""
    client = login(world.users.official_diem_he)
    response = client.get(reverse("commune", args=[world.communes.diem_he.pk]), {"year": asked})
    assert response.status_code == 200
    assert response.context["year"] == shown

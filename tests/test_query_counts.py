"""Literal query counts of the hot pages, each built with 2 and with 20 villages: the count is the same
for both (a query per row would show), and written down, so a page that starts asking more says so.

The world grows with `n`: a district of `n` communes (each with a draft plan), the first of them with `n`
villages, its first village with `n` households in the registry (the other villages have typed counts).
The commune page, the village page and the plan page read that first commune; the review queue and the
district roll-up read the district. The reads behind them (village grid, district rows) are bounded too.

The literals are those of both databases; where one differs it is stated per vendor. A page that changes
what it reads changes its number here, in QUERIES, and nowhere else.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import District, VillageCount, VillageKind
from plans import rollup, services
from plans.creation import create_plan
from plans.grid import village_grid
from plans.models import Officer, Plan, PlanStatus
from tests.support.factories import CommuneFactory, DistrictFactory, OfficialFactory, ReviewerFactory, VillageFactory
from tests.support.pages import page
from tests.support.plans import YEAR, go, make_commune, sign
from tests.support.world import fresh, make_household


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def _commune_with_villages(district, name: str, n: int) -> SimpleNamespace:
    villages = [(f"Thôn {i}", VillageKind.THON, 50 + i, i % 4, i % 3) for i in range(1, n + 1)]
    made = make_commune(district, name, villages)
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    officer = Officer.objects.create(commune=made.commune, name="Nông Thị Lan")
    plan = services.save_grid(
        by=made.official,
        plan=plan,
        version=plan.version,
        rows={t.pk: {"exits_poor": 0, "officer": officer} for t in plan.village_targets.all()},
    )
    made.plan = plan
    return made


@pytest.mark.parametrize("frozen", [False, True], ids=["live", "frozen"])
def test_village_grid_queries_do_not_grow_with_the_villages(world, django_assert_max_num_queries, frozen):
    district = District.objects.create(province=world.provinces.lang_son, name="Cao Lộc")
    small = _commune_with_villages(district, "Xã nhỏ", 2)
    large = _commune_with_villages(district, "Xã lớn", 10)
    if frozen:
        for made in (small, large):
            Plan.objects.filter(pk=made.plan.pk).update(status=PlanStatus.SUBMITTED)
            made.plan = fresh(made.plan)
    counts = []
    for made in (small, large):
        plan = fresh(made.plan)
        with django_assert_max_num_queries(3):
            grid = village_grid(plan)
            assert [r.officer.name for r in grid.rows] == ["Nông Thị Lan"] * len(grid.rows)
            assert [r.target.village.name for r in grid.rows]
        counts.append(_queries(lambda plan=plan: village_grid(plan)))
    assert counts[0] == counts[1]


def test_district_rows_queries_do_not_grow_with_the_communes(world, django_assert_max_num_queries):
    small = District.objects.create(province=world.provinces.lang_son, name="Cao Lộc")
    large = District.objects.create(province=world.provinces.lang_son, name="Lộc Bình")
    for i in range(2):
        _commune_with_villages(small, f"Xã {i}", 3)
    for i in range(10):
        made = _commune_with_villages(large, f"Xã {i}", 3)
        if i % 2:
            made.plan.delete()  # communes without a plan too
    counts = []
    for district in (small, large):
        with django_assert_max_num_queries(6):
            rows, total = rollup.district_rows(district, YEAR)
            assert [r.status for r in rows] and total.households
        counts.append(_queries(lambda district=district: rollup.district_rows(district, YEAR)))
    assert counts[0] == counts[1]


# ---------------------------------------------------------------- the hot pages, with 2 and with 20 villages

# The pages' query counts as a logged-in user (session and user included), the same at n=2 and n=20.
QUERIES = {
    "commune": 14,  # + the review of the year shown and the next, and which of the two years have a registry
    "village": 16,  # the same two
    "plan_draft": 30,  # one of them reads the recent history (audit), one the outline, one the standard
    "plan_submitted": 28,
    "review_queue": 10,  # one of them finds the provinces whose table of communes the user may open
    "district_rollup": 17,
}


def expected(page: str) -> int:
    """QUERIES[page], or its vendor's number when the two databases differ."""
    value = QUERIES[page]
    return value[connection.vendor] if isinstance(value, dict) else value


def sized_world(world, n: int) -> SimpleNamespace:
    """A district of `n` communes with a signed draft each (exits and an officer per row); the first commune
    has `n` villages, its first village `n` households in the registry, the others typed counts."""
    district = DistrictFactory(province=world.provinces.lang_son, name="Cao Lộc")
    reviewer = ReviewerFactory(district=district)
    communes = CommuneFactory.create_batch(n, district=district)
    first = communes[0]
    villages = VillageFactory.create_batch(n, commune=first)
    official = OfficialFactory(commune=first)
    for i in range(n):
        make_household(official, villages[0], YEAR, income=1_000_000 + 100_000 * i, deprivations=i % 4, name=f"Hộ {i}")
    for village in villages[1:]:
        VillageCount.objects.create(village=village, year=YEAR, total_households=80, poor=3, near_poor=5)
    for commune in communes[1:]:
        village = VillageFactory(commune=commune)
        VillageCount.objects.create(village=village, year=YEAR, total_households=120, poor=6, near_poor=9)
    plans = []
    for commune in communes:
        by = official if commune == first else OfficialFactory(commune=commune)
        plan = sign(create_plan(by=by, commune=commune, year=YEAR), by)
        officer = Officer.objects.create(commune=commune, name="Nông Thị Lan")
        rows = {t.pk: {"exits_poor": 0, "exits_near_poor": 0, "officer": officer} for t in plan.village_targets.all()}
        plans.append(services.save_grid(by=by, plan=plan, version=plan.version, rows=rows))
    return SimpleNamespace(
        district=district, reviewer=reviewer, official=official, commune=first, village=villages[0], plans=plans
    )


def count_page(client, user, url: str) -> tuple[int, object]:
    """The number of queries answering `url` to `user`, and the response (which must be a 200)."""
    client.force_login(user)
    client.get(url)  # warm: the first request after login may rotate the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("n", [2, 20])
def test_the_hot_pages_ask_the_same_literal_number_of_queries_with_2_and_20_villages(world, client, n):
    made = sized_world(world, n)
    plan = made.plans[0]
    counts = {}

    counts["commune"], response = count_page(
        client, made.official, reverse("commune", args=[made.commune.pk]) + f"?year={YEAR}"
    )
    assert len(response.context["rows"]) == n

    counts["village"], response = count_page(
        client, made.official, reverse("village", args=[made.village.pk]) + f"?year={YEAR}"
    )
    assert len(response.context["page"].object_list) == n

    counts["plan_draft"], response = count_page(client, made.official, reverse("plan", args=[plan.pk]))
    assert page(response).count('id="village-table-total-households"') == 1
    assert len(re.findall(r'id="village-table-\d+-households"', page(response))) == n

    counts["review_queue"], response = count_page(client, made.reviewer, reverse("review_queue"))
    assert sorted(p.pk for p, _at in response.context["rows"]) == sorted(p.pk for p in made.plans)

    url = reverse("district_rollup", args=[made.district.pk, YEAR])
    counts["district_rollup"], response = count_page(client, made.reviewer, url)
    assert len(response.context["rows"]) == n
    assert response.context["total"].households == n + 80 * (n - 1) + 120 * (n - 1)

    plan = go(plan, made.official, "submit")
    counts["plan_submitted"], response = count_page(client, made.reviewer, reverse("plan", args=[plan.pk]))
    assert 'data-testid="do-approve"' in page(response)
    assert len(re.findall(r'id="village-table-\d+-households"', page(response))) == n

    assert counts == {name: expected(name) for name in QUERIES}


# ---------------------------------------------------------------- the home pages (what needs the user)

# As above, the same at n=2 and n=20: the official's home (its plan with an open comment, its commune's
# totals, the state of the planning year's plan) and the reviewer's (n communes, half of their plans submitted and waiting, the others late).
# The review and report lines (households.review_needs, plans.result_needs) add two queries each.
HOME_QUERIES = {"home_official": 19, "home_reviewer": 18}


@pytest.mark.parametrize("n", [2, 20])
def test_the_home_pages_ask_the_same_literal_number_of_queries_with_2_and_20_communes(world, client, n, monkeypatch):
    import datetime

    from plans.models import ReviewComment, Section
    from povertyplan import needs

    monkeypatch.setattr(needs, "local_today", lambda: datetime.date(YEAR, 3, 1))  # planning year YEAR, past due
    made = sized_world(world, n)
    for plan in made.plans[::2]:
        go(plan, OfficialFactory(commune=plan.commune), "submit")
    ReviewComment.objects.create(plan=made.plans[1], section=Section.HEADER, text="Sửa trích yếu.", by=made.reviewer)
    counts = {}

    official = OfficialFactory(commune=made.plans[1].commune)
    counts["home_official"], response = count_page(client, official, reverse("home"))
    assert [need.kind for need in response.context["needs"]] == ["plan_draft", "plan_comments"]

    counts["home_reviewer"], response = count_page(client, made.reviewer, reverse("home"))
    kinds = [need.kind for need in response.context["needs"]]
    assert kinds.count("plan_waiting") == len(made.plans[::2])
    late = n - len(made.plans[::2])
    assert kinds.count("commune_late") + kinds.count("communes_without_plan") == (late if late <= 8 else 1)
    assert len(response.context["rows"]) == n

    assert counts == HOME_QUERIES

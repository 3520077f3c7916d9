"""Two people acting at once: no server error on either database, a lost race is a conflict message.

Real threads, each with its own database connection (Django's connections are per thread), released
together by a barrier; every thread closes its connection at the end. On SQLite this relies on the
settings of STACK.md trap 16 (immediate transactions, a busy timeout, WAL).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from households.models import Commune, CommuneKind
from plans import services
from plans.models import Plan
from povertyplan.access import Role
from povertyplan.models import User
from tests.test_plans_views import form_fields

YEAR = 2024
pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs):
    """Run each callable in its own thread, all released at once; their results (or exceptions)."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def worker(i, job):
        try:
            barrier.wait(timeout=30)
            results[i] = job()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


def test_twenty_simultaneous_saves_from_different_communes_give_no_error(world):
    jobs, plans = [], []
    for i in range(20):
        commune = Commune.objects.create(
            province=world.provinces.lang_son, district=world.districts.van_quan, name=f"Xã {i}", kind=CommuneKind.XA
        )
        user = User.objects.create_user(
            username=f"xa.{i}", password="x", role=Role.OFFICIAL, commune=commune, province=world.provinces.lang_son
        )
        plan = services.create_plan(by=user, commune=commune, year=YEAR)
        plans.append(plan)
        client = Client()
        client.force_login(user)
        url = reverse("plan_edit", args=[plan.pk])
        body = form_fields(client.get(url), "plan-form") | {"general_goal": f"Mục tiêu của xã {i}."}
        jobs.append(lambda client=client, url=url, body=body: client.post(url, body).status_code)
    results = run_together(jobs)
    assert results == [302] * 20
    assert [Plan.objects.get(pk=p.pk).general_goal for p in plans] == [f"Mục tiêu của xã {i}." for i in range(20)]
    assert [Plan.objects.get(pk=p.pk).version for p in plans] == [p.version + 1 for p in plans]

"""The plan page numbers its outline as the PDF prints it (plans/document.py `printed_numbers`): a node the
PDF leaves out (no text, no part with rows, no printed sub-section) shows "không in" and no number, and
the nodes after it take the numbers the PDF gives them. Checked against the PDF's own text, read back with
pdftotext, for a plan with an empty section between two filled ones and for every seed plan (the demo world
and each seed's page and PDF made once for the module, inside a transaction rolled back at its end)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import Client, override_settings
from django.urls import reverse

from plans import outline
from reports.pdf import render_plan
from tests.support.pages import page
from tests.support.pdf_read import ReadPdf, save
from tests.support.world import fresh

pytestmark = pytest.mark.django_db

SEEDS = sorted((Path(__file__).resolve().parent.parent / "plans" / "data" / "seeds").glob("*.json"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "numbering"

_NODE = re.compile(
    r'data-level="(\d+)">.*?data-testid="node-title">([^<]*)</h[23]>(\s*<span[^>]*data-testid="not-printed")?',
    re.S,
)


def page_nodes(html: str) -> list[tuple[int, str, bool]]:
    """(level, title as shown, printed) of each node of the plan page's outline, in order."""
    return [(int(level), title.strip(), not badge) for level, title, badge in _NODE.findall(html)]


def as_printed(level: int, title: str) -> str:
    """The title as the PDF prints it: a section's heading in capitals."""
    return title.upper() if level == 1 else title


def assert_in_order(flat: str, needles: list[str]) -> None:
    """Each needle found in `flat` after the one before it, not inside a longer number ("I." within "II.")."""
    at = 0
    for needle in needles:
        found = re.compile(r"(?<!\S)" + re.escape(" ".join(needle.split()))).search(flat, at)
        assert found is not None, f"{needle!r} not printed after position {at}"
        at = found.end()


def test_an_empty_section_between_two_filled_ones_is_left_out_and_leaves_no_gap(plans, official, world):
    plan = plans.diem_he
    by = world.users.official_diem_he
    for key, text in (("purpose", "Giảm nghèo bền vững."), ("tasks", "Hỗ trợ sinh kế cho hộ nghèo.")):
        plan = fresh(plan)
        node = plan.outline.get(key=key)
        data = {name: getattr(node, name) for name in outline.EDITABLE} | {"text": text}
        outline.save_node(by=by, plan=plan, version=plan.version, key=key, data=data)
    plan = fresh(plan)
    assert not plan.projects.exists() and not plan.outline.get(key="projects").text  # the empty one

    nodes = page_nodes(page(official.get(reverse("plan", args=[plan.pk]))))
    flat = save(render_plan(plan), "numbering-gap").flat()

    printed = [as_printed(level, title) for level, title, shown in nodes if shown and level == 1]
    assert printed[:4] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. THỰC TRẠNG, NGUYÊN NHÂN NGHÈO",
        "III. MỤC TIÊU",
        "IV. NHIỆM VỤ VÀ GIẢI PHÁP",  # stored fifth, printed fourth: the projects section is empty
    ]
    assert_in_order(flat, [as_printed(level, title) for level, title, shown in nodes if shown])
    assert (1, "DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN", False) in nodes  # no number, "không in"
    assert "DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN" not in flat
    assert not re.search(r"(?<!\S)V\. NHIỆM VỤ", flat)


def test_the_outline_editor_shows_the_printed_number_beside_the_style(plans, official):
    html = page(official.get(reverse("plan_outline", args=[plans.diem_he.pk])))
    rows = re.findall(
        r'data-key="([a-z0-9-]+)" data-depth="\d+">.*?(data-testid="not-printed"|data-testid="outline-number"[^>]*>([^<]*)<)',
        html,
        re.S,
    )
    numbers = {key: (number if "outline-number" in mark else None) for key, mark, number in rows}
    assert numbers["purpose"] is None  # empty: not printed
    assert numbers["situation"] == "I."
    assert numbers["goals"] == "II."
    assert numbers["village-table"] == "1."


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """load_demo's world; per seed, its plan page's outline nodes and its PDF's text (one render each)."""
    from django.contrib.auth import get_user_model

    from plans.models import Plan
    from povertyplan import access

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=io.StringIO())
        # The plan's own official or reviewer when the demo has one, else the superuser.
        users = list(get_user_model().objects.filter(is_active=True).order_by("is_superuser", "username"))
        out = {}
        for path in SEEDS:
            data = json.loads(path.read_text(encoding="utf-8"))
            unit = data["unit"]
            if unit["level"] == "district":
                plan = Plan.objects.get(district__name=unit["name"], commune__isnull=True, year=data["year"])
            else:
                # Since 1 July 2025 the seed communes sit under their provinces, their district kept as former.
                under = Q(commune__district__name=unit["district"]) | Q(commune__former_district__name=unit["district"])
                plan = Plan.objects.get(under, commune__name=unit["name"], year=data["year"])
            user = next(u for u in users if access.can(u, access.VIEW, plan))
            client = Client()
            client.force_login(user)
            response = client.get(reverse("plan", args=[plan.pk]))
            assert response.status_code == 200
            pdf_path = ARTIFACTS / f"{path.stem}.pdf"
            pdf_path.write_bytes(render_plan(plan))
            out[path.stem] = {"nodes": page_nodes(page(response)), "flat": ReadPdf(pdf_path).flat()}
        yield out
        transaction.set_rollback(True)


@pytest.mark.parametrize("stem", [p.stem for p in SEEDS])
def test_each_seed_plan_page_numbers_its_headings_as_its_pdf(seeded, stem):
    nodes, flat = seeded[stem]["nodes"], seeded[stem]["flat"]
    shown = [as_printed(level, title) for level, title, printed in nodes if printed]
    assert shown and any(re.match(r"[IVX]+\. ", t) for t in shown)
    # Only headings are compared: a node without one ("—" on the page) prints its number before its first
    # paragraph.
    assert_in_order(flat, [t for t in shown if not re.fullmatch(r"\S+\.|\S+\)|[-+—]", t)])

"""The five seed plans (plans/data/seeds/*.json) loaded by `load_demo` as transcribed drafts, and their PDFs
read back as those plans: headings in order with the app's numbering, the table, Nơi nhận, the signature.

The demo world and the five PDFs are made once for the module (inside a transaction rolled back at its end);
each test runs in its own savepoint. PDFs and their pages (PNG) are kept under test-artifacts/seeds/.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.support.pdf_read import ReadPdf

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "seeds"
SEEDS = sorted((Path(__file__).resolve().parent.parent / "plans" / "data" / "seeds").glob("*.json"))


def _walk(nodes, out, depth=1):
    for node in nodes:
        out.append({**node, "depth": depth})
        _walk(node["children"], out, depth + 1)
    return out


def _plan_of(data):
    from plans.models import Plan

    unit = data["unit"]
    if unit["level"] == "district":
        return Plan.objects.get(district__name=unit["name"], commune__isnull=True, year=data["year"])
    # The seed names the district of its year: since 1 July 2025 the commune's former district.
    from plans.seed_plans import unit_of

    return Plan.objects.get(commune=unit_of(data)[0], year=data["year"])


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """load_demo's world, and each seed's JSON, plan id and PDF (read back), by file stem."""
    from reports.pdf import render_plan

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=io.StringIO())
        out = {}
        for path in SEEDS:
            data = json.loads(path.read_text(encoding="utf-8"))
            plan = _plan_of(data)
            pdf_path = ARTIFACTS / f"{path.stem}.pdf"
            pdf_path.write_bytes(render_plan(plan))
            pdf = ReadPdf(pdf_path)
            pdf.png()
            out[path.stem] = {"data": data, "plan_id": plan.pk, "pdf": pdf, "flat": pdf.flat()}
        yield out
        transaction.set_rollback(True)


def _printed_headings(plan) -> list[tuple[str, str]]:
    """(number, heading as printed) of each node with a heading the PDF prints, in order."""
    from reports.pdf.context import plan_context

    out = []

    def walk(nodes):
        for n in nodes:
            b = n.node
            if b.heading:
                heading = b.heading.upper() if b.level == 1 else b.heading
                out.append((n.number, heading))
            walk(n.children)

    walk(plan_context(plan)["body"])
    return out


def _in_order(flat: str, needles: list[str]) -> None:
    at = 0
    for needle in needles:
        found = flat.find(" ".join(needle.split()), at)
        assert found >= 0, f"{needle!r} not found after position {at}"
        at = found + 1


@pytest.mark.parametrize("stem", [p.stem for p in SEEDS])
def test_each_seed_loads_as_a_transcribed_draft_with_its_outline(seeded, stem):
    from plans.models import Plan, PlanStatus
    from plans.outline import in_order

    seed = seeded[stem]
    data, plan = seed["data"], Plan.objects.get(pk=seed["plan_id"])
    assert (plan.status, plan.transcribed, plan.year) == (PlanStatus.DRAFT, True, data["year"])
    nodes = [node for node, _depth in in_order(plan.outline.all())]
    expected = _walk(data["outline"], [])
    assert [(n.heading, n.style, n.part, n.text) for n in nodes] == [
        (e["heading"], e["style"], e["part"] or "", "\n".join(e["paragraphs"])) for e in expected
    ]
    assert len({n.key for n in nodes}) == len(nodes)
    assert plan.preamble == "\n".join(data["preamble"])
    assert [r.name for r in plan.recipients.all()] == [r["name"] for r in data["recipients"]]
    assert [r.unit for r in plan.responsibilities.all()] == [r["unit"] for r in data["responsibilities"]]
    assert [t.text for t in plan.targets.all()] == data["targets"]
    items = []
    for project in plan.projects.select_related("item__parent"):
        item = project.item
        parent = f" {item.parent.get_kind_display()} {item.parent.number}" if item.parent else ""
        items.append(f"{item.get_kind_display()} {item.number}{parent}")
    assert items == [p["item"] for p in data["projects"]]
    assert (plan.signer_name, plan.signer_deputy) == (
        data["signature"]["signer_name"],
        data["signature"]["signer_deputy"],
    )


@pytest.mark.parametrize("stem", [p.stem for p in SEEDS])
def test_each_pdf_prints_the_headings_in_order_then_recipients_and_signer(seeded, stem):
    from plans.document import document
    from plans.models import Plan
    from reports.pdf.context import listed

    seed = seeded[stem]
    plan, flat, data = Plan.objects.get(pk=seed["plan_id"]), seed["flat"], seed["data"]
    printed = _printed_headings(plan)
    # Every heading the seed prints is printed, in its order (sections in upper case), with the app's number.
    typed = [n["heading"].upper() if n["depth"] == 1 else n["heading"] for n in _walk(data["outline"], [])]
    assert [heading for _number, heading in printed] == [h for h in typed if h]
    assert all(number for number, _heading in printed[:1])  # section I is numbered
    headings = [f"{number} {heading}".strip() for number, heading in printed]
    _in_order(flat, [data["legal_bases"][0]["title"][:40], data["preamble"][0], *headings, data["closing"][:60]])
    # Nơi nhận beside the signature, on the last page of the body.
    _in_order(flat, ["Nơi nhận:", *listed(document(plan).recipients, prefix="- ")])
    last = seed["pdf"].text()
    assert data["signature"]["signer_name"] in last.split("Nơi nhận:", 1)[1]
    assert "DỰ THẢO" in seed["pdf"].page_text(1)
    assert "- - " not in flat and ":;" not in flat


def test_diem_he_table_totals_are_the_apps_computation(seeded):
    flat = seeded["000_diem_he_2024"]["flat"]
    # Households, poor, rate, exits, poor at the end, near-poor, rate, exits, near-poor at the end.
    assert "Tổng cộng 1.182 31 2,62 8 23 61 5,16 10 51" in flat
    # The per-village list stays the document's text, before the table.
    _in_order(flat, ["11. Thôn Trung Kiên: 0 hộ nghèo, 0 hộ cận nghèo", "Tổng cộng 1.182 31 2,62"])
    assert "Phụ lục" not in flat  # the table is printed in place, not in an annex


def test_ha_trung_keeps_its_printed_year_end_total(seeded):
    from plans.findings import plan_findings
    from plans.models import Plan

    seed = seeded["002_ha_trung_2024"]
    plan = Plan.objects.get(pk=seed["plan_id"])
    assert plan.printed_totals == seed["data"]["village_table"]["printed_totals"]
    errors = [(f.code, str(f.message)) for f in plan_findings(plan) if f.severity == "error"]
    assert errors == [("total_not_sum", "Dòng tổng cộng: số hộ nghèo cuối năm in 31 nhưng tổng các dòng là 22.")]
    assert "Tổng cộng 2.881 35 1,21 13 22" in seed["flat"]
    assert "Trịnh Đức Quân" in seed["flat"]  # the officer column, as printed


def test_di_su_annex_without_rows_prints_no_table(seeded):
    flat = seeded["003_di_su_2024"]["flat"]
    assert "(Phụ lục: Dự kiến tỷ lệ hộ nghèo phường Dị Sử năm 2024)." in flat  # the document's own line
    assert "Chi tiết tại Phụ lục" not in flat and "STT" not in flat and "Kèm theo Kế hoạch" not in flat


def test_district_plan_header_and_deputy_signature(seeded):
    seed = seeded["004_thanh_liem_2021"]
    first, last = seed["pdf"].page_text(1), seed["pdf"].text().split("Nơi nhận:", 1)[1]
    assert "HUYỆN THANH LIÊM" in first and "Thanh Liêm, ngày ... tháng ... năm 2021" in first
    assert "KT. CHỦ TỊCH" in last and "PHÓ CHỦ TỊCH" in last and "TM. ỦY BAN NHÂN DÂN" not in last


def test_projects_print_numbered_under_their_project(seeded):
    _in_order(
        seeded["001_xuan_hoa_2024"]["flat"],
        [
            "1. Dự án 2: Đa dạng hóa sinh kế",
            "a) Mục tiêu: Hỗ trợ đa dạng hóa sinh kế",
            "b) Đối tượng: - Người lao động",
            "2. Dự án 3: Hỗ trợ phát triển sản xuất, cải thiện dinh dưỡng",
            "2.1. Tiểu dự án 1: Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp",
            "2.2. Tiểu dự án 2: Cải thiện dinh dưỡng",
        ],
    )


def test_load_demo_creates_five_plans_each_recorded_once(seeded):
    from plans.models import Plan
    from povertyplan.audit.models import Action, Entry

    plans = Plan.objects.order_by("pk")
    assert sorted(str(p) for p in plans) == sorted(
        [
            "Kế hoạch năm 2024 – xã Điềm He",
            "Kế hoạch năm 2024 – xã Xuân Hoà",
            "Kế hoạch năm 2024 – thị trấn Hà Trung",
            "Kế hoạch năm 2024 – phường Dị Sử",
            "Kế hoạch năm 2021 – huyện Thanh Liêm",
        ]
    )
    entries = Entry.objects.filter(action=Action.PLAN_CREATE).order_by("object_id")
    assert [(e.object_id, e.reason[:39]) for e in entries] == [
        (p.pk, "Nạp kế hoạch mẫu từ văn bản đã ban hành") for p in plans
    ]
    assert {e.actor_username for e in entries} == {"xa.diemhe", "xa.hatrung", "admin"}


def test_loading_twice_changes_nothing(seeded):
    from plans.demo import load_plan_demo
    from plans.models import Officer, OutlineNode, Plan, VillageTarget
    from povertyplan.audit.models import Entry

    def counts():
        models = (Plan, OutlineNode, VillageTarget, Officer, Entry)
        return [m.objects.count() for m in models], list(Plan.objects.values_list("pk", "version"))

    before = counts()
    load_plan_demo()
    assert counts() == before


def test_an_unknown_program_item_is_refused_by_name_and_nothing_is_kept(seeded, tmp_path):
    from plans.models import Plan
    from plans.seed_plans import SeedError, load_seed
    from povertyplan.models import User

    data = json.loads(SEEDS[1].read_text(encoding="utf-8"))
    data["year"], data["projects"][0]["item"] = 2023, "Dự án 99"
    path = tmp_path / "xuan_hoa_2023.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SeedError, match="no program item 'Dự án 99'"):
        load_seed(path, by=User.objects.get(username="admin"))
    assert not Plan.objects.filter(commune__name="Xuân Hoà", year=2023).exists()


def test_preamble_on_the_page_and_copied_into_next_years_plan(seeded, client):
    from plans.creation import create_plan
    from plans.models import Plan
    from povertyplan.models import User

    plan = Plan.objects.get(pk=seeded["000_diem_he_2024"]["plan_id"])
    official = User.objects.get(username="xa.diemhe")
    client.force_login(official)
    page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert page.index("Thực hiện Kế hoạch số 105/KH-UBND") < page.index(plan.preamble) < page.index("THỰC TRẠNG")
    following = create_plan(by=official, commune=plan.commune, year=2025)
    assert following.preamble == plan.preamble


def test_diem_he_seed_plan_goes_round_trip_once_its_printed_rate_is_corrected(seeded):
    import datetime
    from decimal import Decimal

    from plans import services
    from plans.models import Plan, PlanStatus
    from povertyplan.models import User
    from tests.support.plans import go

    users = {u.username: u for u in User.objects.filter(username__in=["xa.diemhe", "huyen.vanquan"])}
    plan = Plan.objects.get(pk=seeded["000_diem_he_2024"]["plan_id"])
    assert plan.error_count == 1  # Nà Súng's near-poor rate printed 0,93
    na_sung = plan.village_targets.get(village__name="Nà Súng")
    plan = services.save_grid(
        by=users["xa.diemhe"],
        plan=plan,
        version=plan.version,
        rows={na_sung.pk: {"printed_near_poor_rate": Decimal("6.63")}},
    )
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.error_count == 0
    plan = go(plan, users["xa.diemhe"], "submit")
    plan = go(plan, users["huyen.vanquan"], "approve")
    plan = go(plan, users["xa.diemhe"], "issue", number=12, issue_date=datetime.date(2024, 4, 15))
    assert (plan.status, plan.number, plan.preamble) == (
        PlanStatus.ISSUED,
        12,
        seeded["000_diem_he_2024"]["data"]["preamble"][0],
    )

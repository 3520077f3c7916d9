"""The next year's plan carries over the texts, officers and parts of the latest plan before it."""

from __future__ import annotations

import datetime

import pytest

from households.models import VillageCount
from plans import services
from plans.creation import PLAN_COPY_FIELDS, create_plan
from plans.grid import village_grid
from plans.models import (
    FundingSource,
    LegalBasis,
    Officer,
    PlanProject,
    ProgramItem,
    Recipient,
    ReportingItem,
    Responsibility,
    Target,
)
from tests.support.plans import YEAR, node_text, set_text, targets_by_village
from tests.support.world import fresh

TEXTS = {
    "purpose": "Triển khai có hiệu quả Chương trình.",
    "situation": "Nguyên nhân nghèo: thiếu vốn, thiếu đất sản xuất.",
    "goals": "Giảm nghèo bền vững, hạn chế tái nghèo.",
    "tasks": "Tuyên truyền, vận động.",
    "funding": "Lồng ghép các nguồn vốn.",
}


@pytest.fixture
def plan_2024(world):
    """Điềm He's 2024 plan with every part filled in."""
    official = world.users.official_diem_he
    diem_he = world.communes.diem_he
    plan = create_plan(by=official, commune=diem_he, year=YEAR)
    for key, text in TEXTS.items():
        set_text(plan, key, text)
    plan.outline.create(key="previous", order=9, heading="KẾT QUẢ NĂM TRƯỚC", text="Năm 2023 giảm 9 hộ nghèo.")
    plan = services.save_plan_fields(
        by=official,
        plan=plan,
        version=plan.version,
        data={
            "closing": "Trên đây là Kế hoạch.",
            "signer_name": "Hoàng Thị Hiếu",
            "signer_deputy": True,
        },
    )
    lan = Officer.objects.create(commune=diem_he, name="Nông Thị Lan")
    tung = Officer.objects.create(commune=diem_he, name="Hoàng Văn Tùng")
    targets = targets_by_village(plan)
    plan = services.save_grid(
        by=official,
        plan=plan,
        version=plan.version,
        rows={
            targets[world.villages.na_sung.pk].pk: {"exits_poor": 1, "officer": lan},
            targets[world.villages.thong_nhat.pk].pk: {"exits_poor": 2, "exits_near_poor": 3, "officer": tung},
        },
    )
    plan.recipients.all().delete()
    Recipient.objects.create(plan=plan, order=1, name="UBND huyện Văn Quan", purpose="b/c")
    Recipient.objects.create(plan=plan, order=2, name="Lưu: VT")
    plan.reporting.all().delete()
    ReportingItem.objects.create(plan=plan, order=1, what="Báo cáo 6 tháng", due_date=datetime.date(2024, 6, 20))
    ReportingItem.objects.create(plan=plan, order=2, what="Danh sách hộ", due_date=datetime.date(2024, 2, 29))
    ReportingItem.objects.create(plan=plan, order=3, what="Báo cáo đột xuất", due_text="khi có yêu cầu")
    Responsibility.objects.create(plan=plan, order=1, unit="Công chức LĐ-TB&XH", tasks="Tham mưu.\nTổng hợp.")
    FundingSource.objects.create(plan=plan, order=1, source="Ngân sách trung ương", amount=150_000_000, note="DA 1")
    FundingSource.objects.create(plan=plan, order=2, source="Vốn vay NHCSXH", amount=2_000_000_000)
    LegalBasis.objects.create(plan=plan, order=1, doc_type="Quyết định", doc_number="90/QĐ-TTg")
    Target.objects.create(plan=plan, order=1, text="100% hộ nghèo được cấp thẻ BHYT.")
    item = ProgramItem.objects.filter(version=plan.program).order_by("order").first()
    PlanProject.objects.create(plan=plan, order=1, item=item, objective="Hỗ trợ sinh kế.", lead_body="UBND xã")
    return fresh(plan)


def test_next_years_plan_carries_over_texts_officers_and_parts(plan_2024, world):
    VillageCount.objects.create(village=world.villages.na_sung, year=2025, total_households=3, poor=1)
    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2025)

    assert plan.previous == plan_2024 and plan.program == plan_2024.program
    for name in PLAN_COPY_FIELDS:
        assert getattr(plan, name) == getattr(plan_2024, name), name
    assert {key: node_text(plan, key) for key in TEXTS} == TEXTS
    assert node_text(plan, "previous") == ""  # last year's results are not this year's
    assert "2025" in plan.summary
    assert {t.village_id: t.officer.name for t in plan.village_targets.select_related("officer")} == {
        world.villages.na_sung.pk: "Nông Thị Lan",
        world.villages.thong_nhat.pk: "Hoàng Văn Tùng",
    }
    # Targets start again not stated (None, not 0); start figures come from the 2025 counts.
    assert set(plan.village_targets.values_list("exits_poor", "exits_near_poor")) == {(None, None)}
    grid = {r.key: (r.households, r.poor_start) for r in village_grid(plan).rows}
    assert grid == {world.villages.na_sung.pk: (3, 1), world.villages.thong_nhat.pk: (None, None)}

    assert list(plan.recipients.values_list("order", "name", "purpose")) == [
        (1, "UBND huyện Văn Quan", "b/c"),
        (2, "Lưu: VT", ""),
    ]
    assert list(plan.responsibilities.values_list("unit", "tasks")) == [("Công chức LĐ-TB&XH", "Tham mưu.\nTổng hợp.")]
    assert list(plan.reporting.values_list("what", "due_date", "due_text")) == [
        ("Báo cáo 6 tháng", datetime.date(2025, 6, 20), ""),
        ("Danh sách hộ", datetime.date(2025, 2, 28), ""),
        ("Báo cáo đột xuất", None, "khi có yêu cầu"),
    ]
    assert list(plan.funding_sources.values_list("source", "amount", "note")) == [
        ("Ngân sách trung ương", None, "DA 1"),
        ("Vốn vay NHCSXH", None, ""),
    ]
    assert list(plan.legal_bases.values_list("doc_type", "doc_number")) == [("Quyết định", "90/QĐ-TTg")]
    assert list(plan.targets.values_list("text", flat=True)) == ["100% hộ nghèo được cấp thẻ BHYT."]
    assert list(plan.projects.values_list("item", "objective", "lead_body")) == [
        (plan_2024.projects.get().item_id, "Hỗ trợ sinh kế.", "UBND xã")
    ]
    # The 2024 plan keeps its own rows.
    assert plan_2024.funding_sources.filter(amount__isnull=False).count() == 2
    assert plan_2024.reporting.filter(due_date__year=2024).count() == 2


def test_projects_of_another_program_version_are_mapped_into_the_plans_program_and_said_so(plan_2024, world):
    """2026 belongs to the 2026-2035 program: the 2021-2025 project (Dự án 1, infrastructure) becomes the
    component content the data maps it to (plans/data/government.py), with a note; the rest carries."""
    plan_2025 = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2025)
    plan_2026 = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2026)
    assert plan_2026.previous == plan_2025
    assert plan_2026.program != plan_2024.program
    assert plan_2025.projects.count() == 1
    [project] = plan_2026.projects.select_related("item__parent")
    assert (project.item.version, project.item.parent.number, project.item.number) == (plan_2026.program, "1", "2")
    assert (project.objective, project.lead_body) == ("Hỗ trợ sinh kế.", "UBND xã")
    assert [n for n in plan_2026.creation_notes if "Nội dung thành phần 2" in n]
    assert plan_2026.recipients.count() == 2


def test_a_plan_skipping_a_year_carries_from_the_latest_before_it(plan_2024, world):
    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2026)
    assert plan.previous == plan_2024
    assert [d.year for d in plan.reporting.exclude(due_date=None).values_list("due_date", flat=True)] == [2026, 2026]

"""The 2027 plan under the two-level government: what a new plan names (parent body, recipients, program,
standard), the stale year texts carried over from earlier plans (the seeds carried to 2027, and a corpus
of sentences that must not be flagged), and the province's table of its communes (page, Excel, PDF)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.lookups import standard_for
from households.models import Commune, District, VillageCount
from plans import rollup
from plans.checks import CarriedText, YearTexts
from plans.checks_years import check_year_texts
from plans.creation import create_plan
from plans.findings import plan_findings
from plans.models import LegalBasis, Plan, PlanEvent, PlanProject, ProgramItem, Recipient
from povertyplan.access import Role
from povertyplan.models import User
from reports.pdf import render_plan, render_rollup
from reports.xlsx import exports
from tests.support.pages import flash, page
from tests.support.pdf_read import save
from tests.support.plans import make_commune

pytestmark = pytest.mark.django_db

YEAR_CODES = ("stale_year_text", "abolished_unit_text", "old_program_basis")


def under_province(*communes: Commune) -> None:
    """The reform as the units data records it: the commune's district is kept as its former district."""
    for commune in communes:
        if commune.district is None:  # the demo records the reform already
            continue
        commune.former_district, commune.district = commune.district, None
        commune.save()


@pytest.fixture
def reformed(world, plans):
    """Điềm He's 2024 plan (with a recipient and a project of the old structure), then Văn Quan abolished."""
    old = plans.diem_he
    Recipient.objects.create(plan=old, order=2, name="Phòng LĐ-TB&XH huyện", purpose=Recipient.Purpose.REPORT)
    job = ProgramItem.objects.get(version__code="mtqg-gnbv-2021-2025", parent__number="4", number="3")
    housing = ProgramItem.objects.get(version__code="mtqg-gnbv-2021-2025", parent=None, number="5")
    PlanProject.objects.create(plan=old, order=1, item=job, objective="Hỗ trợ việc làm cho 10 lao động.")
    PlanProject.objects.create(plan=old, order=2, item=housing)
    LegalBasis.objects.create(
        plan=old, order=1, doc_type="Quyết định", doc_number="90/QĐ-TTg", title="về phê duyệt Chương trình"
    )
    under_province(world.communes.diem_he, world.communes.tri_le)
    world.communes.diem_he.refresh_from_db()
    reviewer = User.objects.create_user(
        username="tinh.langson.sld", password="x", role=Role.REVIEWER, province=world.provinces.lang_son
    )
    return reviewer


def test_a_2027_plan_of_diem_he_names_the_province_level_the_new_program_and_standard(world, plans, reformed):
    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2027)
    assert plan.previous == plans.diem_he
    # Header: no district above the commune (a People's Committee under its province prints none).
    assert (plan.parent_body, plan.issuing_body) == ("", "ỦY BAN NHÂN DÂN XÃ ĐIỀM HE")
    assert plan.program.code == "mtqg-ntm-gnbv-dtts-2026-2035" and plan.program.first_year == 2026
    assert "năm 2027 trên địa bàn xã Điềm He" in plan.summary and "huyện" not in plan.summary
    assert standard_for(2027).name == "Chuẩn nghèo đa chiều giai đoạn 2026-2030"
    assert standard_for(2027).rural_poverty_line == 2_200_000
    # Recipients: the district's bodies replaced by the province's, each replacement reported.
    names = list(plan.recipients.values_list("name", flat=True))
    assert names[0] == "UBND tỉnh Lạng Sơn" and "Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn" in names
    assert not [n for n in names if "huyện" in n.casefold()]
    assert [to for to in plan.reporting.values_list("to_whom", flat=True)] == ["UBND tỉnh Lạng Sơn"] * 4
    notes = plan.creation_notes
    assert (
        "Cơ quan chủ quản: “UBND HUYỆN VĂN QUAN” được thay bằng “(không ghi)” (theo đơn vị hành chính năm 2027)."
        in notes
    )
    assert (
        "Nơi nhận: “UBND huyện Văn Quan” được thay bằng “UBND tỉnh Lạng Sơn” (không còn huyện Văn Quan từ "
        "01/7/2025): hãy kiểm tra lại." in notes
    )
    # Projects: the old Dự án 4 sub-project mapped into the new program, housing (Dự án 5) dropped: said so.
    [project] = plan.projects.select_related("item__parent")
    assert (project.item.version_id, project.item.parent.number, project.item.number) == (plan.program_id, "1", "4")
    assert project.objective == "Hỗ trợ việc làm cho 10 lao động."
    assert any(n.startswith("“Dự án 5: Hỗ trợ nhà ở") and n.endswith("không chuyển sang.") for n in notes)
    assert PlanEvent.objects.get(plan=plan).reason.startswith("Lập kế hoạch. Cơ quan chủ quản:")
    # No 2027 review yet: the start figures are unknown (not 0), and the plan says so per village.
    findings = plan_findings(plan)
    missing = [f for f in findings if f.code == "missing_counts"]
    assert len(missing) == 2 and "chưa có số liệu hộ năm 2027" in missing[0].message
    # The projects section's heading carried over names the old program's kinds.
    [structure] = [f for f in findings if f.code == "old_program_structure"]
    assert structure.anchor == "text:projects"
    assert structure.message == (
        "DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN: tên mục theo Chương trình cũ; Chương trình năm 2027 gồm Hợp phần, "
        "Nội dung thành phần."
    )
    # The old program's decision carried among the legal bases is flagged.
    [old_basis] = [f for f in findings if f.code == "old_program_basis"]
    assert old_basis.anchor == "legal" and "“90/QĐ-TTg”" in old_basis.message


def test_a_first_2027_plan_names_the_new_programs_kinds_and_reports_to_the_province(world):
    under_province(world.communes.diem_he)
    world.communes.diem_he.refresh_from_db()
    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2027)
    assert plan.previous is None and plan.creation_notes == []
    assert plan.outline.get(key="projects").heading == "HỢP PHẦN, NỘI DUNG THÀNH PHẦN THỰC HIỆN"
    assert list(plan.recipients.values_list("name", flat=True))[:2] == [
        "UBND tỉnh Lạng Sơn",
        "Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn",
    ]
    assert not [f for f in plan_findings(plan) if f.code in ("old_program_structure", "stale_year_text")]


def test_the_2027_plans_pdf_header_and_recipients_name_no_district(world, plans, reformed):
    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2027)
    pdf = save(render_plan(plan), "plan-2027-diem-he")
    first = " ".join(pdf.page_text(1).split())
    header = first.split("KẾ HOẠCH", 1)[0]  # the two header columns, read line by line
    assert "ỦY BAN NHÂN DÂN" in header and "XÃ ĐIỀM HE" in header and "Số: .../KH-UBND" in header
    assert "HUYỆN" not in header.upper()
    assert "năm 2027" in first
    flat = " ".join(pdf.text().split())
    assert "UBND tỉnh Lạng Sơn" in flat and "Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn" in flat


def test_the_2027_plans_page_names_its_program_and_the_2027_standard(world, plans, reformed, client):
    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2027)
    client.force_login(world.users.official_diem_he)
    content = page(client.get(reverse("plan", args=[plan.pk])))
    assert (
        "Chương trình: Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát triển "
        "kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026-2035" in content
    )
    assert "Chuẩn nghèo: Chuẩn nghèo đa chiều giai đoạn 2026-2030 (Nghị định số 351/2025/NĐ-CP" in content


def test_the_commune_page_offers_2027_and_shows_what_was_replaced(world, plans, reformed, client):
    client.force_login(world.users.official_diem_he)
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    assert '<option value="2027"' in page(client.get(url))
    messages = flash(client.post(url, {"year": "2027"}))
    assert messages[0] == "Đã lập dự thảo kế hoạch năm 2027."
    assert any(
        "“Phòng LĐ-TB&XH huyện” được thay bằng “Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn”" in m for m in messages
    )


# ---------------------------------------------------------------- stale year texts: no false alarms


def _flags(text: str, *, year=2027, source=2026, previous=False, legal=False, **extra) -> list[str]:
    years = YearTexts(
        year=year,
        source_year=source,
        texts=(CarriedText(anchor="text:x", where="X", text=text, previous_results=previous, legal_basis=legal),),
        **extra,
    )
    return [f.code for f in check_year_texts(years)]


@pytest.mark.parametrize(
    "text, options",
    [
        ("Quyết định số 12/QĐ-UBND ngày 10/01/2026 của UBND tỉnh", {"legal": True}),
        ("Kế hoạch số 105/KH-UBND ngày 22 tháng 3 năm 2026 của UBND tỉnh", {}),
        ("Năm 2026 toàn xã đã giảm 8 hộ nghèo, đạt 100% kế hoạch.", {"previous": True}),
        ("Theo kết quả rà soát cuối năm 2026, toàn xã có 31 hộ nghèo.", {}),
        ("Thực hiện Nghị định số 351/2025/NĐ-CP của Chính phủ.", {}),
        ("Giai đoạn 2016-2020 xã đã giảm 120 hộ nghèo.", {"source": 2024}),
        (
            "Chuẩn nghèo đa chiều giai đoạn 2022-2025 còn áp dụng.",
            {"year": 2026, "source": 2025, "periods": ((2022, 2025),)},
        ),
        ("về công tác giảm nghèo bền vững đến năm 2023", {"source": 2024, "legal": True}),
        ("Kế hoạch của UBND huyện Văn Quan", {"legal": True, "abolished": ("huyện Văn Quan",)}),
        ("Phấn đấu đến năm 2030 không còn hộ nghèo.", {"source": 2024}),
    ],
)
def test_dates_numbers_last_years_results_and_old_documents_are_not_flagged(text, options):
    assert _flags(text, **options) == []


@pytest.mark.parametrize(
    "text, options, code",
    [
        ("Phấn đấu trong năm 2026 giảm 8 hộ nghèo.", {}, "stale_year_text"),
        ("Đến cuối năm 2024 giảm tỷ lệ hộ nghèo.", {"source": 2024}, "stale_year_text"),
        ("Đầu năm 2025 toàn xã có 31 hộ nghèo.", {"source": 2026, "year": 2027}, "stale_year_text"),
        ("Thực hiện Chương trình giai đoạn 2021-2025.", {"source": 2024}, "stale_year_text"),
        ("Phòng Văn hóa huyện Văn Quan phối hợp.", {"abolished": ("huyện Văn Quan",)}, "abolished_unit_text"),
        (
            "Quyết định số 90/QĐ-TTg của Thủ tướng",
            {"legal": True, "old_programs": (("90/QĐ-TTg", "Chương trình 2021-2025"),)},
            "old_program_basis",
        ),
    ],
)
def test_the_plans_own_old_year_period_unit_and_program_are_flagged(text, options, code):
    assert _flags(text, **options) == [code]


def test_a_projects_heading_is_flagged_only_when_it_names_none_of_the_programs_kinds():
    def structure(heading):
        item = CarriedText(anchor="text:projects", where=heading, text=heading, projects_heading=True)
        kinds = {"old_kinds": ("Dự án", "Tiểu dự án"), "kinds": ("Hợp phần", "Nội dung thành phần")}
        return [f.code for f in check_year_texts(YearTexts(year=2027, texts=(item,), **kinds))]

    assert structure("DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN") == ["old_program_structure"]
    assert structure("Các nội dung thành phần thực hiện") == []
    assert structure("NỘI DUNG THỰC HIỆN") == []


def test_a_text_carried_unchanged_through_two_plans_still_flags_the_first_ones_year():
    text = "Trên đây là kế hoạch thực hiện chương trình giảm nghèo năm 2024 của UBND xã."
    assert _flags(text, source=2026, carried_years=(2026, 2024)) == ["stale_year_text"]
    assert _flags(text, source=2026) == []  # the nearest year alone: 2024 looked like another year


def test_the_carried_years_follow_the_chain_of_plans_up_and_skip_revisions(world, plans, reformed):
    from plans.year_texts import carried_years

    by, commune = world.users.official_diem_he, world.communes.diem_he
    closing = "Trên đây là kế hoạch thực hiện chương trình giảm nghèo năm 2024 của UBND xã Điềm He./."
    Plan.objects.filter(pk=plans.diem_he.pk).update(closing=closing)
    middle = create_plan(by=by, commune=commune, year=2026)
    last = create_plan(by=by, commune=commune, year=2027)
    assert (middle.previous, last.previous) == (plans.diem_he, middle)
    assert (carried_years(middle), carried_years(last), carried_years(plans.diem_he)) == ((2024,), (2026, 2024), ())
    assert last.closing == closing  # carried unchanged through the 2026 plan
    [stale] = [f for f in plan_findings(last) if f.code == "stale_year_text" and f.anchor == "signature"]
    assert stale.message == (
        "Câu kết: văn bản chuyển từ kế hoạch năm 2026 còn ghi “năm 2024”; kế hoạch này là của năm 2027: "
        "hãy kiểm tra lại."
    )


def test_a_plan_not_carried_over_has_no_year_flags(world):
    assert _flags("Phấn đấu trong năm 2026 giảm 8 hộ nghèo.", source=None) == []


def test_the_year_scan_reads_a_long_text_in_bounded_chunks():
    from plans import checks_years

    sentence = "Năm 2026 toàn xã có 31 hộ nghèo, " * 2000  # ~70 kB, no sentence end
    assert checks_years._CHUNK.findall(sentence) and max(map(len, checks_years._CHUNK.findall(sentence))) <= 2000
    assert _flags(sentence) == ["stale_year_text"]


# ---------------------------------------------------------------- the province's table of its communes


def _province_world(world, reformed):
    """Two more Lạng Sơn communes under no district (2027 counts typed), besides Điềm He and Tri Lễ."""
    made = []
    for name, households in (("Hoàng Văn Thụ", 100), ("Tân Đoàn", 60)):
        m = make_commune(world.districts.van_quan, name, [("Thôn Nà Pò", "thon", households, 5, 6)], year=2027)
        under_province(m.commune)
        made.append(m)
    VillageCount.objects.create(village=world.villages.na_sung, year=2027, total_households=170, poor=6, near_poor=9)
    VillageCount.objects.create(village=world.villages.thong_nhat, year=2027, total_households=80, poor=3, near_poor=10)
    return made


def test_the_province_rollup_of_2027_sums_its_communes(world, plans, reformed, client):
    _province_world(world, reformed)
    made = rollup.province_rollup(world.provinces.lang_son, 2027)
    assert [r.label for r in made.rows] == ["xã Điềm He", "xã Hoàng Văn Thụ", "xã Tân Đoàn", "xã Tri Lễ"]
    assert made.groups == []
    # Tri Lễ has no village: its households are unknown, so is the province's total; poor of the others.
    assert [r.households for r in made.rows] == [250, 100, 60, None]
    assert made.total.households is None
    client.force_login(reformed)
    response = client.get(reverse("province_rollup", args=[world.provinces.lang_son.pk, 2027]))
    assert response.status_code == 200
    assert 'data-testid="rollup-table"' in page(response)
    client.force_login(world.users.official_diem_he)
    assert client.get(reverse("province_rollup", args=[world.provinces.lang_son.pk, 2027])).status_code == 404


def test_the_province_rollup_of_2024_is_grouped_by_the_district_of_that_year(world, plans, reformed):
    made = rollup.province_rollup(world.provinces.lang_son, 2024)
    [(district, rows, subtotal)] = made.groups
    assert district == world.districts.van_quan
    assert [r.label for r in rows] == ["xã Điềm He", "xã Tri Lễ"]
    _rows, van_quan_total = rollup.district_rows(world.districts.van_quan, 2024)
    assert subtotal.label == "Cộng huyện Văn Quan"
    assert (subtotal.poor_start, subtotal.exits_poor) == (van_quan_total.poor_start, van_quan_total.exits_poor)


def test_the_province_rollup_page_of_2024_shows_each_district_of_that_year_and_unique_cells(
    world, plans, reformed, client
):
    client.force_login(reformed)
    content = page(client.get(reverse("province_rollup", args=[world.provinces.lang_son.pk, 2024])))
    assert content.count('data-testid="rollup-group"') == 1 and ">huyện Văn Quan</h2>" in content
    assert "Cộng huyện Văn Quan" in content and 'data-testid="province-district-totals"' in content
    totals = content.split('data-testid="province-district-totals"', 1)[1]
    assert "<th>Huyện</th>" in totals.split("</thead>", 1)[0]
    ids = re.findall(r' id="([^"]+)"', content)
    assert len(ids) == len(set(ids))


def test_the_province_rollup_excel_has_the_pages_rows_and_total(world, plans, reformed):
    _province_world(world, reformed)
    export = exports.province_rollup(world.provinces.lang_son, 2027)
    assert export.filename == "Tong-hop-2027-tinh-Lang-Son.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert ws["A2"].value == "BẢNG TỔNG HỢP CHỈ TIÊU GIẢM NGHÈO NĂM 2027 THEO XÃ – TỈNH LẠNG SƠN"
    labels = [ws.cell(row, 2).value for row in range(6, 11)]
    assert labels == ["xã Điềm He", "xã Hoàng Văn Thụ", "xã Tân Đoàn", "xã Tri Lễ", "Toàn tỉnh"]
    assert [ws.cell(row, 3).value for row in range(6, 10)] == [250, 100, 60, None]
    assert ws.cell(10, 3).value is None  # unknown, not 410: Tri Lễ's households are not known


def test_the_province_rollup_pdf_lists_the_communes_of_2027(world, plans, reformed, client):
    _province_world(world, reformed)
    pdf = save(render_rollup(world.provinces.lang_son, 2027), "rollup-province-2027")
    flat = " ".join(pdf.text().split())
    assert "TỔNG HỢP KẾ HOẠCH GIẢM NGHÈO NĂM 2027 – TỈNH LẠNG SƠN" in flat
    assert "xã Hoàng Văn Thụ 100" in flat and "Toàn tỉnh" in flat
    client.force_login(reformed)
    response = client.get(reverse("province_rollup_pdf", args=[world.provinces.lang_son.pk, 2027]))
    assert response["Content-Disposition"] == 'attachment; filename="Tong-hop-2027-tinh-Lang-Son.pdf"'


def test_the_province_rollup_asks_the_same_queries_for_2_and_6_communes(world, plans, reformed):
    lang_son = world.provinces.lang_son
    with CaptureQueriesContext(connection) as few:
        rollup.province_rollup(lang_son, 2024)
    other = District.objects.create(province=lang_son, name="Cao Lộc")
    for i in range(4):
        make_commune(other, f"Xã {i}", [("Thôn 1", "thon", 50, 2, 3)])
    with CaptureQueriesContext(connection) as many:
        made = rollup.province_rollup(lang_son, 2024)
    assert len(made.rows) == 6 and len(made.groups) == 2
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_review_queue_links_each_plan_to_the_rollup_of_its_year(world, plans, client):
    client.force_login(world.users.reviewer_van_quan)
    content = page(client.get(reverse("review_queue")))
    # The plans of the queue are of 2024: the links open 2024's table, not this year's.
    assert content.count(reverse("district_rollup", args=[world.districts.van_quan.pk, 2024])) == 2  # header, row
    assert 'data-testid="row-rollup"' in content


def test_a_province_reviewer_finds_the_province_rollup_and_the_district_of_the_plans_year(
    world, plans, reformed, client
):
    client.force_login(reformed)
    content = page(client.get(reverse("review_queue")))
    assert 'data-testid="province-rollup-link"' in content
    assert reverse("province_rollup", args=[world.provinces.lang_son.pk, 2024]) in content
    # Điềm He's 2024 plan was under Văn Quan then: its row opens Văn Quan's table of 2024.
    assert f'href="{reverse("district_rollup", args=[world.districts.van_quan.pk, 2024])}" title=' in content


def test_a_district_reviewer_does_not_open_a_province_table_with_communes_outside_the_district(world, plans, client):
    make_commune(District.objects.create(province=world.provinces.lang_son, name="Cao Lộc"), "Hợp Thành", [])
    client.force_login(world.users.reviewer_van_quan)
    assert client.get(reverse("province_rollup", args=[world.provinces.lang_son.pk, 2024])).status_code == 404
    assert 'data-testid="province-rollup-link"' not in page(client.get(reverse("review_queue")))

"""The results pages as their people see them: the plan's reports, a report's table and charts (the same SVG
in the page and in the PDF, bars visible on the rendered page), its PDF read back, its Excel read back with
the formulas' values, the area page with those behind their targets first, access and query counts."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from plans import results
from plans.result_models import Period, ResultReport
from reports.pdf.results import report_html
from tests.support.factories import VillageFactory
from tests.support.issued import artifact, pdf_text
from tests.support.pages import page
from tests.support.results import issued_with_targets, reassess
from tests.support.world import fresh
from tests.support.xlsx_eval import as_decimal
from tests.support.xlsx_eval import value as cell_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(plans, world):
    """Điềm He 2024 issued (targets Nà Súng 1 + 1, Thống Nhất 2 + 3), its 2025 review done in Nà Súng
    (the poor household left poverty, the near-poor one did not), Thống Nhất typed: 1 and 3."""
    official = world.users.official_diem_he
    plan = issued_with_targets(plans, world, {world.villages.na_sung: (1, 1), world.villages.thong_nhat: (2, 3)})
    reassess(official, fresh(world.households.diem_he_poor), 2025, income=1_700_000)
    reassess(official, fresh(world.households.diem_he_near), 2025, income=1_450_000, deprivations=1)
    report = results.start_report(by=official, plan=plan, period=Period.ANNUAL, version=plan.version)
    row = report.rows.get(village=world.villages.thong_nhat)
    rows = {row.pk: {"escaped_poverty": 1, "escaped_near_poverty": 3, "newly_poor": 0, "newly_near_poor": None}}
    return results.save_rows(by=official, report=report, version=report.version, rows=rows)


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, flags=re.S)


def _cells(html: str, key) -> list[str]:
    row = re.search(rf'<tr data-key="{key}"[^>]*>(.*?)</tr>', html, flags=re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r'<td class="num" data-col="[^"]+">(.*?)</td>', row)]


def test_the_report_page_shows_each_village_against_its_targets_with_the_charts(report, world, official):
    html = page(official.get(reverse("result_report", args=[report.pk])))
    na_sung, thong_nhat = world.villages.na_sung.pk, world.villages.thong_nhat.pk
    # poor start, target, achieved, %, near start, target, achieved, %, newly poor, newly near-poor
    assert _cells(html, na_sung) == ["1", "1", "1", "100,00", "1", "1", "0", "0,00", "0", "0"]
    assert _cells(html, thong_nhat) == ["4", "2", "1", "50,00", "12", "3", "3", "100,00", "0", "—"]
    assert _cells(html, "total") == ["5", "3", "2", "66,67", "13", "4", "3", "75,00", "0", "—"]
    assert f'data-key="{na_sung}" class="table-warning" data-behind="1"' in html
    svgs = _svgs(html)
    assert len(svgs) == 3
    assert "<title" in svgs[0] and "Thôn Nà Súng" in svgs[0] and 'class="bar"' in svgs[0]


def test_the_same_svg_is_in_the_page_and_the_pdf_and_the_pdf_shows_bars(report, official):
    page_svgs = _svgs(page(official.get(reverse("result_report", args=[report.pk]))))
    pdf_svgs = _svgs(report_html(fresh(report)))
    assert page_svgs == pdf_svgs

    response = official.get(reverse("result_report_pdf", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, "result-report.pdf")
    flat = re.sub(r"\s+", " ", text)
    assert "BÁO CÁO" in flat and "Số: .../BC-UBND" in flat
    assert "Kết quả thực hiện Kế hoạch giảm nghèo năm 2024 (năm 2024)" in flat
    assert "Thực hiện Kế hoạch số 05/KH-UBND ngày 20 tháng 01 năm 2024" in flat
    assert "Thôn Nà Súng 1 1 1 100,00 1 1 0 0,00 0 0" in flat
    assert "Tổng cộng 5 3 2 66,67 13 4 3 75,00 0 —" in flat
    assert "DỰ THẢO" in flat and "Nơi nhận:" in flat

    path = artifact("result-report.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(path), str(artifact("result-report"))], check=True
    )
    from PIL import Image

    blue = 0
    for png in sorted(path.parent.glob("result-report-*.png")):
        image = Image.open(png).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 20)
        # the target bars (#2f5597), anti-aliasing aside
        blue += sum(n for n, (r, g, b) in colours if b > 120 and r < 90 and 60 < g < 110)
    assert blue > 50
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert all("Liberation-Serif" in line for line in fonts.splitlines()[2:])  # the charts too


def test_the_excel_file_reads_back_with_its_formulas_values(report, official):
    response = official.get(reverse("result_report_xlsx", args=[report.pk]))
    path = artifact("result-report.xlsx")
    path.write_bytes(response.content)
    ws = load_workbook(path).active
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "STT")
    labels = [ws.cell(row=header, column=c).value for c in range(1, 13)]
    assert labels[:6] == [
        "STT",
        "Thôn",
        "Hộ nghèo đầu năm",
        "Chỉ tiêu thoát nghèo",
        "Đã thoát nghèo",
        "Đạt so với chỉ tiêu (%)",
    ]

    def row(r):
        out = []
        for c in range(3, 13):
            v = cell_value(ws, ws.cell(row=r, column=c).coordinate)
            out.append(None if v is None else as_decimal(v) if c in (6, 10) else int(v))
        return out

    assert ws.cell(row=header + 1, column=2).value == "Thôn Nà Súng"
    assert row(header + 2)[:4] == [4, 2, 1, 50]
    total = row(header + 3)
    assert total[:8] == [5, 3, 2, as_decimal(2 * 100 / __import__("fractions").Fraction(3)), 13, 4, 3, 75]
    assert total[9] is None  # a village does not state it: empty, never a 0
    assert ws.cell(row=header + 3, column=5).value.startswith("=SUM(")


def test_the_plan_page_of_an_issued_plan_links_its_results(report, official):
    html = page(official.get(reverse("plan", args=[report.plan_id])))
    assert reverse("plan_results", args=[report.plan_id]) in html
    listing = page(official.get(reverse("plan_results", args=[report.plan_id])))
    assert reverse("result_report", args=[report.pk]) in listing and 'data-testid="start-half"' in listing


def test_a_second_start_from_the_page_opens_the_existing_report(report, official):
    plan = fresh(report.plan)
    response = official.post(reverse("plan_results", args=[plan.pk]), {"period": "annual", "version": plan.version})
    assert response.status_code == 302 and response.url == reverse("result_report", args=[report.pk])
    assert ResultReport.objects.count() == 1


def test_typed_figures_keep_what_was_typed_on_an_error(report, world, official):
    url = reverse("result_report", args=[report.pk])
    row = report.rows.get(village=world.villages.thong_nhat)
    body = {
        "action": "rows", "version": fresh(report).version, "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "1",
        "rows-0-row": row.pk, "rows-0-escaped_poverty": "1,5", "rows-0-escaped_near_poverty": "3",
    }  # fmt: skip
    response = official.post(url, body)
    assert response.status_code == 400
    html = page(response)
    assert "Hãy nhập số nguyên" in html and 'value="1,5"' in html
    assert fresh(row).escaped_poverty == 1


def test_the_reviewer_reads_the_report_but_cannot_write_it(report, world, client):
    client.force_login(world.users.reviewer_van_quan)
    url = reverse("result_report", args=[report.pk])
    html = page(client.get(url))
    assert 'data-testid="fields-form"' not in html and "Thôn Nà Súng" in html
    response = client.post(url, {"action": "fields", "version": fresh(report).version, "assessment": "x"})
    assert response.status_code == 403
    client.force_login(world.users.official_ha_trung)
    assert client.get(url).status_code == 404


def test_the_area_page_puts_the_communes_behind_their_targets_first(report, world, client):
    other = issued_tri_le(world)
    client.force_login(world.users.reviewer_van_quan)
    html = page(client.get(reverse("area_results", args=["huyen", world.districts.van_quan.pk, 2024])))
    keys = re.findall(r'<tr data-key="(\d+)"', html)
    assert keys == [str(world.communes.diem_he.pk), str(other.pk)]  # Điềm He 2 of 3 first, Tri Lễ on target
    assert _cells(html, world.communes.diem_he.pk)[:4] == ["5", "3", "2", "66,67"]
    assert 'data-testid="area-chart"' in html and 'class="bar"' in html


def test_the_area_page_without_any_report_says_so_instead_of_drawing_empty_axes(world, client):
    client.force_login(world.users.reviewer_van_quan)
    html = page(client.get(reverse("area_results", args=["huyen", world.districts.van_quan.pk, 2024])))
    assert "Chưa có xã nào gửi báo cáo kỳ này, nên chưa có biểu đồ." in html
    assert 'data-testid="area-chart"' not in html and "<svg" not in html


def issued_tri_le(world):
    """Tri Lễ's 2024 plan issued with one household to lift, and its annual report typed as achieved."""
    from households.models import VillageCount
    from plans import services
    from plans.creation import create_plan
    from tests.support.factories import OfficialFactory
    from tests.support.plans import go

    commune = world.communes.tri_le
    VillageCount.objects.create(village=world.villages.tri_le_1, year=2024, total_households=50, poor=3, near_poor=2)
    official = OfficialFactory(commune=commune, username="xa.trile")
    plan = create_plan(by=official, commune=commune, year=2024)
    [t] = plan.village_targets.all()
    plan = services.save_grid(
        by=official, plan=plan, version=plan.version, rows={t.pk: {"exits_poor": 1, "exits_near_poor": 1}}
    )
    plan = services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"signer_name": "Vi Văn Sơn"})
    plan = go(go(plan, official, "submit"), world.users.reviewer_van_quan, "approve")
    plan = go(plan, official, "issue", number=3, issue_date=plan.year and __import__("datetime").date(2024, 1, 25))
    report = results.start_report(by=official, plan=plan, period=Period.ANNUAL, version=plan.version)
    [row] = report.rows.all()
    results.save_rows(
        by=official,
        report=report,
        version=report.version,
        rows={row.pk: {"escaped_poverty": 1, "escaped_near_poverty": 1}},
    )
    return commune


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_report_and_area_pages_cost_the_same_queries_with_more_villages(report, world, official):
    from django.test import Client

    url = reverse("result_report", args=[report.pk])
    area = reverse("area_results", args=["huyen", world.districts.van_quan.pk, 2024])
    client = Client()
    client.force_login(world.users.reviewer_van_quan)
    before = (_queries(official, url), _queries(client, area))
    for i in range(18):
        village = VillageFactory(commune=world.communes.diem_he, name=f"Thôn mới {i}", order=20 + i)
        report.rows.create(village=village, order=20 + i, village_name=str(village))
    assert (_queries(official, url), _queries(client, area)) == before
    assert before == (18, 13)


def test_the_rates_chart_shows_a_later_year_only_once_its_review_is_closed(report, world):
    from households.review_models import Review, ReviewState
    from plans.result_pages import rates_over_years

    commune = world.communes.diem_he
    # 2024: Nà Súng from the registry (1 poor, 1 near of 2), Thống Nhất typed (4 and 12 of 82): 5 / 84, 13 / 84.
    assert rates_over_years(commune, 2024) == ([2024], [Decimal("5.95")], [Decimal("15.48")])
    Review.objects.create(commune=commune, year=2025, state=ReviewState.CLOSED, opened_by=world.users.official_diem_he)
    years, poor, near = rates_over_years(commune, 2024)
    assert years == [2024, 2025]
    assert (poor[1], near[1]) == (None, None)  # Thống Nhất has no 2025 counts: no rate of the commune


def test_the_province_page_lists_a_commune_of_its_former_district_and_refuses_officials(report, world, client):
    from households.models import Commune

    # After 1 July 2025 Điềm He is directly under Lạng Sơn; its 2024 plan stays with the former district.
    Commune.objects.filter(pk=world.communes.diem_he.pk).update(district=None, former_district=world.districts.van_quan)
    client.force_login(world.users.admin_lang_son)
    district_page = page(client.get(reverse("area_results", args=["huyen", world.districts.van_quan.pk, 2024])))
    assert re.findall(r'<tr data-key="(\d+)"', district_page)[0] == str(world.communes.diem_he.pk)
    province_page = page(client.get(reverse("area_results", args=["tinh", world.provinces.lang_son.pk, 2024])))
    assert _cells(province_page, world.communes.diem_he.pk)[:4] == ["5", "3", "2", "66,67"]
    half = page(client.get(reverse("area_results", args=["tinh", world.provinces.lang_son.pk, 2024]) + "?ky=half"))
    assert _cells(half, world.communes.diem_he.pk) == ["—"] * 10  # no 6-month report: nothing is known
    client.force_login(world.users.official_diem_he)
    assert client.get(reverse("area_results", args=["tinh", world.provinces.lang_son.pk, 2024])).status_code == 404
    # a level that is not an area's does not route (households/converters.py)
    assert client.get(f"/ket-qua/xa/{world.provinces.lang_son.pk}/2024/").status_code == 404

"""The Excel downloads through the pages: the buttons where a user looks for them, the files answered to
those who may see the data and 404 outside their area, the household list with the village page's
filters (named in its title rows), and a number of queries that does not grow with the households."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import Assessment, Status
from reports.xlsx.exports import CONTENT_TYPE
from tests.support.world import make_household
from tests.test_browser import browser, log_in, page  # noqa: F401 - chromium, its page, the login

YEAR = 2024


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def heads(ws) -> list[str]:
    """The heads' names of a household list (column C, under the header row 5)."""
    return [ws.cell(r, 3).value for r in range(6, ws.max_row + 1)]


def test_official_downloads_the_plans_village_table_from_the_plan_page(world, plans, official):
    html = official.get(reverse("plan", args=[plans.diem_he.pk]))
    url = reverse("plan_village_table_xlsx", args=[plans.diem_he.pk])
    assert f'href="{url}" data-testid="village-table-xlsx"' in html.content.decode()
    response = official.get(url)
    ws = sheet(response)
    assert response["Content-Disposition"] == 'attachment; filename="Bang-thon-KH-2024-xa-Diem-He.xlsx"'
    assert ws["A2"].value == "BẢNG CHỈ TIÊU GIẢM NGHÈO NĂM 2024 THEO THÔN – XÃ ĐIỀM HE, HUYỆN VĂN QUAN, TỈNH LẠNG SƠN"
    assert [ws.cell(r, 2).value for r in (6, 7, 8)] == ["Thôn Nà Súng", "Thôn Thống Nhất", "Tổng cộng"]


def test_a_district_plan_has_no_village_table_but_its_roll_up(world, plans, reviewer):
    html = reviewer.get(reverse("plan", args=[plans.van_quan.pk])).content.decode()
    assert 'data-testid="village-table-xlsx"' not in html
    assert reverse("district_rollup_xlsx", args=[world.districts.van_quan.pk, YEAR]) in html
    assert reviewer.get(reverse("plan_village_table_xlsx", args=[plans.van_quan.pk])).status_code == 404


def test_reviewer_downloads_the_roll_up_from_the_roll_up_page(world, plans, reviewer):
    district = world.districts.van_quan
    html = reviewer.get(reverse("district_rollup", args=[district.pk, YEAR])).content.decode()
    url = reverse("district_rollup_xlsx", args=[district.pk, YEAR])
    assert f'href="{url}" data-testid="rollup-xlsx"' in html
    response = reviewer.get(url)
    ws = sheet(response)
    assert response["Content-Disposition"] == 'attachment; filename="Tong-hop-2024-huyen-Van-Quan.xlsx"'
    assert [ws.cell(r, 2).value for r in (6, 7, 8)] == ["xã Điềm He", "xã Tri Lễ", "Toàn huyện"]
    assert reviewer.get(reverse("district_rollup_xlsx", args=[district.pk, 1999])).status_code == 404


def test_downloads_are_404_outside_the_area_and_refuse_post(world, plans, login):
    outsider = login(world.users.official_ha_trung)
    urls = [
        reverse("plan_village_table_xlsx", args=[plans.diem_he.pk]),
        reverse("district_rollup_xlsx", args=[world.districts.van_quan.pk, YEAR]),
        reverse("village_households_xlsx", args=[world.villages.na_sung.pk]) + f"?year={YEAR}",
        reverse("commune_households_xlsx", args=[world.communes.diem_he.pk]) + f"?year={YEAR}",
    ]
    for url in urls:
        response = outsider.get(url)
        assert (response.status_code, response.get("Content-Disposition")) == (404, None), url
    insider = login(world.users.official_diem_he)
    assert insider.post(urls[0]).status_code == 405


def test_village_and_commune_pages_offer_the_household_list(world, official):
    village, commune = world.villages.na_sung, world.communes.diem_he
    html = official.get(reverse("village", args=[village.pk]) + f"?year={YEAR}").content.decode()
    assert f'href="{reverse("village_households_xlsx", args=[village.pk])}?year={YEAR}"' in html
    html = official.get(reverse("commune", args=[commune.pk]) + f"?year={YEAR}").content.decode()
    assert f'href="{reverse("commune_households_xlsx", args=[commune.pk])}?year={YEAR}"' in html


def test_the_village_list_without_filters_has_every_household_of_the_year(world, official):
    response = official.get(reverse("village_households_xlsx", args=[world.villages.na_sung.pk]) + f"?year={YEAR}")
    ws = sheet(response)
    assert response["Content-Disposition"] == 'attachment; filename="Danh-sach-ho-2024-Thon-Na-Sung-xa-Diem-He.xlsx"'
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    assert ws["A2"].value == "DANH SÁCH HỘ GIA ĐÌNH NĂM 2024 – THÔN NÀ SÚNG, XÃ ĐIỀM HE"
    assert ws["A3"].value == "Tất cả các hộ đã rà soát trong năm"
    assert sorted(heads(ws)) == ["Hoàng Văn Bình", "Nông Thị Hoa"]
    assert ws.freeze_panes == "D6" and ws.page_setup.fitToWidth == 1


def test_the_village_list_has_only_the_filtered_households_and_names_the_filter(world, official):
    village = world.villages.na_sung
    poor = Assessment.objects.get(village=village, year=YEAR, status=Status.POOR).household.head_name
    official.post(reverse("village", args=[village.pk]) + f"?year={YEAR}", {"status": Status.POOR})
    response = official.get(reverse("village_households_xlsx", args=[village.pk]) + f"?year={YEAR}")
    ws = sheet(response)
    assert heads(ws) == [poor]
    assert ws["A3"].value == "Lọc: Phân loại: Hộ nghèo"
    assert response["Content-Disposition"].endswith('-xa-Diem-He-loc.xlsx"')
    official.post(reverse("village", args=[village.pk]) + f"?year={YEAR}", {"q": "thị hoa"})
    ws = sheet(official.get(reverse("village_households_xlsx", args=[village.pk]) + f"?year={YEAR}"))
    assert (heads(ws), ws["A3"].value) == (["Nông Thị Hoa"], "Lọc: Tên chủ hộ: “thị hoa”")


def test_the_commune_list_has_every_village_and_the_year_asked(world, official):
    thong_nhat = world.villages.thong_nhat
    make_household(world.users.official_diem_he, thong_nhat, YEAR, income=3_000_000, name="Lý Văn Cao")
    url = reverse("commune_households_xlsx", args=[world.communes.diem_he.pk])
    ws = sheet(official.get(f"{url}?year={YEAR}"))
    assert ws["D5"].value == "Thôn"
    rows = [(ws.cell(r, 3).value, ws.cell(r, 4).value) for r in range(6, ws.max_row + 1)]
    assert sorted(rows) == [
        ("Hoàng Văn Bình", "Thôn Nà Súng"),
        ("Lý Văn Cao", "Thôn Thống Nhất"),
        ("Nông Thị Hoa", "Thôn Nà Súng"),
    ]
    assert (ws["H5"].value, ws["H6"].number_format) == ("Thu nhập (đồng/người/tháng)", "#,##0")
    assert heads(sheet(official.get(f"{url}?year=2023"))) == []


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["village_households_xlsx", "commune_households_xlsx"])
def test_household_list_queries_do_not_grow_with_the_households(world, official, django_assert_max_num_queries, name):
    village = world.villages.na_sung
    pk = village.pk if name == "village_households_xlsx" else world.communes.diem_he.pk
    url = reverse(name, args=[pk]) + f"?year={YEAR}"
    few = _queries(official, url)
    for i in range(18):
        make_household(world.users.official_diem_he, village, YEAR, income=2_000_000 + i, name=f"Hộ thử {i}")
    with django_assert_max_num_queries(few):
        ws = sheet(official.get(url))
    assert len(heads(ws)) == 20


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_browser_downloads_the_village_table_from_the_plan_page(page, world, plans, tmp_path):  # noqa: F811
    log_in(page)
    page.goto(reverse("plan", args=[plans.diem_he.pk]))
    with page.expect_download() as download:
        page.get_by_test_id("village-table-xlsx").click()
    assert download.value.suggested_filename == "Bang-thon-KH-2024-xa-Diem-He.xlsx"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    ws = openpyxl.load_workbook(path).active
    assert [ws.cell(r, 2).value for r in (6, 7, 8)] == ["Thôn Nà Súng", "Thôn Thống Nhất", "Tổng cộng"]

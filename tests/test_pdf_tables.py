"""The tables alone as PDF (the plan's per-village table, the district and province roll-ups) read back, their
downloads (access, file names) and the export_plan_pdf command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from households.models import VillageKind
from plans.creation import create_plan
from plans.reads import plan_table
from plans.rollup import district_rows
from povertyplan.numbers import format_number
from reports.pdf import render_rollup, render_village_table
from reports.pdf.names import plan_file_name
from tests.support.pdf_read import landscape, save
from tests.support.plans import YEAR, make_commune

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def _total_line(text: str, label: str) -> list[str]:
    line = next(ln for ln in text.splitlines() if label in ln)
    return line.split(label, 1)[1].split()


def test_village_table_alone_is_landscape_with_the_apps_totals(plans):
    plan = plans.diem_he
    pdf = save(render_village_table(plan), "village-table")
    assert all(landscape(s) for s in pdf.sizes())
    text = pdf.text()
    assert "Thôn Nà Súng" in pdf.flat() and "Thôn Thống Nhất" in pdf.flat()
    total = plan_table(plan).total
    figures = _total_line(text, "Tổng cộng")
    assert (
        figures[:3] == [format_number(total.households), format_number(total.poor_start), "5,95"] == ["84", "5", "5,95"]
    )
    assert figures[3] == "—"  # exits nobody stated: unknown, not 0
    assert "(Kèm theo Kế hoạch số .../KH-UBND ngày ... tháng ... năm 2024 của UBND xã Điềm He)" in " ".join(
        text.split()
    )


def test_a_long_table_repeats_its_header_on_every_page(world):
    villages = [(f"Làng {i:02d}", VillageKind.THON, 100 + i, i % 7, i % 5) for i in range(1, 61)]
    villages.append(("Cuối", VillageKind.THON, None, None, None))
    made = make_commune(world.districts.van_quan, "Yên Phúc", villages)
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    pdf = save(render_village_table(plan), "village-table-long")
    assert pdf.pages >= 2
    for n in range(1, pdf.pages + 1):
        assert "STT" in pdf.page_text(n) and "Hộ nghèo" in pdf.page_text(n), n
    row = next(ln for ln in pdf.text().splitlines() if "Cuối" in ln).split("Cuối", 1)[1].split()
    assert row[:3] == ["—", "—", "—"]
    # One village without counts: the totals of the counts are unknown too.
    assert _total_line(pdf.text(), "Tổng cộng")[:2] == ["—", "—"]


def test_district_rollup_rows_and_total_as_the_page(world, plans):
    district = world.districts.van_quan
    pdf = save(render_rollup(district, YEAR), "rollup-district")
    assert all(landscape(s) for s in pdf.sizes())
    text = pdf.text()
    rows, total = district_rows(district, YEAR)
    assert [row.label for row in rows] == ["xã Điềm He", "xã Tri Lễ"]
    assert _total_line(text, "xã Điềm He")[:5] == ["84", "5", "5,95", "13", "15,48"]
    assert _total_line(text, "xã Tri Lễ")[:2] == ["—", "—"]  # Bản Chu has no counts
    assert total.households is None and _total_line(text, "Toàn huyện")[:2] == ["—", "—"]
    assert "TỔNG HỢP KẾ HOẠCH GIẢM NGHÈO NĂM 2024 – HUYỆN VĂN QUAN" in " ".join(text.split())


def test_province_rollup_has_a_row_per_district(world, plans):
    pdf = save(render_rollup(world.provinces.lang_son, YEAR), "rollup-province")
    assert "1 huyện Văn Quan" in pdf.flat()
    rows, total = district_rows(world.districts.van_quan, YEAR)
    assert total.households is None and _total_line(pdf.text(), "Toàn tỉnh")[:2] == ["—", "—"]


def test_plan_pdf_download(world, plans, client):
    client.force_login(world.users.official_diem_he)
    response = client.get(reverse("plan_pdf", args=[plans.diem_he.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="KH-2024-xa-Diem-He-ban-1.pdf"'
    assert response.content.startswith(b"%PDF")


def test_village_table_and_rollup_downloads(world, plans, client):
    client.force_login(world.users.reviewer_van_quan)
    response = client.get(reverse("plan_village_table_pdf", args=[plans.diem_he.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="KH-2024-xa-Diem-He-ban-1-bang-thon.pdf"'
    assert response.content.startswith(b"%PDF")
    response = client.get(reverse("rollup_pdf", args=[world.districts.van_quan.pk, YEAR]))
    assert response["Content-Disposition"] == 'attachment; filename="Tong-hop-2024-huyen-Van-Quan.pdf"'
    assert client.get(reverse("rollup_pdf", args=[world.districts.van_quan.pk, 1999])).status_code == 404


def test_downloads_outside_the_area_are_404(world, plans, client):
    client.force_login(world.users.official_ha_trung)
    assert client.get(reverse("plan_pdf", args=[plans.diem_he.pk])).status_code == 404
    assert client.get(reverse("rollup_pdf", args=[world.districts.van_quan.pk, YEAR])).status_code == 404


def test_file_names_are_ascii(world):
    made = make_commune(world.districts.ha_trung, "Đông Sơn", [])
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    assert plan_file_name(plan) == "KH-2024-xa-Dong-Son-ban-1.pdf"


def test_export_plan_pdf_command(plans, tmp_path):
    out = tmp_path / "ke-hoach.pdf"
    call_command("export_plan_pdf", str(plans.diem_he.pk), "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="^Không có kế hoạch mã 999999.$"):
        call_command("export_plan_pdf", "999999")


def test_export_plan_pdf_help():
    done = subprocess.run(
        [sys.executable, "manage.py", "export_plan_pdf", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "Xuất kế hoạch ra tệp PDF" in done.stdout

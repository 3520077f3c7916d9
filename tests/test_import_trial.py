"""Fixes from the user trial of the Excel import: typed counts replaced by a household import (warned and
confirmed), formula cells without a value (reported), imported counts' source (kept and shown)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from households import lookups
from households.imports import jobs
from households.imports.models import ImportJob, ImportKind, ImportStatus
from households.models import Assessment, VillageCount
from tests.support.xlsx import COUNT_HEADER, household_header, xlsx

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture(autouse=True)
def _inline(settings):
    settings.IMPORTS_IN_BACKGROUND = False


def upload(client, commune, data: bytes, kind: str, name: str) -> ImportJob:
    url = reverse("import_upload", args=[commune.pk, kind])
    client.post(url, {"year": YEAR, "file": SimpleUploadedFile(name, data)})
    return ImportJob.objects.latest("pk")


def household_rows(villages: list[str]) -> bytes:
    indicators = list(lookups.indicators_for(YEAR))
    rows = [household_header(indicators)]
    for i, village in enumerate(villages):
        marks = ["x", "x", "x", *[None] * (len(indicators) - 3)] if i == 0 else [None] * len(indicators)
        rows.append([village, None, f"Lò Văn Minh {chr(65 + i)}", 4, "Tày", "1.100.000", *marks, "", ""])
    return xlsx(rows)


def typed_counts(client, world):
    rows = [COUNT_HEADER, ["Thống Nhất", 85, 4, 12, "Rà soát cuối năm 2024"], ["Nà Súng", 130, 9, None, ""]]
    job = upload(client, world.communes.diem_he, xlsx(rows), "so-lieu", "so-lieu-2025.xlsx")
    client.post(reverse("import_save", args=[job.pk]), {"version": job.version})
    return job


def counts():
    return sorted(
        VillageCount.objects.filter(year=YEAR).values_list("village__name", "total_households", "poor", "near_poor")
    )


WARNING_THONG_NHAT = (
    "Thôn Thống Nhất: số liệu năm 2025 đang nhập tay (85 hộ, 4 nghèo, 12 cận nghèo) "
    "sẽ được tính từ danh sách hộ: 2 hộ, 1 nghèo, 1 cận nghèo."
)


def test_a_household_import_replacing_typed_counts_warns_and_needs_the_confirmation(world, login):
    client = login(world.users.official_diem_he)
    typed_counts(client, world)
    assert counts() == [("Nà Súng", 130, 9, None), ("Thống Nhất", 85, 4, 12)]
    job = upload(
        client, world.communes.diem_he, household_rows(["Thống Nhất", "Thống Nhất", "Nà Súng"]), "ho", "h.xlsx"
    )
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    warning = page[page.index('data-testid="replaced"') : page.index('data-testid="save"')]
    assert WARNING_THONG_NHAT in warning
    assert warning.index(
        "Thôn Nà Súng: số liệu năm 2025 đang nhập tay (130 hộ, 9 nghèo, — cận nghèo) "
        "sẽ được tính từ danh sách hộ: 1 hộ, 0 nghèo, 1 cận nghèo."
    ) < warning.index(WARNING_THONG_NHAT)  # in the commune's order of villages
    assert 'name="replace_counts"' in warning and "Tôi hiểu" in warning

    response = client.post(reverse("import_save", args=[job.pk]), {"version": job.version}, follow=True)
    assert jobs.not_confirmed() in response.content.decode()
    job.refresh_from_db()
    assert (job.status, Assessment.objects.filter(year=YEAR).count()) == (ImportStatus.READY, 0)

    client.post(reverse("import_save", args=[job.pk]), {"version": job.version, "replace_counts": "1"})
    job.refresh_from_db()
    assert (job.status, Assessment.objects.filter(year=YEAR).count()) == (ImportStatus.SAVED, 3)


def test_without_typed_counts_a_household_import_shows_no_warning_and_saves_as_before(world, login):
    client = login(world.users.official_diem_he)
    job = upload(client, world.communes.diem_he, household_rows(["Thống Nhất"]), "ho", "h.xlsx")
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert 'data-testid="replaced"' not in page and 'name="replace_counts"' not in page
    client.post(reverse("import_save", args=[job.pk]), {"version": job.version})
    job.refresh_from_db()
    assert (job.status, Assessment.objects.filter(year=YEAR).count()) == (ImportStatus.SAVED, 1)


def test_the_command_refuses_to_replace_typed_counts_without_the_flag(world, login, tmp_path, capsys):
    typed_counts(login(world.users.official_diem_he), world)
    path = tmp_path / "ho.xlsx"
    path.write_bytes(household_rows(["Thống Nhất", "Thống Nhất"]))
    args = ["import_households", str(path), "--commune", str(world.communes.diem_he.pk), "--year", str(YEAR)]
    args += ["--user", world.users.official_diem_he.username]
    with pytest.raises(CommandError) as refused:
        call_command(*args)
    assert refused.value.returncode == 1
    assert "Thôn Thống Nhất" in str(refused.value) and "--replace-counts" in str(refused.value)
    assert WARNING_THONG_NHAT in capsys.readouterr().out
    assert Assessment.objects.filter(year=YEAR).count() == 0
    call_command(*args, "--replace-counts")
    assert Assessment.objects.filter(year=YEAR).count() == 2


def with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """The workbook with a value saved for the formula of `cell`, as Excel and LibreOffice save one."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                pattern = rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)<v\s*/>'.encode()
                content, n = re.subn(pattern, rb"\1\2<v>" + value.encode() + b"</v>", content)
                assert n == 1
            target.writestr(item, content)
    return out.getvalue()


def test_a_formula_without_a_value_is_an_error_of_its_row_and_column(world):
    rows = [COUNT_HEADER, ["Thống Nhất", 85, 4, 12, '=HYPERLINK("http://xa.gov.vn/bc","Báo cáo")']]
    rows.append(["Nà Súng", 130, 9, None, "Rà soát"])
    result = jobs.read(ImportKind.COUNTS, xlsx(rows), world.communes.diem_he, YEAR)
    message = "Ô chứa công thức, không có giá trị: hãy dán giá trị (Paste values) rồi tải lại."
    assert [(i.row, i.column, i.header, i.message) for i in result.issues] == [(2, "E", "Nguồn", message)]


def test_a_numeric_formula_with_its_saved_value_is_read_as_that_value(world):
    data = with_cached_value(xlsx([COUNT_HEADER, ["Thống Nhất", "=80+5", 4, 12, "Rà soát"]]), "B2", "85")
    result = jobs.read(ImportKind.COUNTS, data, world.communes.diem_he, YEAR)
    assert result.issues == []
    assert [(e["total_households"], e["poor"], e["near_poor"]) for e in result.plan] == [(85, 4, 12)]


def test_imported_counts_keep_their_file_and_source_and_the_commune_page_shows_them(world, login):
    client = login(world.users.official_diem_he)
    typed_counts(client, world)
    source = VillageCount.objects.get(village__name="Thống Nhất", year=YEAR).source
    assert source == "Nhập từ Excel (so-lieu-2025.xlsx): Rà soát cuối năm 2024"
    assert VillageCount.objects.get(village__name="Nà Súng", year=YEAR).source == "Nhập từ Excel (so-lieu-2025.xlsx)"
    page = client.get(reverse("commune", args=[world.communes.diem_he.pk]) + f"?year={YEAR}").content.decode()
    row = page[page.index('data-village="Thống Nhất"') :]
    row = row[: row.index("</tr>")]
    assert "nhập từ Excel" in row and "nhập tay" not in row
    assert '<div class="small text-muted" data-testid="count-source">' + source + "</div>" in row
    again = upload(client, world.communes.diem_he, xlsx([COUNT_HEADER, ["Thống Nhất", 85, 4, 12,
                   "Rà soát cuối năm 2024"]]), "so-lieu", "lai.xlsx")  # fmt: skip
    assert again.summary["unchanged"] == 1 and again.summary["changed"] == 0

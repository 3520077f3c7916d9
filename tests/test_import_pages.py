"""The import pages: template, upload, preview with progress, save once, cancel; who may import."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from households import lookups
from households.imports import jobs
from households.imports.models import ImportJob, ImportStatus
from households.models import VillageCount
from povertyplan.audit.models import Entry
from tests.support.xlsx import COUNT_HEADER, xlsx

YEAR = 2024


@pytest.fixture(autouse=True)
def _inline(settings):
    settings.IMPORTS_IN_BACKGROUND = False


def upload(client, commune, data: bytes, kind="so-lieu", name="so-lieu.xlsx"):
    url = reverse("import_upload", args=[commune.pk, kind])
    return client.post(url, {"year": YEAR, "file": SimpleUploadedFile(name, data)})


def counts():
    return sorted(VillageCount.objects.values_list("village__name", "total_households", "poor", "near_poor", "version"))


@pytest.mark.django_db
def test_the_counts_template_lists_the_communes_villages(world, login):
    client = login(world.users.official_diem_he)
    response = client.get(reverse("import_template", args=[world.communes.diem_he.pk, "so-lieu"]) + "?year=2024")
    assert response["Content-Disposition"] == 'attachment; filename="mau-so-lieu-thon-2024.xlsx"'
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows == [tuple(COUNT_HEADER), ("Nà Súng", None, None, None, None), ("Thống Nhất", 82, 4, 12, None)]
    assert book.sheetnames[1] == "Hướng dẫn"


@pytest.mark.django_db
def test_the_households_template_has_a_column_per_indicator_of_the_years_standard(world, login):
    client = login(world.users.official_diem_he)
    response = client.get(reverse("import_template", args=[world.communes.diem_he.pk, "ho"]) + "?year=2024")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header = next(book.worksheets[0].iter_rows(values_only=True))
    indicators = [f"{i.number}. {i.name}" for i in lookups.indicators_for(YEAR)]
    assert list(header) == [
        "Thôn", "Mã hộ", "Họ tên chủ hộ", "Số nhân khẩu", "Dân tộc", "Thu nhập bình quân (đồng/người/tháng)",
        *indicators, "Đối tượng", "Nguyên nhân nghèo",
    ]  # fmt: skip
    guide = [r[0] for r in book["Hướng dẫn"].iter_rows(min_row=2, values_only=True)]
    assert indicators[0] in guide and "Đối tượng" in guide


@pytest.mark.django_db
def test_upload_preview_and_save_once(world, login):
    client = login(world.users.official_diem_he)
    response = upload(client, world.communes.tri_le, b"")
    assert response.status_code == 404  # another commune of the same district
    response = upload(client, world.communes.diem_he, xlsx([COUNT_HEADER, ["Thống Nhất", 90, 5, 10, "Báo cáo"]]))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("import_job", args=[job.pk])
    assert (job.status, job.summary["changed"], job.by, job.sha256 != "") == (
        ImportStatus.READY,
        1,
        world.users.official_diem_he,
        True,
    )
    page = client.get(response["Location"]).content.decode()
    assert "82 / 4 / 12 → 90 / 5 / 10" in page and 'data-testid="save"' in page
    progress = client.get(reverse("import_progress", args=[job.pk])).json()
    assert progress == {"status": "ready", "done": 1, "total": 1, "percent": 100}
    entries = Entry.objects.count()
    save = reverse("import_save", args=[job.pk])
    assert (
        client.post(save, {"version": job.version})["Location"]
        == reverse("commune", args=[job.commune_id]) + "?year=2024"
    )
    assert client.post(save, {"version": job.version}).status_code == 302  # the double click
    assert counts() == [("2", 182, 2, None, 1), ("Thống Nhất", 90, 5, 10, 2)]
    assert Entry.objects.count() == entries + 1
    job.refresh_from_db()
    assert (job.status, job.data) == (ImportStatus.SAVED, b"")


@pytest.mark.django_db
def test_a_file_with_a_bad_row_shows_its_row_and_column_and_offers_no_save(world, login):
    client = login(world.users.official_diem_he)
    before = counts()
    upload(
        client, world.communes.diem_he, xlsx([COUNT_HEADER, ["Thống Nhất", 90, 5, 10, ""], ["Nà Súng", 10, 11, 0, ""]])
    )
    job = ImportJob.objects.get()
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "<td>3</td><td>C (Hộ nghèo)</td><td>Số hộ nghèo không thể lớn hơn tổng số hộ (10).</td>" in page
    assert 'data-testid="save"' not in page
    response = client.post(reverse("import_save", args=[job.pk]), {"version": job.version}, follow=True)
    assert "Bản xem trước này không còn lưu được: hãy tải tệp lên lại." in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_a_file_that_is_not_excel_is_refused_on_the_upload_page(world, login):
    client = login(world.users.official_diem_he)
    response = upload(client, world.communes.diem_he, b"Thon;Tong\nNa Sung;3\n", name="so-lieu.xlsx")
    assert response.status_code == 200
    assert "Tệp không phải là tệp Excel (.xlsx)" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_cancel_saves_nothing(world, login):
    client = login(world.users.official_diem_he)
    before = counts()
    upload(client, world.communes.diem_he, xlsx([COUNT_HEADER, ["Thống Nhất", 90, 5, 10, ""]]))
    job = ImportJob.objects.get()
    client.post(reverse("import_cancel", args=[job.pk]), {"version": job.version})
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert client.post(reverse("import_save", args=[job.pk]), {"version": job.version}).status_code == 302
    assert counts() == before


@pytest.mark.django_db
def test_only_the_communes_officials_may_import(world, login):
    job = jobs.create(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR, kind="counts",
                      name="a.xlsx", data=xlsx([COUNT_HEADER]))  # fmt: skip
    reviewer = login(world.users.reviewer_van_quan)
    assert upload(reviewer, world.communes.diem_he, xlsx([COUNT_HEADER])).status_code == 403
    assert reviewer.post(reverse("import_save", args=[job.pk]), {"version": 1}).status_code == 403
    other = login(world.users.official_ha_trung)
    assert other.post(reverse("import_save", args=[job.pk]), {"version": 1}).status_code == 404
    assert ImportJob.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_parse_runs_after_the_upload_in_a_thread_and_reports_its_progress(world, login, settings):
    settings.IMPORTS_IN_BACKGROUND = True
    client = login(world.users.official_diem_he)
    rows = [COUNT_HEADER, ["Thống Nhất", 90, 5, 10, ""]]
    response = upload(client, world.communes.diem_he, xlsx(rows))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("import_job", args=[job.pk])
    deadline = time.monotonic() + 20
    while client.get(reverse("import_progress", args=[job.pk])).json()["status"] == "parsing":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    job.refresh_from_db()
    assert (job.status, job.summary["changed"]) == (ImportStatus.READY, 1)


@pytest.mark.django_db
def test_households_uploaded_previewed_and_saved_with_their_status(world, login):
    from households.models import Assessment, Status
    from tests.support.xlsx import household_header

    indicators = list(lookups.indicators_for(YEAR))
    marks = ["x", "x", "x", *[None] * (len(indicators) - 3)]
    rows = [household_header(indicators), ["Nà Súng", None, "Lò Văn Minh", 5, "Nùng", "1.100.000", *marks, "", ""]]
    client = login(world.users.official_diem_he)
    upload(client, world.communes.diem_he, xlsx(rows), kind="ho", name="ho.xlsx")
    job = ImportJob.objects.get()
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "<td>Lò Văn Minh</td><td>Hộ nghèo</td>" in page
    client.post(reverse("import_save", args=[job.pk]), {"version": job.version})
    record = Assessment.objects.get(household__head_name="Lò Văn Minh", year=YEAR)
    assert (record.status, record.deprivation_count, record.household.members) == (Status.POOR, 3, 5)


@pytest.mark.django_db
def test_a_parse_that_died_with_its_process_is_shown_as_failed(world, login):
    job = jobs.create(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR, kind="counts",
                      name="a.xlsx", data=xlsx([COUNT_HEADER]))  # fmt: skip
    ImportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - jobs.STUCK_AFTER)
    client = login(world.users.official_diem_he)
    assert client.get(reverse("import_progress", args=[job.pk])).json()["status"] == "failed"
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "Việc đọc tệp bị gián đoạn: chưa lưu gì. Hãy tải tệp lên lại." in page

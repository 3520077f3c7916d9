"""Importing a commune's village counts from Excel: the preview, all-or-nothing saving, every bad row."""

from __future__ import annotations

import pytest

from households.imports import apply, jobs
from households.imports.models import ImportKind
from households.models import VillageCount
from povertyplan.audit.models import Action, Entry
from povertyplan.concurrency import ConflictError
from povertyplan.models import User
from tests.support.xlsx import COUNT_HEADER, xlsx

pytestmark = pytest.mark.django_db
YEAR = 2024


def counts_snapshot():
    return sorted(
        VillageCount.objects.values_list(
            "village__name", "year", "total_households", "poor", "near_poor", "source", "version"
        )
    )


def preview(world, rows, commune=None):
    return jobs.read(ImportKind.COUNTS, xlsx([COUNT_HEADER, *rows]), commune or world.communes.tri_le, YEAR)


def only_issue(result):
    assert len(result.issues) == 1, [i.line() for i in result.issues]
    issue = result.issues[0]
    return issue.row, issue.column, issue.header, issue.message


def test_a_good_file_saves_the_counts_it_holds_and_records_them(world):
    user = world.users.official_ha_trung
    ha_trung = world.communes.ha_trung
    # Tiểu khu 1 has households in 2024 (counted from the registry): only tiểu khu 2 is typed.
    result = preview(world, [["2", "1.509", 12, "4", "Báo cáo 15/BC"]], commune=ha_trung)
    assert result.ok, [i.line() for i in result.issues]
    assert result.summary() == {"rows": 1, "created": 0, "changed": 1, "unchanged": 0, "errors": 0}
    assert result.changed[0]["before"] == {"total_households": "182", "poor": "2", "near_poor": "", "source": ""}
    assert result.changed[0]["after"] == {
        "total_households": "1.509",
        "poor": "12",
        "near_poor": "4",
        "source": "Báo cáo 15/BC",
    }
    assert apply.save_counts(by=user, commune=ha_trung, year=YEAR, plan=result.plan) == 1
    count = VillageCount.objects.get(village=world.villages.tk2, year=YEAR)
    assert (count.total_households, count.poor, count.near_poor, count.source, count.version) == (
        1509,
        12,
        4,
        "Báo cáo 15/BC",
        2,
    )
    entry = Entry.objects.get(action=Action.COUNTS_SAVE)
    assert (entry.actor_username, entry.after["total_households"]) == ("xa.hatrung", 1509)


def test_a_new_village_count_is_created_and_an_equal_one_left_alone(world):
    result = preview(world, [["Bản Chu", 40, 3, None, ""]])
    assert result.summary()["created"] == 1
    root = User.objects.create_superuser(username="root", password=None, email="")
    apply.save_counts(by=root, commune=world.communes.tri_le, year=YEAR, plan=result.plan)
    assert VillageCount.objects.get(village=world.villages.tri_le_1).near_poor is None  # unknown stays unknown
    before = counts_snapshot()
    again = preview(world, [["Bản Bản Chu", "40", "3", None, None]])  # the full name finds it too
    assert again.summary() == {"rows": 1, "created": 0, "changed": 0, "unchanged": 1, "errors": 0}
    assert apply.save_counts(by=root, commune=world.communes.tri_le, year=YEAR, plan=again.plan) == 0
    assert counts_snapshot() == before


@pytest.mark.parametrize(
    ("row", "column", "header", "message"),
    [
        (["Nà Súng", 10, 1, 1, ""], "A", "Thôn", "Thôn “Nà Súng” không có trong xã Tri Lễ."),
        (["Bản Chu", -5, 1, 1, ""], "B", "Tổng số hộ", "Không được nhập số âm."),
        (
            ["Bản Chu", "nhiều", 1, 1, ""],
            "B",
            "Tổng số hộ",
            "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn).",
        ),
        (["Bản Chu", 10, 11, None, ""], "C", "Hộ nghèo", "Số hộ nghèo không thể lớn hơn tổng số hộ (10)."),
        (["Bản Chu", 10, 4, 7, ""], "D", "Hộ cận nghèo", "Hộ nghèo cộng hộ cận nghèo (11) vượt tổng số hộ (10)."),
        (["Bản Chu", 10, None, 2, ""], "C", "Hộ nghèo", "Cần nhập số hộ nghèo (ghi 0 nếu không có)."),
        (
            ["Bản Chu", 10.5, 1, 1, ""],
            "B",
            "Tổng số hộ",
            "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn).",
        ),
        (["", 10, 1, 1, ""], "A", "Thôn", "Chưa ghi tên thôn."),
    ],
)
def test_each_bad_row_is_named_with_its_column_and_nothing_is_saved(world, row, column, header, message):
    before = counts_snapshot()
    result = preview(world, [row])
    assert only_issue(result) == (2, column, header, message)
    assert result.plan == [] or not result.ok
    assert counts_snapshot() == before


def test_one_bad_row_among_good_ones_saves_nothing_and_names_that_row(world, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(xlsx([COUNT_HEADER, ["1", 0, 0, 0, ""], ["2", 180, 190, 3, ""]]))
    before = counts_snapshot()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_village_counts",
            str(path),
            "--commune",
            str(world.communes.ha_trung.pk),
            "--year",
            "2024",
            "--user",
            "xa.hatrung",
        )
    assert exc.value.returncode == 1
    assert counts_snapshot() == before


def test_a_village_named_twice_is_refused_at_its_second_row(world):
    result = preview(world, [["Bản Chu", 10, 1, 1, ""], ["bản chu", 12, 1, 1, ""]])
    assert only_issue(result) == (3, "A", "Thôn", "Bản Bản Chu đã có ở dòng 2.")


def test_a_village_counted_from_its_households_refuses_typed_counts(world):
    result = preview(world, [["Nà Súng", 10, 1, 1, ""]], commune=world.communes.diem_he)
    assert only_issue(result) == (2, "B", "Tổng số hộ", "Thôn Nà Súng: số liệu lấy từ danh sách hộ, không nhập tay.")


def test_a_missing_or_unknown_column_is_named_in_the_header_row(world):
    result = jobs.read(
        ImportKind.COUNTS, xlsx([["Thôn", "Tổng số hộ", "Ghi chú"], ["Bản Chu", 3, ""]]), world.communes.tri_le, YEAR
    )
    assert [(i.row, i.column, i.message) for i in result.issues] == [
        (1, "C", "Cột “Ghi chú” không có trong mẫu số liệu thôn."),
        (1, "", "Thiếu cột “Hộ nghèo”: hãy dùng mẫu của phần mềm."),
    ]


def test_a_count_saved_by_someone_else_after_the_preview_is_a_conflict_and_nothing_is_saved(world):
    result = preview(world, [["2", 190, 3, 4, ""], ["1", None, None, None, None]], commune=world.communes.ha_trung)
    assert result.ok
    count = world.counts.ha_trung_tk2
    count.total_households, count.version = 185, count.version + 1
    count.save()
    before = counts_snapshot()
    with pytest.raises(ConflictError) as exc:
        apply.save_counts(
            by=world.users.official_ha_trung, commune=world.communes.ha_trung, year=YEAR, plan=result.plan
        )
    assert exc.value.messages[0].startswith("Số liệu trong phần mềm đã thay đổi từ khi xem trước")
    assert counts_snapshot() == before


def test_the_commands_explain_their_options_and_exit_codes():
    from django.core.management import load_command_class

    for name in ("import_village_counts", "import_households"):
        text = load_command_class("households", name).create_parser("manage.py", name).format_help()
        assert all(option in text for option in ("--commune", "--year", "--dry-run", "--user"))
        assert "Mã thoát: 0 đã lưu (hoặc chạy thử không lỗi), 1 có lỗi số liệu, 2 không đọc được tệp." in " ".join(
            text.split()
        )


def test_the_counts_command_dry_run_saves_nothing_and_an_unreadable_file_exits_2(world, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    good, pdf = tmp_path / "so-lieu.xlsx", tmp_path / "so-lieu-pdf.xlsx"
    good.write_bytes(xlsx([COUNT_HEADER, ["Bản Chu", 40, 3, 5, ""]]))
    pdf.write_bytes(b"%PDF-1.7\n")
    args = ["--commune", str(world.communes.tri_le.pk), "--year", "2024"]
    before = counts_snapshot()
    call_command("import_village_counts", str(good), *args, "--dry-run")
    assert counts_snapshot() == before
    with pytest.raises(CommandError) as exc:
        call_command("import_village_counts", str(pdf), *args, "--user", "xa.diemhe")
    assert exc.value.returncode == 2
    assert counts_snapshot() == before

"""The national list of units (vietnam-provinces): loaded by `import_national_units`, matched, re-runnable.

Run on the real package data (34 provinces, 3.321 communes) over the test world, whose communes are
units from before the reform: they are matched (by name within their province, then by code), never
duplicated, put directly under their province with their district kept as history.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import Commune, CommuneKind, District, Province, Village
from households.national_units import Unit, import_national, name_key, package_units
from plans.models import Plan
from povertyplan import access
from povertyplan.audit.models import Action, Entry

HISTORY_END = datetime.date(2025, 6, 30)


def _run(*args) -> str:
    out = io.StringIO()
    call_command("import_national_units", *args, stdout=out)
    return out.getvalue()


def test_the_package_holds_34_provinces_and_3321_communes_with_their_kinds():
    provinces, communes = package_units()
    assert len(provinces) == 34
    assert len(communes) == 3321
    kinds = [c.kind for c in communes]
    assert (kinds.count(CommuneKind.XA), kinds.count(CommuneKind.PHUONG), kinds.count(CommuneKind.DAC_KHU)) == (
        2621,
        687,
        13,
    )
    assert Unit("06280", "Điềm He", CommuneKind.XA, "20") in communes
    assert Unit("20", "Lạng Sơn", "tinh") in provinces


def test_names_compare_without_case_prefixes_or_tone_mark_placement():
    assert name_key("Xuân Hoà") == name_key("xuân hòa")
    assert name_key("Thành phố Hà Nội") == name_key("Hà Nội")
    assert name_key("Tỉnh Lạng Sơn") == name_key("Lạng Sơn")
    assert name_key("Thuỷ") == name_key("Thủy")
    assert name_key("Xuân Hòa") != name_key("Xuân Hóa")


def test_import_loads_the_whole_list_and_matches_the_worlds_communes_without_duplicates(world):
    out = _run()
    assert Province.objects.filter(valid_until__isnull=True).count() == 34
    assert Commune.objects.filter(valid_until__isnull=True).count() == 3321
    assert Commune.objects.filter(name="Điềm He").count() == 1
    diem_he = Commune.objects.get(pk=world.communes.diem_he.pk)
    assert (diem_he.code, diem_he.province, diem_he.district) == ("06280", world.provinces.lang_son, None)
    assert diem_he.former_district == world.districts.van_quan
    assert diem_he.district_in(2024) == world.districts.van_quan and diem_he.district_in(2026) is None
    assert list(Village.objects.filter(commune=diem_he).values_list("name", flat=True)) == ["Nà Súng", "Thống Nhất"]
    assert Commune.objects.get(pk=world.communes.tri_le.pk).code == "06313"  # Lạng Sơn's Tri Lễ, not Nghệ An's
    assert Commune.objects.get(pk=world.communes.hac_thanh.pk).code == "14797"
    assert District.objects.filter(valid_until=HISTORY_END).count() == 2
    assert "xã Điềm He: mã đơn vị hành chính: — → 06280; huyện: huyện Văn Quan → —;" in out
    assert "huyện Văn Quan: hiệu lực đến: — → 30/06/2025" in out


def test_running_it_again_changes_nothing_and_says_so(world):
    _run()
    entries = Entry.objects.count()
    out = _run()
    assert out.splitlines()[-1] == "Không có thay đổi: 3355 đơn vị đã khớp danh mục."
    assert Entry.objects.count() == entries


def test_a_dry_run_reports_and_writes_nothing(world):
    before = (Commune.objects.count(), Entry.objects.count(), Commune.objects.get(pk=world.communes.diem_he.pk).code)
    out = _run("--dry-run")
    assert "Sẽ thêm 3349 đơn vị:" in out  # 32 provinces and 3.317 communes: the world has the others
    assert out.splitlines()[-1] == "Chạy thử: chưa ghi gì."
    after = (Commune.objects.count(), Entry.objects.count(), Commune.objects.get(pk=world.communes.diem_he.pk).code)
    assert after == before


def test_a_commune_the_list_no_longer_holds_is_kept_as_history_merged_into_its_successor(world):
    gone = Commune.objects.create(
        province=world.provinces.lang_son, district=world.districts.van_quan, name="Thử Cũ Một", kind=CommuneKind.XA
    )
    unknown = Commune.objects.create(
        province=world.provinces.lang_son, district=world.districts.van_quan, name="Thử Cũ Hai", kind=CommuneKind.XA
    )
    import_national(merges={gone.pk: "06280"})
    gone.refresh_from_db()
    unknown.refresh_from_db()
    assert (gone.valid_until, gone.merged_into_id) == (HISTORY_END, world.communes.diem_he.pk)
    assert gone.district == world.districts.van_quan  # its history keeps its district
    assert (unknown.valid_until, unknown.merged_into) == (HISTORY_END, None)


def test_the_2024_plan_of_a_matched_commune_stays_with_its_former_district(world, plans):
    import_national()
    plan = Plan.objects.get(pk=plans.diem_he.pk)
    assert access.can(world.users.reviewer_van_quan, access.REVIEW, plan)
    assert not access.can(world.users.reviewer_thanh_hoa, access.REVIEW, plan)


def test_every_write_is_in_the_audit_with_the_packages_version(world):
    import_national()
    created = Entry.objects.filter(action=Action.UNIT_CREATE)
    assert created.count() == 32 + 3317
    assert set(created.values_list("reason", flat=True)) == {"vietnam-provinces 2025.10.1"}
    entry = Entry.objects.get(
        action=Action.UNIT_UPDATE, object_type="households.commune", object_id=world.communes.diem_he.pk
    )
    assert entry.before == {
        "code": "",
        "district": {"id": world.districts.van_quan.pk, "label": "huyện Văn Quan"},
        "former_district": None,
    }
    assert entry.after["code"] == "06280" and entry.after["district"] is None


def _reduced(n: int):
    provinces = [Unit("20", "Lạng Sơn", "tinh"), Unit("99", "Thử Nghiệm", "tinh")]
    communes = [Unit(f"9{i:04d}", f"Xã Thử {i}", CommuneKind.XA, "99") for i in range(n)]
    return provinces, communes + [Unit("06280", "Điềm He", CommuneKind.XA, "20")]


@pytest.mark.parametrize("size", [3, 30])
def test_the_import_costs_the_same_queries_for_3_and_30_communes(world, size):
    with CaptureQueriesContext(connection) as queries:
        import_national(units=_reduced(size))
    assert Commune.objects.filter(province__code="99").count() == size
    # 3 reads; one insert each for the provinces and the communes created; one update each for the
    # provinces, communes and districts changed, and one for the changed communes' versions; two
    # savepoints and their releases; the audit's two writes of new entries: an INSERT each on SQLite, on
    # PostgreSQL the ids and a COPY each (povertyplan/inserts.py).
    assert len(queries.captured_queries) == {"sqlite": 15, "postgresql": 17}[connection.vendor]


def test_an_unknown_user_exits_1_and_writes_nothing(world):
    with pytest.raises(SystemExit) as exit_:
        call_command("import_national_units", "--user", "nobody", stdout=io.StringIO(), stderr=io.StringIO())
    assert exit_.value.code == 1
    assert Commune.objects.filter(code="06280").count() == 0


def test_a_merges_file_names_the_successor_and_a_bad_one_exits_1_writing_nothing(world, tmp_path):
    gone = Commune.objects.create(
        province=world.provinces.lang_son, district=world.districts.van_quan, name="Thử Cũ Ba", kind=CommuneKind.XA
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("province,district,commune,into_code\nLạng Sơn,Văn Quan,Không Có,06280\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_national_units", "--merges", str(bad), stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert "dòng 2: không tìm thấy xã “Không Có”" in err.getvalue()
    assert not Commune.objects.filter(code="06280").exists()
    good = tmp_path / "merges.csv"
    good.write_text("province,district,commune,into_code\nLạng Sơn,Văn Quan,Thử Cũ Ba,06280\n", encoding="utf-8")
    out = _run("--merges", str(good))
    gone.refresh_from_db()
    assert (gone.valid_until, gone.merged_into_id) == (HISTORY_END, world.communes.diem_he.pk)
    assert "xã Thử Cũ Ba: hiệu lực đến: — → 30/06/2025; sáp nhập vào: — → xã Điềm He" in out

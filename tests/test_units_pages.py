"""A province administrator's units pages: the province's communes, a commune's villages, a merge.

The named outsider is Thanh Hóa: Lạng Sơn's administrator (tinh.langson) gets 404 for its units in the
pages and the admin, and no POST of theirs changes one of its rows (the old defect was a cross-province
write through the admin). Every write is in the audit; a stale or missing version is a conflict.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import Commune, CommuneKind, Village, VillageKind
from povertyplan.audit.models import Action, Entry
from tests.support.pages import flash, form_fields, page
from tests.test_admin_scoping import admin_form_data


def _villages(commune) -> list[tuple[int, str, str]]:
    return list(Village.objects.filter(commune=commune).order_by("order", "pk").values_list("order", "kind", "name"))


def _villages_form(client, commune) -> dict:
    return form_fields(client.get(reverse("commune_villages", args=[commune.pk])), "villages-form")


def _snapshot() -> list:
    return sorted(Village.objects.values_list("pk", "commune_id", "name", "kind", "order")) + sorted(
        Commune.objects.values_list("pk", "province_id", "district_id", "valid_until", "merged_into_id", "version")
    )


# ---------------------------------------------------------------- villages


def test_the_province_admin_adds_renames_and_reorders_villages_and_the_audit_says_so(world, login):
    client = login(world.users.admin_lang_son)
    diem_he = world.communes.diem_he
    body = _villages_form(client, diem_he)
    assert (body["villages-0-name"], body["villages-1-name"]) == ("Nà Súng", "Thống Nhất")
    body |= {"villages-0-order": "2", "villages-1-order": "1", "villages-1-name": "Thống Nhất Mới"}
    body |= {"villages-2-name": "Khun Pàu", "villages-2-kind": VillageKind.BAN, "villages-2-order": "3"}
    response = client.post(reverse("commune_villages", args=[diem_he.pk]), body)
    assert response.status_code == 302
    assert flash(response) == ["Đã lưu danh sách thôn của xã Điềm He."]
    assert _villages(diem_he) == [(1, "thon", "Thống Nhất Mới"), (2, "thon", "Nà Súng"), (3, "ban", "Khun Pàu")]
    entries = Entry.objects.filter(parent_type="households.commune", parent_id=diem_he.pk)
    assert sorted(entries.values_list("action", "object_label")) == [
        (Action.UNIT_CREATE, "Bản Khun Pàu"),
        (Action.UNIT_UPDATE, "Thôn Nà Súng"),
        (Action.UNIT_UPDATE, "Thôn Thống Nhất Mới"),
    ]
    renamed = entries.get(object_label="Thôn Thống Nhất Mới")
    assert (renamed.before, renamed.after) == (
        {"name": "Thống Nhất", "order": 2},
        {"name": "Thống Nhất Mới", "order": 1},
    )
    assert renamed.actor_username == "tinh.langson"


def test_a_stale_villages_form_is_a_conflict_and_keeps_what_was_typed(world, login):
    client = login(world.users.admin_lang_son)
    diem_he = world.communes.diem_he
    stale = _villages_form(client, diem_he)
    first = dict(stale) | {"villages-2-name": "Pác Làng"}
    assert client.post(reverse("commune_villages", args=[diem_he.pk]), first).status_code == 302
    before = _snapshot()
    stale |= {"villages-2-name": "Chi Quan"}
    response = client.post(reverse("commune_villages", args=[diem_he.pk]), stale)
    assert response.status_code == 200
    assert "xã Điềm He vừa được người khác cập nhật. Hãy tải lại trang rồi nhập lại." in page(response)
    assert 'value="Chi Quan"' in page(response)
    assert _snapshot() == before


def test_a_villages_form_without_its_version_is_a_conflict(world, login):
    client = login(world.users.admin_lang_son)
    body = _villages_form(client, world.communes.diem_he)
    body.pop("version")
    body["villages-2-name"] = "Chi Quan"
    before = _snapshot()
    response = client.post(reverse("commune_villages", args=[world.communes.diem_he.pk]), body)
    assert response.status_code == 200
    assert "thiếu thông tin phiên bản" in page(response)
    assert _snapshot() == before


def test_two_villages_with_one_name_are_refused_in_vietnamese(world, login):
    client = login(world.users.admin_lang_son)
    body = _villages_form(client, world.communes.diem_he) | {"villages-2-name": "nà súng"}
    before = _snapshot()
    response = client.post(reverse("commune_villages", args=[world.communes.diem_he.pk]), body)
    assert response.status_code == 200
    assert "Tên thôn bị trùng: Nà Súng, nà súng." in page(response)
    assert _snapshot() == before


def test_a_bad_order_is_refused_beside_its_field_and_nothing_is_saved(world, login):
    client = login(world.users.admin_lang_son)
    body = _villages_form(client, world.communes.diem_he) | {"villages-0-order": "1,5", "villages-2-name": "Bản Làn"}
    before = _snapshot()
    response = client.post(reverse("commune_villages", args=[world.communes.diem_he.pk]), body)
    assert response.status_code == 200
    assert "Hãy nhập số nguyên" in page(response)
    assert 'value="Bản Làn"' in page(response)
    assert _snapshot() == before


def test_the_lang_son_admin_gets_404_for_thanh_hoas_villages_page_and_its_post_changes_nothing(world, login):
    client = login(world.users.admin_lang_son)
    url = reverse("commune_villages", args=[world.communes.ha_trung.pk])
    assert client.get(url).status_code == 404
    before = _snapshot()
    body = {"villages-TOTAL_FORMS": "1", "villages-INITIAL_FORMS": "0", "version": "1"}
    body |= {"villages-0-name": "Lạ", "villages-0-kind": "thon", "villages-0-order": "1"}
    assert client.post(url, body).status_code == 404
    assert _snapshot() == before


def test_a_thanh_hoa_village_slipped_into_diem_hes_form_is_refused_and_unchanged(world, login):
    client = login(world.users.admin_lang_son)
    body = _villages_form(client, world.communes.diem_he)
    body |= {"villages-0-village_id": str(world.villages.tk1.pk), "villages-0-name": "Đổi tên"}
    before = _snapshot()
    response = client.post(reverse("commune_villages", args=[world.communes.diem_he.pk]), body)
    assert response.status_code == 403
    assert _snapshot() == before


def test_a_reviewer_who_views_the_commune_gets_403_and_changes_nothing(world, login):
    client = login(world.users.reviewer_van_quan)
    before = _snapshot()
    response = client.post(reverse("commune_villages", args=[world.communes.diem_he.pk]), {"version": "1"})
    assert response.status_code == 403
    assert _snapshot() == before


# ---------------------------------------------------------------- merges


def _merge(client, commune, into, on="01/07/2025", confirm=True):
    url = reverse("commune_merge", args=[commune.pk])
    body = form_fields(client.get(url), "merge-form") | {"into": str(into.pk), "on": on}
    response = client.post(url, body)
    if not confirm or response.status_code != 200 or "merge-confirm-form" not in response.content.decode():
        return response
    return client.post(url, form_fields(response, "merge-confirm-form"))


def test_the_province_admin_records_a_merge_after_a_confirmation(world, login):
    client = login(world.users.admin_lang_son)
    tri_le, diem_he = world.communes.tri_le, world.communes.diem_he
    confirm = _merge(client, tri_le, diem_he, confirm=False)
    summary = re.sub(r"\s+", " ", re.search(r'data-testid="merge-summary">(.*?)</div>', page(confirm), re.S).group(1))
    assert summary.strip() == (
        "xã Tri Lễ sáp nhập vào xã Điềm He từ ngày 01/07/2025: xã Tri Lễ có hiệu lực đến ngày 30/06/2025 và chỉ "
        "còn là lịch sử."
    )
    tri_le.refresh_from_db()
    assert tri_le.merged_into_id is None  # nothing before the confirmation
    response = client.post(reverse("commune_merge", args=[tri_le.pk]), form_fields(confirm, "merge-confirm-form"))
    assert response.status_code == 302
    tri_le.refresh_from_db()
    assert (tri_le.valid_until, tri_le.merged_into) == (datetime.date(2025, 6, 30), diem_he)
    entry = Entry.objects.get(object_type="households.commune", object_id=tri_le.pk, action=Action.UNIT_UPDATE)
    assert entry.after == {"valid_until": "2025-06-30", "merged_into": {"id": diem_he.pk, "label": "xã Điềm He"}}
    listing = page(client.get(reverse("province_units", args=[world.provinces.lang_son.pk])))
    history = re.search(r'data-testid="province-history".*?</table>', listing, re.S).group()
    assert "xã Tri Lễ" in history and "30/06/2025" in history and "xã Điềm He" in history


def test_a_commune_is_never_merged_into_itself_even_by_a_tampered_post(world, login):
    client = login(world.users.admin_lang_son)
    before = _snapshot()
    response = _merge(client, world.communes.tri_le, world.communes.tri_le)
    assert response.status_code == 200
    assert "Hãy chọn một xã cùng tỉnh đang có hiệu lực (không phải chính xã này)." in page(response)
    assert _snapshot() == before


def test_a_merge_into_another_provinces_commune_is_refused_and_changes_nothing(world, login):
    client = login(world.users.admin_lang_son)
    before = _snapshot()
    response = _merge(client, world.communes.tri_le, world.communes.ha_trung)
    assert response.status_code == 200
    assert "Hãy chọn một xã cùng tỉnh đang có hiệu lực" in page(response)
    assert _snapshot() == before


def test_a_merge_into_a_commune_that_is_itself_merged_is_refused(world, login):
    client = login(world.users.admin_lang_son)
    extra = Commune.objects.create(province=world.provinces.lang_son, name="Bình Phúc", kind=CommuneKind.XA)
    assert _merge(client, extra, world.communes.diem_he).status_code == 302
    before = _snapshot()
    response = _merge(client, world.communes.tri_le, extra)
    assert response.status_code == 200
    assert "Hãy chọn một xã cùng tỉnh đang có hiệu lực" in page(response)
    assert _snapshot() == before


def test_the_lang_son_admin_gets_404_on_a_thanh_hoa_merge_and_its_post_changes_nothing(world, login):
    client = login(world.users.admin_lang_son)
    url = reverse("commune_merge", args=[world.communes.ha_trung.pk])
    assert client.get(url).status_code == 404
    before = _snapshot()
    body = {"into": str(world.communes.hac_thanh.pk), "on": "01/07/2025", "version": "1", "confirm": "1"}
    assert client.post(url, body).status_code == 404
    assert _snapshot() == before


def test_a_bad_date_is_refused_in_vietnamese_and_the_choice_kept(world, login):
    client = login(world.users.admin_lang_son)
    response = _merge(client, world.communes.tri_le, world.communes.diem_he, on="31/02/2025")
    assert response.status_code == 200
    assert "Ngày không tồn tại: 31/02/2025" in page(response)
    assert f'<option value="{world.communes.diem_he.pk}" selected>' in page(response)


def test_the_model_refuses_a_merge_across_provinces_or_into_a_merged_commune(world):
    from django.core.exceptions import ValidationError

    tri_le = world.communes.tri_le
    tri_le.merged_into = world.communes.ha_trung
    with pytest.raises(ValidationError) as refused:
        tri_le.full_clean()
    assert refused.value.message_dict["merged_into"] == ["Chỉ sáp nhập vào xã cùng tỉnh."]


def test_the_admin_offers_as_merge_targets_only_same_province_communes_in_effect(world, client, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password="x-root-password-1")
    client.force_login(root)
    url = reverse("admin:households_commune_change", args=[world.communes.tri_le.pk])
    data = admin_form_data(client.get(url)) | {"merged_into": str(world.communes.ha_trung.pk)}
    before = _snapshot()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["merged_into"] == [
        "Hãy chọn một giá trị hợp lệ. Giá trị đã chọn không có trong danh sách."
    ]
    assert _snapshot() == before


def test_the_province_admin_gets_404_in_the_admin_for_a_thanh_hoa_commune_merge(world, client):
    client.force_login(world.users.admin_lang_son)
    url = reverse("admin:households_commune_change", args=[world.communes.ha_trung.pk])
    before = _snapshot()
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Hà Trung", "merged_into": str(world.communes.hac_thanh.pk)}).status_code == 404
    assert _snapshot() == before


# ---------------------------------------------------------------- the province's list


def test_the_province_list_shows_codes_and_former_districts_and_404_for_another_province(world, login):
    Commune.objects.filter(pk=world.communes.diem_he.pk).update(
        district=None, former_district=world.districts.van_quan, code="06280"
    )
    client = login(world.users.admin_lang_son)
    listing = page(client.get(reverse("province_units", args=[world.provinces.lang_son.pk])))
    row = re.search(r'<tr data-commune="Điềm He">(.*?)</tr>', listing, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", row).split()[:6] == ["06280", "xã", "Điềm", "He", "huyện", "Văn"]
    assert "Hà Trung" not in listing
    assert client.get(reverse("province_units", args=[world.provinces.thanh_hoa.pk])).status_code == 404


@pytest.mark.parametrize("extra", [1, 19])
def test_the_province_list_costs_the_same_queries_for_2_and_20_communes(world, login, extra):
    for i in range(extra):
        commune = Commune.objects.create(province=world.provinces.lang_son, name=f"Thử {i}")
        Village.objects.create(commune=commune, name="1")
    client = login(world.users.admin_lang_son)
    url = reverse("province_units", args=[world.provinces.lang_son.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # session, user, province, communes with their villages counted; the rest is the page frame.
    assert len(queries.captured_queries) == 8

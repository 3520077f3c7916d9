"""Writes outside the units pages bump the versions those pages guard by: a form opened before an admin
save or a national import is refused as a conflict instead of writing over it (lost updates)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from households.models import Commune, CommuneKind, Village
from households.national_units import Unit, import_national
from povertyplan.models import User
from tests.support.pages import form_fields, page
from tests.test_admin_scoping import admin_form_data

pytestmark = pytest.mark.django_db
CONFLICT = "xã Điềm He vừa được người khác cập nhật. Hãy tải lại trang rồi nhập lại."


def _villages_form(client, commune) -> dict:
    return form_fields(client.get(reverse("commune_villages", args=[commune.pk])), "villages-form")


def _names():
    return sorted(Village.objects.filter(commune__name="Điềm He").values_list("name", flat=True))


def test_a_village_renamed_in_the_admin_makes_the_open_villages_form_a_conflict(world, client):
    client.force_login(world.users.admin_lang_son)
    diem_he, na_sung = world.communes.diem_he, world.villages.na_sung
    stale = _villages_form(client, diem_he)
    version = Commune.objects.get(pk=diem_he.pk).version
    url = f"/admin/households/village/{na_sung.pk}/change/"
    data = admin_form_data(client.get(url)) | {"name": "Nà Súng Mới"}
    assert client.post(url, data).status_code == 302
    assert Commune.objects.get(pk=diem_he.pk).version == version + 1
    names = _names()
    response = client.post(reverse("commune_villages", args=[diem_he.pk]), stale | {"villages-1-name": "Khác"})
    assert response.status_code == 200 and CONFLICT in page(response)
    assert _names() == names and "Nà Súng Mới" in names


def test_a_commune_changed_in_the_admin_has_its_version_bumped(world, client):
    client.force_login(world.users.admin_lang_son)
    diem_he = world.communes.diem_he
    version = Commune.objects.get(pk=diem_he.pk).version
    url = f"/admin/households/commune/{diem_he.pk}/change/"
    data = admin_form_data(client.get(url)) | {"code": "06280"}
    assert client.post(url, data).status_code == 302
    assert Commune.objects.values_list("code", "version").get(pk=diem_he.pk) == ("06280", version + 1)


def test_a_village_added_or_deleted_in_the_admin_bumps_its_communes_version(world, client):
    client.force_login(User.objects.create_superuser(username="quantri", password=None, email=""))
    diem_he = world.communes.diem_he
    version = Commune.objects.get(pk=diem_he.pk).version
    data = {"commune": diem_he.pk, "name": "Khòn Pát", "kind": world.villages.na_sung.kind, "order": 9, "code": ""}
    assert client.post("/admin/households/village/add/", data).status_code == 302
    added = Village.objects.get(commune=diem_he, name="Khòn Pát")
    assert Commune.objects.get(pk=diem_he.pk).version == version + 1
    assert client.post(f"/admin/households/village/{added.pk}/delete/", {"post": "yes"}).status_code == 302
    assert Commune.objects.get(pk=diem_he.pk).version == version + 2


def test_a_commune_the_national_import_changes_has_its_version_bumped(world):
    diem_he = world.communes.diem_he
    version = Commune.objects.get(pk=diem_he.pk).version
    provinces = [Unit("20", "Lạng Sơn", "tinh")]
    import_national(units=(provinces, [Unit("06280", "Điềm He", CommuneKind.XA, "20")]))
    assert Commune.objects.values_list("code", "version").get(pk=diem_he.pk) == ("06280", version + 1)

"""The commune's officers: versioned (no silent lost update), only the commune's own, checked names and phones."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from plans import officers as officer_services
from plans.models import Officer
from povertyplan.concurrency import MISSING_VERSION, ConflictError
from tests.support.factories import OfficialFactory
from tests.support.pages import client_for, form_fields, page

pytestmark = pytest.mark.django_db


def form_body(*rows: dict) -> dict:
    """The officers' formset as the browser posts it: one dict of fields per row."""
    body = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(sum(1 for r in rows if "id" in r))}
    for i, row in enumerate(rows):
        for name, value in row.items():
            if name == "active":
                if value:
                    body[f"form-{i}-active"] = "on"
            else:
                body[f"form-{i}-{name}"] = str(value)
    return body


def state(officer) -> tuple:
    officer.refresh_from_db()
    return (officer.name, officer.position, officer.phone, officer.active, officer.version)


@pytest.fixture
def lan(world):
    return Officer.objects.create(commune=world.communes.diem_he, name="Nông Thị Lan", position="Phó Chủ tịch")


@pytest.fixture
def second_official(world):
    return client_for(OfficialFactory(username="xa.diemhe.2", commune=world.communes.diem_he))


@pytest.fixture
def url(world):
    return reverse("officers", args=[world.communes.diem_he.pk])


def lan_row(lan, **changes) -> dict:
    return {"id": lan.pk, "version": lan.version, "name": lan.name, "position": lan.position, "active": True, **changes}


def test_the_form_carries_each_officers_id_and_version(official, url, lan):
    content = official.get(url).content.decode()
    assert f'name="form-0-id" value="{lan.pk}"' in content
    assert 'name="form-0-version" value="1"' in content


def test_a_change_bumps_the_version_and_records_who_saved(world, official, url, lan):
    response = official.post(url, form_body(lan_row(lan, phone="0912 345 678")))
    assert response.status_code == 302
    assert state(lan) == ("Nông Thị Lan", "Phó Chủ tịch", "0912 345 678", True, 2)
    assert lan.updated_by == world.users.official_diem_he


def test_an_unchanged_officer_is_not_rewritten(official, url, lan):
    assert official.post(url, form_body(lan_row(lan))).status_code == 302
    assert state(lan)[-1] == 1


def test_a_stale_officer_form_is_refused_showing_what_the_other_person_saved(official, second_official, url, lan):
    opened = lan_row(lan)
    assert official.post(url, form_body({**opened, "name": "Nông Thị Lan Anh"})).status_code == 302
    response = second_official.post(url, form_body({**opened, "position": "Chủ tịch"}))

    assert response.status_code == 200
    assert re.search(
        r"Cán bộ Nông Thị Lan Anh: người khác vừa lưu: Nông Thị Lan Anh, Phó Chủ tịch, đang công tác "
        r"\(xa\.diemhe, \d\d:\d\d \d\d/\d\d/\d{4}\)\.",
        page(response),
    )
    assert state(lan) == ("Nông Thị Lan Anh", "Phó Chủ tịch", "", True, 2)
    content = response.content.decode()
    assert 'name="form-0-position" value="Chủ tịch"' in content  # what this user typed is kept
    assert 'name="form-0-version" value="2"' in content  # on the current version: saving again is deliberate


def test_an_officer_row_without_its_version_is_a_conflict(official, url, lan):
    row = lan_row(lan, name="Đổi tên")
    del row["version"]
    response = official.post(url, form_body(row))
    assert response.status_code == 200
    assert str(MISSING_VERSION) in page(response)
    assert state(lan) == ("Nông Thị Lan", "Phó Chủ tịch", "", True, 1)


@pytest.mark.parametrize("initial_forms", ["1", "0"])
def test_the_id_of_another_communes_officer_is_refused_and_nothing_is_created(world, official, url, initial_forms):
    other = Officer.objects.create(commune=world.communes.ha_trung, name="Nguyễn Ngọc Khanh")
    body = form_body({"id": other.pk, "version": 1, "name": "Nguyễn Ngọc Khanh", "active": True})
    body["form-INITIAL_FORMS"] = initial_forms
    response = official.post(url, body)
    assert response.status_code == 404
    assert list(Officer.objects.values_list("commune", "name", "version")) == [
        (world.communes.ha_trung.pk, "Nguyễn Ngọc Khanh", 1)
    ]


def test_a_foreign_id_refuses_the_whole_save(world, lan):
    other = Officer.objects.create(commune=world.communes.ha_trung, name="Nguyễn Ngọc Khanh")
    with pytest.raises(officer_services.ForeignOfficer):
        officer_services.save_officers(
            by=world.users.official_diem_he,
            commune=world.communes.diem_he,
            rows=[
                {**lan_row(lan), "name": "Nông Thị Lan Anh"},
                {"id": other.pk, "version": 1, "name": "Copy", "active": True},
            ],
        )
    assert state(lan)[0] == "Nông Thị Lan"
    assert Officer.objects.count() == 2


def test_the_service_refuses_a_stale_version_with_the_current_one(world, lan):
    with pytest.raises(ConflictError) as caught:
        officer_services.save_officers(
            by=world.users.official_diem_he, commune=world.communes.diem_he, rows=[lan_row(lan, version=7)]
        )
    assert caught.value.versions == {lan.pk: 1}


def test_officers_of_a_commune_are_not_saved_by_a_reviewer(world, lan):
    with pytest.raises(PermissionDenied):
        officer_services.save_officers(
            by=world.users.reviewer_van_quan, commune=world.communes.diem_he, rows=[lan_row(lan, name="X")]
        )


def test_new_officers_are_added_and_empty_rows_ignored(world, official, url):
    body = form_body({"name": "Hoàng Văn Tùng", "phone": "+84 205.3830.123", "active": True}, {"active": True})
    assert official.post(url, body).status_code == 302
    assert list(Officer.objects.values_list("commune", "name", "phone", "version")) == [
        (world.communes.diem_he.pk, "Hoàng Văn Tùng", "+84 205.3830.123", 1)
    ]


PHONE_ERROR = "Số điện thoại chỉ gồm chữ số (từ 8 đến 15 số), dấu cách, dấu chấm, dấu gạch ngang và dấu + ở đầu."


@pytest.mark.parametrize("phone", ["abc-xyz", "0912-abc-678", "12 34", "++84912345678", "0912/345/678"])
def test_a_phone_that_is_not_a_phone_number_is_refused_and_kept_in_the_form(official, url, lan, phone):
    response = official.post(url, form_body(lan_row(lan, phone=phone)))
    assert response.status_code == 200
    assert PHONE_ERROR in page(response)
    assert f'value="{phone}"' in response.content.decode()
    assert state(lan)[2:] == ("", True, 1)


@pytest.mark.parametrize("name", ["\u200b\u200c", "\u2060", "  "])
def test_an_officer_name_without_a_letter_is_refused(official, url, lan, name):
    response = official.post(url, form_body(lan_row(lan, name=name)))
    assert response.status_code == 200
    assert "Họ tên phải có ít nhất một chữ cái." in page(response)
    assert state(lan)[0] == "Nông Thị Lan"


def test_official_adds_officers_to_their_own_commune(world, official):
    other = Officer.objects.create(commune=world.communes.ha_trung, name="Nguyễn Ngọc Khanh", phone="0912")
    url = reverse("officers", args=[world.communes.diem_he.pk])
    body = form_fields(official.get(url), "officers-form")
    assert body["form-TOTAL_FORMS"] == "3" and body["form-INITIAL_FORMS"] == "0"
    body |= {"form-0-name": "Nông Thị Lan", "form-0-position": "Công chức VH-XH", "form-0-phone": "0912 000 101"}
    body |= {"form-1-name": "Hoàng Văn Tùng"}
    response = official.post(url, body)
    assert response.status_code == 302 and response.url == url
    assert sorted(Officer.objects.filter(commune=world.communes.diem_he).values_list("name", "position", "active")) == [
        ("Hoàng Văn Tùng", "", True),
        ("Nông Thị Lan", "Công chức VH-XH", True),
    ]
    other.refresh_from_db()
    assert (other.name, other.commune, other.phone) == ("Nguyễn Ngọc Khanh", world.communes.ha_trung, "0912")

    # Edit: the existing rows come first; mark one as no longer serving.
    body = form_fields(official.get(url), "officers-form")
    assert body["form-INITIAL_FORMS"] == "2"
    index = next(i for i in range(2) if body[f"form-{i}-name"] == "Hoàng Văn Tùng")
    body.pop(f"form-{index}-active")
    assert official.post(url, body).status_code == 302
    assert not Officer.objects.get(name="Hoàng Văn Tùng").active


def test_an_officer_of_another_commune_cannot_be_edited_by_posting_its_id(world, official):
    other = Officer.objects.create(commune=world.communes.ha_trung, name="Nguyễn Ngọc Khanh")
    url = reverse("officers", args=[world.communes.diem_he.pk])
    body = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(other.pk),
        "form-0-name": "Đổi tên",
        "form-0-active": "on",
    }
    response = official.post(url, body)
    assert response.status_code == 404
    other.refresh_from_db()
    assert (other.name, other.commune) == ("Nguyễn Ngọc Khanh", world.communes.ha_trung)
    assert Officer.objects.count() == 1


@pytest.mark.parametrize(
    ("user", "status"), [("reviewer_van_quan", 403), ("admin_lang_son", 403), ("official_ha_trung", 404)]
)
def test_officers_of_a_commune_are_only_saved_by_its_officials(world, client, user, status):
    client.force_login(getattr(world.users, user))
    url = reverse("officers", args=[world.communes.diem_he.pk])
    body = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "Nông Thị Lan", "form-0-active": "on"}
    assert client.post(url, body).status_code == status
    assert not Officer.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "x" * 121},
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "A\x00B"},
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "", "form-0-phone": "0912"},
        {"form-TOTAL_FORMS": "abc", "form-INITIAL_FORMS": "0"},
        {},
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": "abc", "form-0-name": "A"},
    ],
)
def test_officers_page_refuses_bad_rows_without_500(world, official, body):
    response = official.post(reverse("officers", args=[world.communes.diem_he.pk]), body)
    assert response.status_code == 200
    assert not Officer.objects.exists()

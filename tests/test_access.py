"""Scoping is security: outside a user's area is 404, inside it without the right is 403.

The named outsider is the Điềm He official (Lạng Sơn): nothing of Hà Trung (Thanh Hóa) nor of Tri Lễ
(another commune of the same district) may answer anything but 404, and form tampering must not move
data across the boundary.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from households.models import Assessment, Commune, Ethnicity, Household, VillageCount
from tests.support.world import make_household

YEAR = 2024


def household_body(village, *, name="Lò Văn Tèo", income=1_000_000, **extra) -> dict:
    """A complete, valid household form body placing the household in `village`."""
    body = {
        "village": village.pk,
        "head_name": name,
        "members": 3,
        "ethnicity": Ethnicity.objects.get(name="Tày").pk,
        "address": "",
        "area": "",
        "income_per_capita": income,
        "override_status": "",
        "override_reason": "",
    }
    body.update(extra)
    return body


def snapshot() -> dict:
    """Everything a request could change in the registry and the counts, as plain values."""
    return {
        "households": sorted(Household.objects.values_list("pk", "village_id", "head_name", "members", "version")),
        "assessments": sorted(
            Assessment.objects.values_list("pk", "village_id", "year", "income_per_capita", "status", "version")
        ),
        "counts": sorted(
            VillageCount.objects.values_list("pk", "village_id", "year", "total_households", "poor", "near_poor")
        ),
    }


@pytest.fixture
def tri_le_household(world, django_user_model):
    """A household in Tri Lễ (same district as Điềm He), made by a superuser."""
    root = django_user_model.objects.create_superuser(username="root", password="x-root-password-1")
    return make_household(root, world.villages.tri_le_1, YEAR, income=1_000_000, name="Hà Văn Dũng").household


def foreign_requests(world, tri_le_household, commune_key: str) -> dict[str, tuple[str, str, dict | None]]:
    """Every page and object of a commune that is not Điềm He: name -> (method, url, POST body)."""
    if commune_key == "ha_trung":
        commune = world.communes.ha_trung
        villages = {"tk1": world.villages.tk1, "tk2": world.villages.tk2}
        household = world.households.ha_trung_poor
    else:
        commune = world.communes.tri_le
        villages = {"tri_le_1": world.villages.tri_le_1}
        household = tri_le_household
    village = household.village
    counts_url = reverse("counts_edit", args=[commune.pk, YEAR])
    counts_body = {}
    for v in villages.values():
        counts_body |= {f"v{v.pk}-total_households": "999", f"v{v.pk}-poor": "1", f"v{v.pk}-near_poor": "1"}
    requests = {
        "commune": ("get", reverse("commune", args=[commune.pk]), None),
        "counts GET": ("get", counts_url, None),
        "counts POST": ("post", counts_url, counts_body),
        "household": ("get", reverse("household", args=[household.pk]), None),
        "household edit GET": ("get", reverse("household_edit", args=[household.pk]), None),
        "household edit POST": (
            "post",
            reverse("household_edit", args=[household.pk]),
            household_body(village, name="Đã bị sửa", household_version=1, assessment_version=1),
        ),
        "household create GET": ("get", reverse("household_create", args=[village.pk]), None),
        "household create POST": (
            "post",
            reverse("household_create", args=[village.pk]),
            household_body(village, name="Hộ lạ"),
        ),
    }
    for key, v in villages.items():
        requests[f"village {key}"] = ("get", reverse("village", args=[v.pk]), None)
    return requests


FOREIGN_PAGES = [
    "commune",
    "counts GET",
    "counts POST",
    "household",
    "household edit GET",
    "household edit POST",
    "household create GET",
    "household create POST",
]


# ---------------------------------------------------------------- the outsider official


@pytest.mark.parametrize("page", FOREIGN_PAGES + ["village tk1", "village tk2"])
def test_diem_he_official_gets_404_for_every_ha_trung_page(world, login, tri_le_household, page):
    client = login(world.users.official_diem_he)
    method, url, body = foreign_requests(world, tri_le_household, "ha_trung")[page]
    before = snapshot()
    response = client.post(url, body) if method == "post" else client.get(url)
    assert response.status_code == 404, (page, url)
    assert snapshot() == before


@pytest.mark.parametrize("page", FOREIGN_PAGES + ["village tri_le_1"])
def test_diem_he_official_gets_404_for_every_tri_le_page_of_the_same_district(world, login, tri_le_household, page):
    client = login(world.users.official_diem_he)
    method, url, body = foreign_requests(world, tri_le_household, "tri_le")[page]
    before = snapshot()
    response = client.post(url, body) if method == "post" else client.get(url)
    assert response.status_code == 404, (page, url)
    assert snapshot() == before


def test_diem_he_official_cannot_move_own_household_into_ha_trung_by_tampering_the_village_field(world, login):
    client = login(world.users.official_diem_he)
    household = world.households.diem_he_poor
    versions = (household.version, household.assessments.get().version)
    response = client.post(
        reverse("household_edit", args=[household.pk]) + f"?year={YEAR}",
        household_body(world.villages.tk1, name="Hoàng Văn Bình", household_version=1, assessment_version=1),
    )
    # The foreign village is not among the choices: refused on the page, next to the field.
    assert response.status_code == 200
    assert response.context["form"].errors["village"] == [
        "Hãy chọn một giá trị hợp lệ. Giá trị đã chọn không có trong danh sách."
    ]
    household.refresh_from_db()
    assert (household.version, household.assessments.get().version) == versions
    assert household.village == world.villages.na_sung
    assert household.village.commune == world.communes.diem_he
    assert list(Assessment.objects.filter(household=household).values_list("village", flat=True)) == [
        world.villages.na_sung.pk
    ]
    assert (
        not Household.objects.filter(village__commune=world.communes.ha_trung)
        .exclude(pk=world.households.ha_trung_poor.pk)
        .exists()
    )


@pytest.mark.parametrize("foreign", ["tk1", "tri_le_1"])
def test_diem_he_official_cannot_create_a_household_in_a_foreign_village_from_their_own_village_form(
    world, login, foreign
):
    client = login(world.users.official_diem_he)
    target = getattr(world.villages, foreign)
    before = snapshot()
    response = client.post(
        reverse("household_create", args=[world.villages.na_sung.pk]) + f"?year={YEAR}",
        household_body(target, name="Hộ cài vào"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["village"] == [
        "Hãy chọn một giá trị hợp lệ. Giá trị đã chọn không có trong danh sách."
    ]
    assert snapshot() == before
    assert not Household.objects.filter(head_name="Hộ cài vào").exists()


def test_counts_post_of_diem_he_with_fields_named_for_ha_trung_villages_changes_nothing_in_ha_trung(world, login):
    client = login(world.users.official_diem_he)
    tk1, tk2, thong_nhat = world.villages.tk1, world.villages.tk2, world.villages.thong_nhat
    ha_trung_before = sorted(
        VillageCount.objects.filter(village__commune=world.communes.ha_trung).values_list(
            "village", "year", "total_households", "poor", "near_poor", "version"
        )
    )
    response = client.post(
        reverse("counts_edit", args=[world.communes.diem_he.pk, YEAR]),
        {
            f"v{thong_nhat.pk}-total_households": "82",
            f"v{thong_nhat.pk}-poor": "5",
            f"v{thong_nhat.pk}-near_poor": "12",
            f"v{thong_nhat.pk}-version": "1",
            f"v{tk2.pk}-total_households": "500",
            f"v{tk2.pk}-poor": "400",
            f"v{tk1.pk}-total_households": "300",
            f"v{tk1.pk}-poor": "200",
        },
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã lưu số liệu năm 2024: 1 thôn thay đổi."]
    ha_trung_after = sorted(
        VillageCount.objects.filter(village__commune=world.communes.ha_trung).values_list(
            "village", "year", "total_households", "poor", "near_poor", "version"
        )
    )
    assert ha_trung_after == ha_trung_before
    assert not VillageCount.objects.filter(village=tk1).exists()
    # The commune's own row went through: the foreign fields were ignored, not the whole form.
    own = VillageCount.objects.get(village=thong_nhat, year=YEAR)
    assert (own.poor, own.version) == (5, 2)


def test_diem_he_official_sees_only_diem_he_households_in_their_village_list(world, login):
    client = login(world.users.official_diem_he)
    response = client.get(reverse("village", args=[world.villages.na_sung.pk]), {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoàng Văn Bình" in html
    assert "Nông Thị Hoa" in html
    assert "Mai Văn Cường" not in html
    assert reverse("household", args=[world.households.ha_trung_poor.pk]) not in html
    searched = client.get(reverse("village", args=[world.villages.na_sung.pk]), {"year": YEAR, "q": "Mai Văn"})
    assert "Mai Văn Cường" not in searched.content.decode()


def test_home_of_the_diem_he_official_links_their_commune_and_no_other(world, login):
    response = login(world.users.official_diem_he).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("commune", args=[world.communes.diem_he.pk]) + "?year=" in html
    for other in (world.communes.tri_le, world.communes.ha_trung, world.communes.hac_thanh):
        assert reverse("commune", args=[other.pk]) not in html


# ---------------------------------------------------------------- reviewers, administrators, no role


def _status(client, name, *args, method="get", data=None):
    url = reverse(name, args=args)
    return (client.post(url, data or {}) if method == "post" else client.get(url)).status_code


def test_van_quan_reviewer_sees_diem_he_and_tri_le_but_gets_404_on_ha_trung(world, login, tri_le_household):
    client = login(world.users.reviewer_van_quan)
    c, v, h = world.communes, world.villages, world.households
    assert _status(client, "commune", c.diem_he.pk) == 200
    assert _status(client, "commune", c.tri_le.pk) == 200
    assert _status(client, "village", v.na_sung.pk) == 200
    assert _status(client, "village", v.tri_le_1.pk) == 200
    assert _status(client, "household", h.diem_he_poor.pk) == 200
    assert _status(client, "household", tri_le_household.pk) == 200
    assert _status(client, "commune", c.ha_trung.pk) == 404
    assert _status(client, "commune", c.hac_thanh.pk) == 404
    assert _status(client, "village", v.tk1.pk) == 404
    assert _status(client, "household", h.ha_trung_poor.pk) == 404
    assert _status(client, "household_edit", h.ha_trung_poor.pk) == 404
    assert _status(client, "counts_edit", c.ha_trung.pk, YEAR) == 404


def test_van_quan_reviewer_gets_403_on_the_write_pages_of_diem_he_and_changes_nothing(world, login):
    client = login(world.users.reviewer_van_quan)
    c, v, h = world.communes, world.villages, world.households
    before = snapshot()
    thong_nhat = v.thong_nhat
    assert _status(client, "counts_edit", c.diem_he.pk, YEAR) == 403
    assert (
        _status(
            client,
            "counts_edit",
            c.diem_he.pk,
            YEAR,
            method="post",
            data={f"v{thong_nhat.pk}-total_households": "90", f"v{thong_nhat.pk}-poor": "9"},
        )
        == 403
    )
    assert _status(client, "household_create", v.na_sung.pk) == 403
    assert (
        _status(client, "household_create", v.na_sung.pk, method="post", data=household_body(v.na_sung, name="X"))
        == 403
    )
    assert _status(client, "household_edit", h.diem_he_poor.pk) == 403
    assert (
        _status(
            client,
            "household_edit",
            h.diem_he_poor.pk,
            method="post",
            data=household_body(v.na_sung, name="Y", household_version=1, assessment_version=1),
        )
        == 403
    )
    assert snapshot() == before


def test_van_quan_reviewer_is_not_offered_the_write_links(world, login):
    client = login(world.users.reviewer_van_quan)
    commune_html = client.get(reverse("commune", args=[world.communes.diem_he.pk])).content.decode()
    village_html = client.get(reverse("village", args=[world.villages.na_sung.pk])).content.decode()
    assert reverse("counts_edit", args=[world.communes.diem_he.pk, YEAR]) not in commune_html
    assert reverse("household_create", args=[world.villages.na_sung.pk]) not in village_html


def test_thanh_hoa_province_reviewer_sees_ha_trung_and_the_commune_without_district_but_not_diem_he(world, login):
    client = login(world.users.reviewer_thanh_hoa)
    c, v, h = world.communes, world.villages, world.households
    assert _status(client, "commune", c.ha_trung.pk) == 200
    assert _status(client, "commune", c.hac_thanh.pk) == 200
    assert _status(client, "village", v.tk2.pk) == 200
    assert _status(client, "village", v.to1.pk) == 200
    assert _status(client, "household", h.ha_trung_poor.pk) == 200
    assert _status(client, "commune", c.diem_he.pk) == 404
    assert _status(client, "commune", c.tri_le.pk) == 404
    assert _status(client, "village", v.na_sung.pk) == 404
    assert _status(client, "household", h.diem_he_poor.pk) == 404
    assert _status(client, "counts_edit", c.ha_trung.pk, YEAR) == 403
    html = client.get(reverse("home")).content.decode()
    assert reverse("commune", args=[c.ha_trung.pk]) in html
    assert reverse("commune", args=[c.hac_thanh.pk]) in html
    assert reverse("commune", args=[c.diem_he.pk]) not in html
    assert reverse("commune", args=[c.tri_le.pk]) not in html


def test_lang_son_province_admin_sees_lang_son_communes_only(world, login):
    client = login(world.users.admin_lang_son)
    c = world.communes
    home = client.get(reverse("home"))
    assert home.status_code == 200
    html = home.content.decode()
    assert reverse("commune", args=[c.diem_he.pk]) in html
    assert reverse("commune", args=[c.tri_le.pk]) in html
    assert reverse("commune", args=[c.ha_trung.pk]) not in html
    assert reverse("commune", args=[c.hac_thanh.pk]) not in html
    assert _status(client, "commune", c.diem_he.pk) == 200
    assert _status(client, "commune", c.tri_le.pk) == 200
    assert _status(client, "commune", c.ha_trung.pk) == 404
    assert _status(client, "commune", c.hac_thanh.pk) == 404
    assert _status(client, "household", world.households.ha_trung_poor.pk) == 404
    assert _status(client, "counts_edit", c.diem_he.pk, YEAR) == 403


def test_user_without_role_sees_no_commune(world, login):
    client = login(world.users.no_role)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    html = home.content.decode()
    assert "Tài khoản của bạn chưa được gắn với địa bàn nào." in html
    for commune in Commune.objects.all():
        assert reverse("commune", args=[commune.pk]) not in html
        assert _status(client, "commune", commune.pk) == 404
    assert _status(client, "village", world.villages.na_sung.pk) == 404
    assert _status(client, "household", world.households.diem_he_poor.pk) == 404


def test_anonymous_user_is_sent_to_the_login_page_for_every_page(world, client, tri_le_household):
    pages = foreign_requests(world, tri_le_household, "ha_trung")
    pages["home"] = ("get", reverse("home"), None)
    login_path = reverse("login")
    before = snapshot()
    for page, (method, url, body) in pages.items():
        response = client.post(url, body) if method == "post" else client.get(url)
        assert response.status_code == 302, page
        location = urlsplit(response["Location"])
        assert location.path == login_path, page
        assert parse_qs(location.query)["next"] == [url], page
    assert snapshot() == before

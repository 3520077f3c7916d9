"""Searching a village's households by the head's name ignores case and diacritics on both databases,
says when a query is too long, and heads with the same name can be told apart. Names need a letter.
A bad query string (year, page, filters) on the registry pages never answers 500."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from households.models import Ethnicity, Household
from households.names import search_key
from tests.support.world import make_household

pytestmark = pytest.mark.django_db

YEAR = 2024


def listed(response) -> list[str]:
    """The heads' names listed on a village page, in order."""
    return [html.unescape(m) for m in re.findall(r'<td><a href="/ho/\d+/">(.*?)</a>', response.content.decode(), re.S)]


@pytest.fixture
def heads(world):
    """Households of Nà Súng whose names differ by case and diacritics only."""
    user, na_sung = world.users.official_diem_he, world.villages.na_sung
    return {
        name: make_household(user, na_sung, YEAR, income=3_000_000, name=name).household
        for name in ("Đinh Văn Tùng", "Lò Thị TÙNG", "Đặng Thị Dinh")
    }


def search(client, world, q: str):
    """The village list's name search, as the page sends it: posted, kept in the session, redirected."""
    url = reverse("village", args=[world.villages.na_sung.pk]) + f"?year={YEAR}"
    return client.post(url, {"q": q}, follow=True)


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("dinh", ["Đặng Thị Dinh", "Đinh Văn Tùng"]),
        ("Đinh", ["Đặng Thị Dinh", "Đinh Văn Tùng"]),
        ("tùng", ["Đinh Văn Tùng", "Lò Thị TÙNG"]),
        ("TUNG", ["Đinh Văn Tùng", "Lò Thị TÙNG"]),
        ("dang thi", ["Đặng Thị Dinh"]),
        ("  ĐINH   văn ", ["Đinh Văn Tùng"]),
        ("hoàng văn bình", ["Hoàng Văn Bình"]),
    ],
)
def test_search_ignores_case_and_diacritics(world, official, heads, q, found):
    assert sorted(listed(search(official, world, q))) == sorted(found)


def test_a_renamed_head_is_found_by_the_new_name_only(world, official, heads):
    from households import services

    household = heads["Lò Thị TÙNG"]
    record = household.assessments.get(year=YEAR)
    services.save_household(
        by=world.users.official_diem_he,
        household=household,
        data={"village": household.village, "head_name": "Lò Thị Ngọc"},
        year=YEAR,
        assessment={"income_per_capita": record.income_per_capita},
        household_version=household.version,
        assessment_version=record.version,
    )
    assert listed(search(official, world, "ngoc")) == ["Lò Thị Ngọc"]
    assert listed(search(official, world, "lo thi tung")) == []


def test_households_made_in_bulk_get_their_search_key(world):
    Household.objects.bulk_create(
        [
            Household(
                village=world.villages.na_sung, head_name="Vi Văn Đức", members=3, ethnicity=Ethnicity.objects.first()
            )
        ]
    )
    assert Household.objects.get(head_name="Vi Văn Đức").search_name == "vi van duc"


def test_search_key_folds_d_with_stroke_and_drops_zero_width_characters():
    assert search_key("ĐOÀN\u200b Thị  Đào") == "doan thi dao"


def test_a_too_long_query_says_so_instead_of_being_ignored(world, official, heads):
    response = search(official, world, "a" * 121)
    assert response.status_code == 200
    errors = re.findall(r'data-testid="filter-error">(.*?)</div>', html.unescape(response.content.decode()))
    assert errors == ["Tên tìm kiếm dài quá: tối đa 120 ký tự (đã nhập 121 ký tự)."]


def test_heads_with_the_same_name_are_told_apart_by_code_and_address(world, official):
    user, na_sung = world.users.official_diem_he, world.villages.na_sung
    first = make_household(user, na_sung, YEAR, income=3_000_000, name="Hoàng Văn Bình").household
    first.address = "Khu Nà Súng trên"
    first.save()
    second = world.households.diem_he_poor
    response = search(official, world, "Hoàng Văn Bình")
    assert listed(response) == ["Hoàng Văn Bình", "Hoàng Văn Bình"]
    codes = re.findall(r'data-testid="household-code">(.*?)</div>', html.unescape(response.content.decode()), re.S)
    assert sorted(codes) == sorted([f"Mã hộ {first.pk} · Khu Nà Súng trên", f"Mã hộ {second.pk}"])

    detail = official.get(reverse("household", args=[first.pk])).content.decode()
    assert f'<dd class="col-sm-9" data-testid="household-code">{first.pk}</dd>' in detail


# ---------------------------------------------------------------- names


@pytest.fixture
def create_url(world):
    return reverse("household_create", args=[world.villages.na_sung.pk]) + f"?year={YEAR}"


def body(world, name):
    return {
        "village": world.villages.na_sung.pk,
        "head_name": name,
        "members": "4",
        "ethnicity": Ethnicity.objects.get(name="Nùng").pk,
        "income_per_capita": "1300000",
    }


@pytest.mark.parametrize("name", ["\u200b\u200c\u200d", "\u2060\ufeff", "\u200b 123 \u200b", "--"])
def test_a_head_name_without_any_letter_is_refused_and_nothing_is_created(world, official, create_url, name):
    before = Household.objects.count()
    response = official.post(create_url, body(world, name))
    assert response.status_code == 200
    assert "Họ tên phải có ít nhất một chữ cái." in html.unescape(response.content.decode())
    assert Household.objects.count() == before


def test_a_head_name_with_letters_and_a_stray_zero_width_space_is_accepted(world, official, create_url):
    response = official.post(create_url, body(world, "Lương\u200b Văn Khánh"))
    assert response.status_code == 302
    household = Household.objects.get(head_name="Lương\u200b Văn Khánh")
    assert household.search_name == "luong van khanh"


def test_the_migration_fills_the_search_key_of_existing_households(world):
    import importlib

    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE households_household SET search_name = ''")
    migration = importlib.import_module("households.migrations.0004_counts_registry")
    migration.fill_search_names(apps, None)
    assert sorted(Household.objects.values_list("search_name", flat=True)) == [
        "hoang van binh",
        "mai van cuong",
        "nong thi hoa",
    ]


# ---------------------------------------------------------------- bad query strings


BAD_QUERIES = [
    "year=abc",
    "year=99999",
    "year=-1",
    "year=",
    "page=abc",
    "page=-1",
    "page=99999",
    "status=bogus",
    "cause=999999",
    "cause=abc",
    "category=x",
    "q=" + "x" * 500,
    "year=abc&page=abc&status=bogus&cause=999999&category=x",
]


def _pages(world):
    return {
        "commune": reverse("commune", args=[world.communes.diem_he.pk]),
        "village": reverse("village", args=[world.villages.na_sung.pk]),
        "household": reverse("household", args=[world.households.diem_he_poor.pk]),
        "household_edit": reverse("household_edit", args=[world.households.diem_he_poor.pk]),
        "household_create": reverse("household_create", args=[world.villages.na_sung.pk]),
        "counts_edit": reverse("counts_edit", args=[world.communes.diem_he.pk, YEAR]),
    }


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize(
    "page", ["commune", "village", "household", "household_edit", "household_create", "counts_edit"]
)
def test_bad_query_string_never_answers_500(world, official, page, query):
    response = official.get(f"{_pages(world)[page]}?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_query_string_on_the_home_page_never_answers_500(world, login, query):
    response = login(world.users.reviewer_van_quan).get(f"{reverse('home')}?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["status=bogus", "cause=999999", "category=x", "page=abc", "page=-1"])
def test_village_list_with_a_bad_filter_still_lists_the_households(world, official, query):
    response = official.get(f"{reverse('village', args=[world.villages.na_sung.pk])}?year={YEAR}&{query}")
    page = response.content.decode()
    assert "Hoàng Văn Bình" in page
    assert "Nông Thị Hoa" in page


@pytest.mark.parametrize("page", ["commune", "village"])
def test_superscript_digit_as_year_never_answers_500(world, official, page):
    response = official.get(f"{_pages(world)[page]}?year=²")
    assert response.status_code == 200


def test_counts_form_for_a_year_out_of_range_is_refused_without_500(world, official):
    response = official.get(reverse("counts_edit", args=[world.communes.diem_he.pk, 99999]))
    assert response.status_code == 404

"""Searching a village's households by the head's name ignores case and diacritics on both databases,
says when a query is too long, and heads with the same name can be told apart. Names need a letter."""

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

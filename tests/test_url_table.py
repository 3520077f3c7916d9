"""Every routed URL with the status each role gets (pretix's table, Kiwi's completeness check).

A new view cannot ship unchecked: `test_every_routed_url_name_is_in_the_table` fails until its name
and the expected answer for every role are added to URLS below.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from plans.models import Plan

YEAR = 2024

# Routed names that are not our pages: Django's own, or reachable without logging in by design.
SKIPPED = {"set_language", "login", "logout"}
SKIPPED_NAMESPACES = {"admin"}

# The roles, all looking at Điềm He's objects (commune, village Nà Súng, household Hoàng Văn Bình).
ROLES = [
    "official",  # official of the object's commune (Điềm He)
    "other_official",  # official of another commune (Hà Trung)
    "reviewer",  # reviewer of the object's district (Văn Quan)
    "other_reviewer",  # reviewer of another area (province Thanh Hóa)
    "province_admin",  # administrator of the object's province (Lạng Sơn)
    "no_role",
    "anonymous",
]
ROLE_USERS = {
    "official": "official_diem_he",
    "other_official": "official_ha_trung",
    "reviewer": "reviewer_van_quan",
    "other_reviewer": "reviewer_thanh_hoa",
    "province_admin": "admin_lang_son",
    "no_role": "no_role",
}

# url name -> kwargs built from the world, and the GET status per role (in ROLES order).
URLS = {
    #                     official other_off reviewer other_rev prov_admin no_role anonymous
    "home": ("none", (302, 302, 200, 200, 200, 200, 302)),
    "commune": ("commune", (200, 404, 200, 404, 200, 404, 302)),
    "counts_edit": ("commune_year", (200, 404, 403, 404, 403, 404, 302)),
    "village": ("village", (200, 404, 200, 404, 200, 404, 302)),
    "household_create": ("village", (200, 404, 403, 404, 403, 404, 302)),
    "household": ("household", (200, 404, 200, 404, 200, 404, 302)),
    "household_edit": ("household", (200, 404, 403, 404, 403, 404, 302)),
    "commune_plans": ("commune", (200, 404, 200, 404, 200, 404, 302)),
    "officers": ("commune", (200, 404, 403, 404, 403, 404, 302)),
    "review_queue": ("none", (403, 403, 200, 200, 403, 403, 302)),
    "district_rollup": ("district_year", (404, 404, 200, 404, 200, 404, 302)),
    "plan": ("plan", (200, 404, 200, 404, 200, 404, 302)),
    "plan_edit": ("plan", (200, 404, 403, 404, 403, 404, 302)),
    "plan_grid": ("plan", (200, 404, 403, 404, 403, 404, 302)),
    "plan_figures": ("transcribed_plan", (200, 404, 403, 404, 403, 404, 302)),
    "plan_part": ("plan_part", (200, 404, 403, 404, 403, 404, 302)),
    "plan_changes": ("plan", (200, 404, 200, 404, 200, 404, 302)),
    "plan_delete": ("plan", (200, 404, 403, 404, 403, 404, 302)),
    # Actions answer POST only (GET: 405, before any lookup, so nothing leaks).
    "plan_transition": ("plan_transition", (405, 405, 405, 405, 405, 405, 302)),
    "plan_new_revision": ("plan", (405, 405, 405, 405, 405, 405, 302)),
    "plan_comment": ("plan", (405, 405, 405, 405, 405, 405, 302)),
    "comment_resolve": ("comment", (405, 405, 405, 405, 405, 405, 302)),
}


def _kwargs(world, plans, kind: str) -> dict:
    if kind == "transcribed_plan":  # the printed figures page exists for plans typed from paper
        Plan.objects.filter(pk=plans.diem_he.pk).update(transcribed=True)
        kind = "plan"
    return {
        "none": {},
        "district_year": {"pk": world.districts.van_quan.pk, "year": YEAR},
        "plan": {"pk": plans.diem_he.pk},
        "plan_part": {"pk": plans.diem_he.pk, "part": "can-cu"},
        "plan_transition": {"pk": plans.diem_he.pk, "name": "submit"},
        "comment": {"pk": plans.comment.pk},
        "commune": {"pk": world.communes.diem_he.pk},
        "commune_year": {"pk": world.communes.diem_he.pk, "year": YEAR},
        "village": {"pk": world.villages.na_sung.pk},
        "household": {"pk": world.households.diem_he_poor.pk},
    }[kind]


def routed_names(patterns=None, namespace: str = "") -> set[str]:
    """Names of every routed URL below `patterns`, namespaced as reverse() wants them."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= routed_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                names.add(f"<unnamed {entry.pattern}>")
            elif entry.name not in SKIPPED:
                names.add(f"{namespace}{entry.name}")
    return names


def test_every_routed_url_name_is_in_the_table():
    routed = routed_names()
    assert routed - URLS.keys() == set(), "add these URLs, with the status for every role, to URLS"
    assert URLS.keys() - routed == set(), "these names in URLS are no longer routed"


def test_the_walk_finds_our_pages_and_skips_admin():
    routed = routed_names()
    assert {"home", "commune", "household_edit"} <= routed
    assert not any(name.startswith("admin:") for name in routed)
    assert not routed & SKIPPED


@pytest.mark.parametrize("name", list(URLS))
@pytest.mark.parametrize("role", ROLES)
def test_get_answers_the_expected_status(world, plans, client, name, role):
    kind, statuses = URLS[name]
    expected = statuses[ROLES.index(role)]
    if role != "anonymous":
        client.force_login(getattr(world.users, ROLE_USERS[role]))
    url = reverse(name, kwargs=_kwargs(world, plans, kind))
    response = client.get(url)
    assert response.status_code == expected, f"{role} GET {url}"
    if role == "anonymous":
        assert urlsplit(response["Location"]).path == reverse("login")
    elif expected == 302:  # officials land on their own commune
        user = getattr(world.users, ROLE_USERS[role])
        assert response["Location"] == reverse("commune", args=[user.commune_id])


def test_table_lists_a_status_for_every_role():
    assert all(len(statuses) == len(ROLES) for _, statuses in URLS.values())
    assert set(ROLE_USERS) | {"anonymous"} == set(ROLES)

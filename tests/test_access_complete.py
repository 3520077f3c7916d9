"""Access complete in povertyplan/access.py: every scoped model (District and Province too) through
`for_user`, the navigation's and the pages' rights as flags computed there, the admin asking the same
rules, and no role string compared outside access.py and the models.

Named outsiders: the Văn Quan reviewer must reach nothing of Thanh Hóa's districts, the Lạng Sơn
administrator nothing of Thanh Hóa in the admin.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from households.models import Commune, District, PovertyStandard, Province, Village
from plans.models import ProgramVersion, ReviewComment
from povertyplan import access
from povertyplan.admin import AccessRules
from povertyplan.models import User

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def superuser():
    return User.objects.create_superuser(username="quantri", password=None, email="")


def users(world) -> dict:
    return {**vars(world.users), "superuser": superuser()}


# ------------------------------------------------------------------ District and Province for_user

# user -> (districts viewed, changed, reviewed, administered), by name.
DISTRICTS = {
    "official_diem_he": ((), (), (), ()),
    "official_ha_trung": ((), (), (), ()),
    "reviewer_van_quan": (("Văn Quan",), ("Văn Quan",), (), ()),
    "reviewer_thanh_hoa": (("Hà Trung",), (), ("Hà Trung",), ()),
    "admin_lang_son": (("Văn Quan",), (), (), ()),
    "no_role": ((), (), (), ()),
    "superuser": (("Hà Trung", "Văn Quan"),) * 4,
}


@pytest.mark.parametrize("name", list(DISTRICTS))
def test_district_for_user_follows_the_district_rules_for_every_role(world, name):
    user = users(world)[name]
    for action, expected in zip(
        (access.VIEW, access.CHANGE, access.REVIEW, access.ADMIN), DISTRICTS[name], strict=True
    ):
        got = tuple(District.objects.for_user(user, action).order_by("name").values_list("name", flat=True))
        assert got == expected, action


def test_district_for_user_gives_an_anonymous_user_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    for action in access.ACTIONS:
        assert list(District.objects.for_user(AnonymousUser(), action)) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("official_diem_he", ["Lạng Sơn"]),
        ("official_ha_trung", ["Thanh Hóa"]),
        ("reviewer_van_quan", ["Lạng Sơn"]),
        ("reviewer_thanh_hoa", ["Thanh Hóa"]),
        ("admin_lang_son", ["Lạng Sơn"]),
        ("no_role", []),
        ("superuser", ["Lạng Sơn", "Thanh Hóa"]),
    ],
)
def test_province_for_user_is_the_users_own_province(world, name, expected):
    user = users(world)[name]
    assert list(Province.objects.for_user(user).order_by("name").values_list("name", flat=True)) == expected
    if name != "superuser":
        assert list(Province.objects.for_user(user, access.CHANGE)) == []  # national data


def test_district_rollup_and_review_queue_list_only_the_districts_for_user(world, client):
    client.force_login(world.users.reviewer_thanh_hoa)
    assert list(client.get(reverse("review_queue")).context["districts"]) == [world.districts.ha_trung]
    outside = reverse("district_rollup", args=[world.districts.van_quan.pk, 2024])
    assert client.get(outside).status_code == 404
    client.force_login(world.users.reviewer_van_quan)
    assert list(client.get(reverse("review_queue")).context["districts"]) == [world.districts.van_quan]


# ------------------------------------------------------------------ the menu


def expected_menu(world, name) -> access.Menu:
    return {
        "official_diem_he": access.Menu(own_commune=world.communes.diem_he.pk),
        "official_ha_trung": access.Menu(own_commune=world.communes.ha_trung.pk),
        "reviewer_van_quan": access.Menu(
            review_queue=True,
            rollup_district=world.districts.van_quan.pk,
            area_level="huyen",
            area_pk=world.districts.van_quan.pk,
        ),
        "reviewer_thanh_hoa": access.Menu(review_queue=True, area_level="tinh", area_pk=world.provinces.thanh_hoa.pk),
        "admin_lang_son": access.Menu(
            admin=True,
            units_province=world.provinces.lang_son.pk,
            area_level="tinh",
            area_pk=world.provinces.lang_son.pk,
        ),
        "no_role": access.Menu(),
        "superuser": access.Menu(review_queue=True, admin=True),
    }[name]


@pytest.mark.parametrize(
    "name",
    ["official_diem_he", "official_ha_trung", "reviewer_van_quan", "reviewer_thanh_hoa", "admin_lang_son", "no_role"]
    + ["superuser"],
)
def test_menu_flags_per_role_with_no_query(world, name, django_assert_num_queries):
    user = users(world)[name]
    with django_assert_num_queries(0):
        got = access.menu(user)
    assert got == expected_menu(world, name)


def test_a_staff_user_without_an_admin_rule_is_not_offered_the_admin(world):
    reviewer = world.users.reviewer_van_quan
    reviewer.is_staff = True
    assert access.menu(reviewer) == access.Menu(
        review_queue=True,
        rollup_district=world.districts.van_quan.pk,
        area_level="huyen",
        area_pk=world.districts.van_quan.pk,
    )


def test_an_inactive_or_anonymous_user_is_offered_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    official = world.users.official_diem_he
    official.is_active = False
    assert access.menu(official) == access.Menu()
    assert access.menu(AnonymousUser()) == access.Menu()


def nav_links(html: str) -> dict[str, str]:
    """The navigation bar's links: data-testid (or "brand") -> href."""
    nav = re.search(r"<nav\b.*?</nav>", html, re.S).group()
    links = {}
    for tag in re.findall(r"<a\b[^>]*>", nav):
        href = re.search(r'href="([^"]*)"', tag).group(1)
        testid = re.search(r'data-testid="([^"]*)"', tag)
        links[testid.group(1) if testid else "brand"] = href
    return links


@pytest.mark.parametrize(
    "name",
    ["official_diem_he", "reviewer_van_quan", "reviewer_thanh_hoa", "admin_lang_son", "no_role", "superuser"],
)
def test_the_rendered_nav_shows_exactly_the_menus_links(world, client, name):
    user = users(world)[name]
    menu = expected_menu(world, name)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    expected = {"brand": reverse("home")}
    if menu.own_commune:
        expected["nav-plans"] = reverse("commune_plans", args=[menu.own_commune])
    if menu.review_queue:
        expected["nav-review"] = reverse("review_queue")
    if menu.units_province:
        expected["nav-units"] = reverse("province_units", args=[menu.units_province])
    if menu.admin:
        expected["nav-admin"] = reverse("admin:index")
    assert nav_links(response.content.decode()) == expected


def test_the_login_page_nav_offers_nothing_but_home(client):
    assert nav_links(client.get(reverse("login")).content.decode()) == {"brand": reverse("home")}


AREA_LINKS = ("rollup-link", "area-forms-link", "area-results-link")


def _area_links(client) -> dict[str, str]:
    html = client.get(reverse("home")).content.decode()
    return {
        testid: href for testid in AREA_LINKS for href in re.findall(rf'href="([^"]*)" data-testid="{testid}"', html)
    }


def test_home_links_the_roll_up_forms_and_results_of_the_area_the_menu_names_and_they_open(world, client):
    district, province = world.districts.van_quan.pk, world.provinces.thanh_hoa.pk
    for user, expected in (
        (
            world.users.reviewer_van_quan,
            {
                "rollup-link": reverse("district_rollup", args=[district, 2024]),
                "area-forms-link": reverse("area_review_forms", args=["huyen", district, 2024]),
                "area-results-link": reverse("area_results", args=["huyen", district, 2024]),
            },
        ),
        (
            world.users.reviewer_thanh_hoa,  # a province-level reviewer: the province's pages
            {
                "rollup-link": reverse("province_rollup", args=[province, 2024]),
                "area-forms-link": reverse("area_review_forms", args=["tinh", province, 2024]),
                "area-results-link": reverse("area_results", args=["tinh", province, 2024]),
            },
        ),
    ):
        client.force_login(user)
        assert _area_links(client) == expected
        assert [client.get(url).status_code for url in expected.values()] == [200, 200, 200]
    client.force_login(world.users.official_diem_he)
    assert _area_links(client) == {}


def test_a_districts_forms_are_linked_only_for_its_years(world, client):
    client.force_login(world.users.reviewer_van_quan)
    district = world.districts.van_quan.pk
    html = client.get(reverse("district_rollup", args=[district, 2026])).content.decode()
    assert 'data-testid="area-forms"' not in html and 'data-testid="area-results"' in html
    home = client.get(reverse("home") + "?year=2026").content.decode()
    assert 'data-testid="area-forms-link"' not in home and 'data-testid="rollup-link"' in home
    assert client.get(reverse("area_review_forms", args=["huyen", district, 2026])).status_code == 404


def test_the_roll_ups_link_their_areas_forms_and_results(world, client):
    district, province = world.districts.van_quan.pk, world.provinces.thanh_hoa.pk
    for user, rollup, level, pk in (
        (world.users.reviewer_van_quan, reverse("district_rollup", args=[district, 2024]), "huyen", district),
        (world.users.reviewer_thanh_hoa, reverse("province_rollup", args=[province, 2024]), "tinh", province),
    ):
        client.force_login(user)
        html = client.get(rollup).content.decode()
        links = [re.findall(rf'href="([^"]*)" data-testid="{t}"', html) for t in ("area-forms", "area-results")]
        assert links == [
            [reverse("area_review_forms", args=[level, pk, 2024])],
            [reverse("area_results", args=[level, pk, 2024])],
        ]


# ------------------------------------------------------------------ per-object flags


def test_plan_flags_per_role(world, plans, django_assert_num_queries):
    everyone = users(world)
    diem_he, van_quan = plans.diem_he, plans.van_quan
    F = access.Flags
    cases = [
        ("official_diem_he", diem_he, F(view=True, change=True)),
        ("official_ha_trung", diem_he, F()),
        ("reviewer_van_quan", diem_he, F(view=True, review=True)),
        ("reviewer_thanh_hoa", diem_he, F()),
        ("admin_lang_son", diem_he, F(view=True)),
        ("reviewer_van_quan", van_quan, F(view=True, change=True)),
        ("admin_lang_son", van_quan, F(view=True)),
        ("official_diem_he", van_quan, F()),
        ("reviewer_thanh_hoa", van_quan, F()),
    ]
    for name, plan, expected in cases:
        with django_assert_num_queries(1):
            assert access.flags(everyone[name], plan) == expected, name
    for name in ("superuser", "no_role"):  # all or nothing: decided without a query
        with django_assert_num_queries(0):
            got = access.flags(everyone[name], diem_he)
        assert got == (F(view=True, change=True, review=True) if name == "superuser" else F())


def test_district_and_commune_flags(world):
    F = access.Flags
    assert access.flags(world.users.reviewer_van_quan, world.districts.van_quan) == F(view=True, change=True)
    assert access.flags(world.users.reviewer_thanh_hoa, world.districts.ha_trung) == F(view=True, review=True)
    assert access.flags(world.users.reviewer_van_quan, world.districts.ha_trung) == F()
    assert access.flags(world.users.official_diem_he, world.communes.diem_he) == F(view=True, change=True)
    assert access.flags(world.users.reviewer_thanh_hoa, world.communes.hac_thanh) == F(view=True, review=True)


def test_flags_agree_with_can_for_every_user_object_and_action(world, plans):
    objects = [
        world.communes.diem_he,
        world.communes.ha_trung,
        world.communes.hac_thanh,
        world.villages.na_sung,
        world.districts.van_quan,
        world.districts.ha_trung,
        world.households.diem_he_poor,
        plans.diem_he,
        plans.van_quan,
        plans.comment,
    ]
    for user in users(world).values():
        for obj in objects:
            flags = access.flags(user, obj)
            assert (flags.view, flags.change, flags.review) == tuple(
                access.can(user, action, obj) for action in (access.VIEW, access.CHANGE, access.REVIEW)
            ), (user.username, obj)


# ------------------------------------------------------------------ scoped comments


def test_an_outsider_resolving_a_comment_gets_404_and_changes_nothing(world, plans, client):
    for outsider in (world.users.official_ha_trung, world.users.reviewer_thanh_hoa):
        client.force_login(outsider)
        assert client.post(reverse("comment_resolve", args=[plans.comment.pk])).status_code == 404
    plans.comment.refresh_from_db()
    assert plans.comment.resolved is False


def test_a_province_admin_resolving_a_comment_in_their_area_gets_403(world, plans, client):
    client.force_login(world.users.admin_lang_son)
    assert client.post(reverse("comment_resolve", args=[plans.comment.pk])).status_code == 403
    plans.comment.refresh_from_db()
    assert plans.comment.resolved is False


def test_comments_for_user_follow_their_plan(world, plans):
    assert list(ReviewComment.objects.for_user(world.users.official_diem_he)) == [plans.comment]
    assert list(ReviewComment.objects.for_user(world.users.official_ha_trung)) == []


# ------------------------------------------------------------------ the admin asks access.py


def test_admin_may_per_role(world):
    pa = world.users.admin_lang_son
    assert access.admin_may(pa, Village, "view") is True
    assert access.admin_may(pa, Village, "change", world.villages.na_sung) is True
    assert access.admin_may(pa, Village, "change", world.villages.tk1) is False
    assert access.admin_may(pa, Commune, "view", world.communes.ha_trung) is False
    assert access.admin_may(pa, Village, "add") is False
    assert access.admin_may(pa, Village, "delete", world.villages.na_sung) is False
    for national in (District, Province, PovertyStandard, ProgramVersion, User):
        assert access.admin_may(pa, national, "view") is False, national
    pa.is_staff = False  # the rule is for staff: the admin's own gate
    assert access.admin_may(pa, Village, "view") is False
    reviewer = world.users.reviewer_van_quan
    reviewer.is_staff = True
    assert access.admin_may(reviewer, Village, "view") is False
    root = superuser()
    for model in (Village, District, PovertyStandard, User):
        for permission in access.ADMIN_PERMISSIONS:
            assert access.admin_may(root, model, permission) is True


def test_every_registered_admin_of_ours_asks_access(world):
    ours = {"households", "plans", "povertyplan"}
    registered = {model: ma for model, ma in admin.site._registry.items() if model._meta.app_label in ours}
    assert {User, Commune, Village, District, Province, PovertyStandard, ProgramVersion} <= set(registered)
    for model_admin in registered.values():
        assert isinstance(model_admin, AccessRules), type(model_admin)
        for inline in model_admin.inlines:
            assert issubclass(inline, AccessRules), inline


def test_the_province_admins_commune_form_offers_only_their_units(world, client):
    client.force_login(world.users.admin_lang_son)
    form = (
        client.get(reverse("admin:households_commune_change", args=[world.communes.diem_he.pk]))
        .context["adminform"]
        .form
    )
    assert list(form.fields["province"].queryset) == [world.provinces.lang_son]
    assert list(form.fields["district"].queryset) == [world.districts.van_quan]
    assert list(form.fields["merged_into"].queryset) == [world.communes.tri_le]


# ------------------------------------------------------------------ no role strings outside access.py

ROLE_COMPARISON = re.compile(
    r"""\.role\s*(?:==|!=)|\brole\s*(?:==|!=)\s*["']|(?:==|!=)\s*(?:access\.)?Role\.|\.role\s+(?:not\s+)?in\b"""
)
APPS = ("households", "plans", "povertyplan", "reports")
ALLOWED = {Path("povertyplan/access.py"), Path("povertyplan/models.py")}


def role_comparisons() -> list[str]:
    found = []
    files = list((ROOT / "templates").rglob("*.html"))
    for app in APPS:
        files += [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
        files += list((ROOT / app).rglob("templates/**/*.html"))
    for path in files:
        rel = path.relative_to(ROOT)
        if rel in ALLOWED or path.name == "models.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_COMPARISON.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    return found


def test_no_role_comparison_outside_access_and_the_models():
    assert role_comparisons() == []


@pytest.mark.parametrize(
    "line",
    [
        '{% if user.role == "official" %}',
        "if user.role == Role.REVIEWER:",
        "if request.user.role != access.Role.PROVINCE_ADMIN:",
        "if user.role in (Role.OFFICIAL, Role.REVIEWER):",
        "{% if role == 'reviewer' %}",
    ],
)
def test_the_role_scan_catches_each_kind_of_comparison(line):
    assert ROLE_COMPARISON.search(line)


def test_the_role_scan_leaves_assignments_and_the_rules_alone():
    for line in ["user.role, user.is_staff = role, staff", '(Role.OFFICIAL, VIEW): "commune",']:
        assert not ROLE_COMPARISON.search(line)

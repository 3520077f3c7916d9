"""Accounts and personal data: login throttling, password hashing, idle sessions, CSP, caching, cookies, URLs.

The named attacker guesses xa.diemhe's password; the named bystander is the next person at a shared office
computer, who must find neither a live session nor cached pages, cookies or URLs naming households.
"""

from __future__ import annotations

import datetime
import logging
import re
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

import povertyplan.settings as project_settings
from plans.forms import PARTS
from tests.support.world import PASSWORD
from tests.test_access import household_body

YEAR = 2024
BASE_DIR = Path(__file__).resolve().parent.parent


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# ---------------------------------------------------------------- login throttling (django-axes)


def test_after_five_wrong_passwords_the_right_one_is_refused_and_the_lockout_is_logged(world, client, caplog):
    assert django_settings.AXES_FAILURE_LIMIT == 5
    with caplog.at_level(logging.WARNING):
        for _ in range(4):
            response = _login(client, "xa.diemhe", "wrong-password")
            assert response.status_code == 200
            assert not _logged_in(client)
        response = _login(client, "xa.diemhe", "wrong-password")
        assert response.status_code == 429
        response = _login(client, "xa.diemhe", PASSWORD)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "Hãy thử lại sau 30 phút." in response.content.decode()
    assert not _logged_in(client)
    lines = [record.getMessage() for record in caplog.records if record.name.startswith("axes")]
    assert any("xa.diemhe" in line and "127.0.0.1" in line and "Locking out" in line for line in lines), lines
    failures = [line for line in lines if re.match(r"AXES: (New|Repeated) login failure by", line)]
    # Five wrong passwords, then the right one refused during the lockout (axes counts it as a failure too).
    assert len(failures) == 6
    assert all('username: "xa.diemhe"' in line and 'ip_address: "127.0.0.1"' in line for line in failures)
    assert not any("wrong-password" in record.getMessage() for record in caplog.records)


def test_the_lockout_holds_only_that_username_from_that_address(world, client):
    for _ in range(5):
        _login(client, "xa.diemhe", "wrong-password")
    response = _login(client, "xa.hatrung", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_four_wrong_passwords_then_the_right_one_logs_in(world, client):
    for _ in range(4):
        _login(client, "xa.diemhe", "wrong-password")
    response = _login(client, "xa.diemhe", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


# ---------------------------------------------------------------- password hashing


def test_argon2_is_the_first_password_hasher_in_the_settings():
    # tests/conftest.py swaps in MD5 for speed: read the project's own settings module.
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_login_with_the_real_hashers_stores_argon2_and_upgrades_an_old_pbkdf2_hash(world, client, settings):
    from django.contrib.auth.hashers import make_password

    from povertyplan.models import User

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = User.objects.get(username="xa.diemhe")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    assert user.password.startswith("pbkdf2_sha256$")
    assert _login(client, "xa.diemhe", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


# ---------------------------------------------------------------- idle timeout


def _at(minutes: float):
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(minutes=minutes))


def test_a_session_idle_longer_than_thirty_minutes_is_logged_out(world, client):
    response = _login(client, "xa.diemhe", PASSWORD)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # ends when the browser closes
    commune = reverse("commune", args=[world.communes.diem_he.pk])
    assert client.get(commune).status_code == 200
    with _at(31):
        response = client.get(commune)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_each_request_renews_the_idle_limit(world, client):
    _login(client, "xa.diemhe", PASSWORD)
    commune = reverse("commune", args=[world.communes.diem_he.pk])
    with _at(20):
        assert client.get(commune).status_code == 200
    with _at(40):
        assert client.get(commune).status_code == 200
    with _at(71):
        assert client.get(commune).status_code == 302


# ---------------------------------------------------------------- Content-Security-Policy

INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|<[^>]*\sstyle\s*=", re.IGNORECASE)


def _our_templates():
    return sorted(p for p in BASE_DIR.glob("**/templates/**/*.html") if ".venv" not in p.parts)


def test_no_template_of_ours_has_an_inline_handler_script_or_style():
    templates = _our_templates()
    assert len(templates) > 20
    offending = [
        str(p.relative_to(BASE_DIR))
        for p in templates
        if any(pattern.search(p.read_text()) for pattern in (INLINE_HANDLER, INLINE_SCRIPT, INLINE_STYLE))
    ]
    assert offending == []


def _main_pages(world, plans):
    return [
        (world.users.reviewer_van_quan, reverse("home")),
        (world.users.official_diem_he, reverse("commune", args=[world.communes.diem_he.pk])),
        (world.users.official_diem_he, reverse("village", args=[world.villages.na_sung.pk])),
        (world.users.official_diem_he, reverse("household", args=[world.households.diem_he_poor.pk])),
        (world.users.official_diem_he, reverse("household_edit", args=[world.households.diem_he_poor.pk])),
        (world.users.official_diem_he, reverse("counts_edit", args=[world.communes.diem_he.pk, YEAR])),
        (world.users.official_diem_he, reverse("commune_plans", args=[world.communes.diem_he.pk])),
        (world.users.official_diem_he, reverse("plan", args=[plans.diem_he.pk])),
        (world.users.official_diem_he, reverse("plan_grid", args=[plans.diem_he.pk])),
        (world.users.official_diem_he, reverse("plan_edit", args=[plans.diem_he.pk])),
        *[(world.users.official_diem_he, reverse("plan_part", args=[plans.diem_he.pk, part])) for part in PARTS],
        (world.users.official_diem_he, reverse("officers", args=[world.communes.diem_he.pk])),
        (world.users.reviewer_van_quan, reverse("review_queue")),
        (world.users.admin_lang_son, reverse("admin:index")),
        (world.users.admin_lang_son, reverse("admin:households_village_changelist")),
        (world.users.admin_lang_son, reverse("admin:households_village_change", args=[world.villages.na_sung.pk])),
    ]


def test_every_main_page_carries_a_strict_policy_and_no_inline_script(world, plans, login):
    for user, url in _main_pages(world, plans):
        response = login(user).get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy
        page = response.content.decode()
        assert not INLINE_HANDLER.search(page), url
        assert not INLINE_SCRIPT.search(page), url
        if not url.startswith("/admin/"):  # our pages: no style attribute either (Django's admin has a few)
            assert not INLINE_STYLE.search(page), url


def test_the_selects_that_submit_on_change_use_the_static_script(world, login):
    page = login(world.users.official_diem_he).get(reverse("village", args=[world.villages.na_sung.pk])).content
    page = page.decode()
    assert page.count("data-autosubmit") == 2  # the language switch and the year picker
    assert re.search(r'<script src="/static/js/app\.js">', page)


# ---------------------------------------------------------------- caching


def test_pages_with_personal_data_are_never_stored(world, plans, login):
    client = login(world.users.official_diem_he)
    for url in [
        reverse("household", args=[world.households.diem_he_poor.pk]),
        reverse("village", args=[world.villages.na_sung.pk]),
        reverse("commune", args=[world.communes.diem_he.pk]),
        reverse("plan", args=[plans.diem_he.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


# ---------------------------------------------------------------- cookies and URLs


def _cookie_text(response) -> str:
    return " ".join(unquote(morsel.value) for morsel in response.cookies.values())


def test_after_a_household_save_no_cookie_carries_the_name_or_the_status(world, login):
    client = login(world.users.official_diem_he)
    response = client.post(
        reverse("household_create", args=[world.villages.na_sung.pk]) + f"?year={YEAR}",
        household_body(world.villages.na_sung, name="Lò Văn Tèo", income=900_000),
    )
    assert response.status_code == 302
    assert "messages" not in response.cookies
    text = _cookie_text(response)
    assert "Tèo" not in text and "nghèo" not in text.lower()
    # The message still reaches the page, from the session.
    page = client.get(response.url).content.decode()
    assert "Đã lưu hộ Lò Văn Tèo" in page


def test_the_village_search_keeps_names_and_filters_out_of_every_url_and_log(world, login, caplog):
    client = login(world.users.official_diem_he)
    url = reverse("village", args=[world.villages.na_sung.pk])
    page = client.get(f"{url}?year={YEAR}").content.decode()
    form = re.search(r'<form method="(\w+)"[^>]*data-testid="filters"', page)
    assert form and form.group(1) == "post"
    with caplog.at_level(logging.DEBUG):
        response = client.post(f"{url}?year={YEAR}", {"q": "Hoàng", "category": "", "status": "", "cause": ""})
        assert response.status_code == 302
        assert response.url == f"{url}?year={YEAR}"
        page = client.get(response.url).content.decode()
        assert "Hoàng Văn Bình" in page
        assert "Nông Thị Hoa" not in page
        assert 'value="Hoàng"' in page  # what was typed stays in the form
        response = client.post(f"{url}?year={YEAR}", {"q": "", "category": "disability"})
        assert response.url == f"{url}?year={YEAR}"
        assert "disability" not in response.url
    assert not any("Hoàng" in r.getMessage() or "disability" in r.getMessage() for r in caplog.records)
    # Clearing forgets the stored filters.
    response = client.post(f"{url}?year={YEAR}", {"clear": "1"})
    assert response.url == f"{url}?year={YEAR}"
    page = client.get(response.url).content.decode()
    assert "Hoàng Văn Bình" in page and "Nông Thị Hoa" in page


def test_an_invalid_village_filter_is_shown_with_its_error_and_not_stored(world, login):
    client = login(world.users.official_diem_he)
    url = reverse("village", args=[world.villages.na_sung.pk])
    response = client.post(f"{url}?year={YEAR}", {"q": "Hoàng", "status": "bogus"})
    assert response.status_code == 200
    assert response.context["filters"].errors["status"]
    assert 'value="Hoàng"' in response.content.decode()
    page = client.get(f"{url}?year={YEAR}").content.decode()
    assert "Hoàng Văn Bình" in page and "Nông Thị Hoa" in page


@pytest.mark.parametrize(
    ("proxies", "forwarded", "logged"),
    [
        (0, "203.0.113.5", "127.0.0.1"),  # no proxy declared: the header is the client's word, ignored
        (1, "203.0.113.5", "203.0.113.5"),  # one proxy: the address it appended
        (1, "198.51.100.9, 203.0.113.5", "203.0.113.5"),  # a forged left entry is not believed
    ],
)
def test_the_lockout_names_the_client_address_behind_a_declared_proxy(
    world, client, settings, caplog, proxies, forwarded, logged
):
    settings.TRUSTED_PROXIES = proxies
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            client.post(
                reverse("login"), {"username": "xa.diemhe", "password": "wrong"}, HTTP_X_FORWARDED_FOR=forwarded
            )
    locks = [r.getMessage() for r in caplog.records if r.getMessage().startswith("AXES: Locking out")]
    assert len(locks) == 1
    assert f'ip_address: "{logged}"' in locks[0]

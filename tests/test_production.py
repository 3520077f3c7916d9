"""Production serves: static files built with DEBUG off, gunicorn answering; demo data never loaded there.

The serving test runs `collectstatic` and gunicorn as a production host would (DEBUG off, a secret key,
allowed hosts, behind a TLS proxy that sets X-Forwarded-Proto), on a free port of 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _get(url: str):
    """(status, headers, body) of a GET as a browser behind the site's TLS proxy would send it."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", "Host": HOST})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Static files collected into a temporary STATIC_ROOT, then gunicorn serving them with DEBUG off."""
    tmp = tmp_path_factory.mktemp("production")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-production-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
    }
    built = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    port = _free_port()
    log = tmp / "gunicorn.log"
    with log.open("w") as stderr:  # the child keeps its own copy of the file
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "povertyplan.wsgi", "--bind", f"{HOST}:{port}", "--workers", "1"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start within 60 s"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_collectstatic_builds_the_manifest_and_gunicorn_serves_the_login_page_with_debug_off(production):
    status, headers, body = _get(production + reverse("login"))
    assert status == 200
    page = body.decode()
    assert "Đăng nhập" in page
    assert "Content-Security-Policy" in headers
    assert "no-store" in headers["Cache-Control"]
    # The manifest names every static file by its content hash; each one is served.
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
    js = re.search(r'src="(/static/js/app\.[0-9a-f]{12}\.js)"', page)
    assert css and js, page
    for path, content_type in [(css.group(1), "text/css"), (js.group(1), "text/javascript")]:
        status, headers, body = _get(production + path)
        assert status == 200, path
        assert headers["Content-Type"].startswith(content_type)
        assert body


def test_production_answers_an_unknown_address_with_the_vietnamese_404_page(production):
    status, _headers, body = _get(production + "/khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in body.decode()


def test_load_demo_refuses_with_debug_off_and_leaves_the_admin_password_unchanged(db, settings):
    from povertyplan.models import User

    settings.DEBUG = False
    admin = User.objects.create_superuser("admin", password="the-real-admin-password")
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("load_demo")
    admin.refresh_from_db()
    assert admin.check_password("the-real-admin-password")
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


def test_make_run_shows_our_vietnamese_404_page_not_the_debug_page(world, login, settings):
    settings.DEBUG = True  # as under `make run`
    client = login(world.users.official_diem_he)
    for url in ["/khong-co-trang-nay/", reverse("household", args=[world.households.ha_trung_poor.pk])]:
        response = client.get(url)
        assert response.status_code == 404
        page = response.content.decode()
        assert "Không tìm thấy trang" in page
        assert "URLconf" not in page and "Page not found" not in page

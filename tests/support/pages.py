"""Reading pages and forms back as a browser would, and posting them with their hidden fields.

Tests post what the page offers (ids, versions, formset counts), read from the HTML, never typed by hand:
a test then fails when the page stops carrying a field its form needs.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from django.contrib.messages import get_messages
from django.test import Client


class _FormReader(HTMLParser):
    """The fields a browser would submit from the form marked data-testid=<testid>."""

    def __init__(self, testid: str):
        super().__init__(convert_charrefs=True)
        self.testid = testid
        self.inside = False
        self.found = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._first_option = True
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("data-testid") == self.testid
            self.found = self.found or self.inside
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button"):
                return
            if kind == "checkbox":
                if "checked" in a:
                    self.fields[name] = a.get("value") or "on"
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._first_option = name, True
        elif tag == "option" and self._select:
            if self._first_option or "selected" in a:
                self.fields[self._select] = a.get("value") or ""
            self._first_option = False
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields[self._textarea] = "".join(self._text).removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_fields(response, testid: str) -> dict[str, str]:
    """The fields (hidden ones included) the form data-testid=<testid> of a 200 page submits as it is."""
    assert response.status_code == 200, response.status_code
    reader = _FormReader(testid)
    reader.feed(response.content.decode())
    assert reader.found, f"no form {testid!r} on the page"
    return reader.fields


def page(response) -> str:
    """The page's HTML with its entities decoded, to look for messages as a reader sees them."""
    return html.unescape(response.content.decode())


def html_of(response) -> str:
    """The HTML of a page that must have answered 200."""
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def flash(response) -> list[str]:
    """The messages (django.contrib.messages) the response leaves for the next page."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def grid_index(fields: dict, target_pk: int) -> int:
    """The row number of the village grid's row for the VillageTarget `target_pk`."""
    for name, value in fields.items():
        m = re.fullmatch(r"rows-(\d+)-target", name)
        if m and value == str(target_pk):
            return int(m.group(1))
    raise AssertionError(f"no grid row for target {target_pk}")


def formset_prefix(fields: dict) -> str:
    """The prefix of the one formset among `fields`."""
    [name] = [n for n in fields if n.endswith("-TOTAL_FORMS")]
    return name.removesuffix("-TOTAL_FORMS")


def client_for(user) -> Client:
    """A browser of its own, logged in as `user` (a second person at the same time as `client`)."""
    client = Client()
    client.force_login(user)
    return client

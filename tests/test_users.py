"""The user model: names read in Vietnamese order wherever they are shown."""

from __future__ import annotations

from povertyplan.models import User


def test_a_users_full_name_reads_in_vietnamese_order_on_djangos_own_pages_too():
    user = User(username="tinh.langson", last_name="Vi Văn", first_name="Sơn")
    assert (user.get_full_name(), user.display_name) == ("Vi Văn Sơn", "Vi Văn Sơn")
    assert (User(username="khach").get_full_name(), User(username="khach").display_name) == ("", "khach")

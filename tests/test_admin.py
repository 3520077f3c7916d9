"""The Django admin follows the same access rules as the pages."""

from __future__ import annotations


def test_province_admin_sees_only_the_communes_of_their_province(world, login):
    client = login(world.users.admin_lang_son)
    page = client.get("/admin/households/commune/").content.decode()
    assert "Điềm He" in page and "Tri Lễ" in page
    assert "Hà Trung" not in page and "Hạc Thành" not in page


def test_province_admin_cannot_open_a_commune_of_another_province(world, login):
    client = login(world.users.admin_lang_son)
    response = client.get(f"/admin/households/commune/{world.communes.ha_trung.pk}/change/")
    assert response.status_code == 404  # outside the area is 404, as on the pages
    assert "Hà Trung" not in response.content.decode()


def test_poverty_standards_and_users_are_for_superusers_only(world, login, django_user_model):
    client = login(world.users.admin_lang_son)
    assert client.get("/admin/households/povertystandard/").status_code == 403
    assert client.get("/admin/povertyplan/user/").status_code == 403
    root = django_user_model.objects.create_superuser("root", password="x-long-password-1")
    client = login(root)
    assert (
        "Chuẩn nghèo đa chiều giai đoạn 2022-2025" in client.get("/admin/households/povertystandard/").content.decode()
    )

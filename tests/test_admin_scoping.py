"""The Django admin: a province administrator sees and changes only their province's units.

Named outsider: `tinh.langson` (Lạng Sơn) must get 404 for every admin page of a Thanh Hóa unit (Hà
Trung), history pages included, and no POST of theirs may change it (simple-history's revert forms are
gone with it: the record of who changed what is povertyplan.audit's). Also the admin's
smaller defects: history pages of models without history, a commune merged into itself, deleting an
indicator that assessments use, and the English left in the admin.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from households.models import Assessment, Commune, Ethnicity, Indicator, PovertyCause, PovertyStandard, Village
from plans.models import ProgramVersion
from povertyplan.audit.models import Entry
from povertyplan.models import User
from povertyplan.numbers import format_number

pytestmark = pytest.mark.django_db


def admin_form_data(response) -> dict:
    """The POST data a browser would send back for the admin form in `response` (main form and inlines)."""
    context = response.context
    forms = [context["adminform"].form]
    data = {}
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)
    return data


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name in ("title", "value", "placeholder") and value]

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(response) -> str:
    """What a person reads on the page: text outside scripts, and titles, button labels, placeholders."""
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return " | ".join(parser.parts)


def entries_about(obj) -> int:
    """How many audit entries name `obj` (a refused post writes none)."""
    return Entry.objects.filter(object_type=obj._meta.label_lower, object_id=obj.pk).count()


def superuser():
    return User.objects.create_superuser(username="quantri", password="x", email="")


# ------------------------------------------------------------------ the province administrator


@pytest.mark.parametrize("kind", ["village", "commune"])
def test_province_admin_gets_404_for_every_admin_page_of_another_provinces_unit(world, client, kind):
    client.force_login(world.users.admin_lang_son)
    obj = world.villages.tk1 if kind == "village" else world.communes.ha_trung
    base = f"/admin/households/{kind}/{obj.pk}"
    for path in ["change", "delete", "history"]:
        assert client.get(f"{base}/{path}/").status_code == 404, path


@pytest.mark.parametrize("kind", ["village", "commune"])
def test_province_admin_may_open_the_history_of_their_own_provinces_units(world, client, kind):
    client.force_login(world.users.admin_lang_son)
    obj = world.villages.na_sung if kind == "village" else world.communes.diem_he
    base = f"/admin/households/{kind}/{obj.pk}"
    assert client.get(f"{base}/history/").status_code == 200


@pytest.mark.parametrize("kind", ["village", "commune"])
def test_the_revert_form_of_simple_history_is_gone(world, kind):
    from django.urls import NoReverseMatch, resolve

    with pytest.raises(NoReverseMatch):
        reverse(f"admin:households_{kind}_simple_history", args=[1, 1])
    # The old address falls to the admin's catch-all, which only redirects to the change page (scoped).
    assert resolve(f"/admin/households/{kind}/1/history/1/").url_name != f"households_{kind}_simple_history"


def test_province_admin_change_post_on_another_provinces_village_is_404_and_changes_nothing(world, client):
    tk1 = world.villages.tk1
    client.force_login(world.users.admin_lang_son)
    data = {"commune": world.communes.diem_he.pk, "name": "Đổi tên", "kind": tk1.kind, "order": 1, "code": ""}
    assert client.post(f"/admin/households/village/{tk1.pk}/change/", data).status_code == 404
    tk1.refresh_from_db()
    assert (tk1.commune_id, tk1.name) == (world.communes.ha_trung.pk, "1")


@pytest.mark.parametrize("kind", ["village", "commune"])
@pytest.mark.parametrize("page", ["change", "delete", "history"])
def test_no_post_of_the_province_admin_changes_another_provinces_unit(world, client, kind, page):
    """Every admin page of a Hà Trung unit, posted as the Lạng Sơn admin with data moving it to Lạng Sơn."""
    from django.forms.models import model_to_dict

    obj = world.villages.tk1 if kind == "village" else world.communes.ha_trung
    before, versions = model_to_dict(obj), entries_about(obj)
    path = page
    data = model_to_dict(obj, exclude=["id"]) | {"post": "yes"}
    data = {key: value for key, value in data.items() if value is not None}
    if kind == "village":
        data["commune"] = world.communes.diem_he.pk
    else:
        data |= {"province": world.provinces.lang_son.pk, "district": world.districts.van_quan.pk}
    client.force_login(world.users.admin_lang_son)
    response = client.post(f"/admin/households/{kind}/{obj.pk}/{path}/", data)
    assert response.status_code == 404
    obj.refresh_from_db()
    assert model_to_dict(obj) == before
    assert entries_about(obj) == versions


def test_province_admin_cannot_move_their_village_into_another_province(world, client):
    na_sung = world.villages.na_sung
    client.force_login(world.users.admin_lang_son)
    url = f"/admin/households/village/{na_sung.pk}/change/"
    data = admin_form_data(client.get(url)) | {"commune": str(world.communes.ha_trung.pk)}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "commune" in response.context["adminform"].form.errors
    na_sung.refresh_from_db()
    assert na_sung.commune_id == world.communes.diem_he.pk
    assert entries_about(na_sung) == 0


@pytest.mark.parametrize("method", ["has_view_permission", "has_change_permission"])
def test_admin_permission_methods_check_the_object(world, method):
    request = RequestFactory().get("/admin/")
    request.user = world.users.admin_lang_son
    for model, inside, outside in [
        (Village, world.villages.na_sung, world.villages.tk1),
        (Commune, world.communes.diem_he, world.communes.ha_trung),
    ]:
        check = getattr(admin.site._registry[model], method)
        assert check(request) is True
        assert check(request, inside) is True
        assert check(request, outside) is False


# ------------------------------------------------------------------ smaller defects


@pytest.mark.parametrize("model", [Ethnicity, PovertyCause, ProgramVersion])
def test_history_page_of_a_model_without_history_answers_200(world, client, model):
    obj = model.objects.first() or ProgramVersion.objects.create(name="Chương trình thử", first_year=2026)
    client.force_login(superuser())
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
    assert response.status_code == 200


def test_a_commune_cannot_be_merged_into_itself(world, client):
    diem_he = world.communes.diem_he
    client.force_login(superuser())
    url = reverse("admin:households_commune_change", args=[diem_he.pk])
    data = admin_form_data(client.get(url)) | {"merged_into": str(diem_he.pk)}
    page = client.get(url).content.decode()
    merge_choices = re.search(r'<select name="merged_into".*?</select>', page, re.S).group()
    assert f'value="{diem_he.pk}"' not in merge_choices  # not even offered
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["merged_into"] == [
        "Hãy chọn một giá trị hợp lệ. Giá trị đã chọn không có trong danh sách."
    ]
    assert "Vui lòng sửa lỗi dưới đây." in response.text
    assert "Please correct" not in response.text
    diem_he.refresh_from_db()
    assert diem_he.merged_into_id is None


def test_deleting_an_indicator_that_assessments_use_is_refused(world, client):
    assessment = world.households.diem_he_poor.assessments.get(year=2024)
    indicator = assessment.deprivations.order_by("number").first()
    used = Assessment.objects.filter(deprivations=indicator).count()
    assert used == 3  # the two Điềm He households and Hà Trung's all lack the first indicator
    standard = indicator.standard
    deprivations_before = set(assessment.deprivations.values_list("pk", flat=True))
    client.force_login(superuser())
    url = reverse("admin:households_povertystandard_change", args=[standard.pk])
    page = client.get(url)
    data = admin_form_data(page)
    position = list(standard.indicators.order_by("number").values_list("pk", flat=True)).index(indicator.pk)
    data[f"indicators-{position}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    message = (
        f"Không thể xóa chỉ số “{indicator}”: 3 kết quả rà soát đang tính chỉ số này là thiếu hụt. "
        "Hãy sửa các kết quả rà soát đó trước."
    )
    assert [message] == list(response.context["inline_admin_formsets"][0].formset.non_form_errors())
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert set(assessment.deprivations.values_list("pk", flat=True)) == deprivations_before


def test_deleting_an_unused_indicator_still_works(world, client):
    standard = PovertyStandard.objects.for_year(2024)
    unused = Indicator.objects.create(standard=standard, number=99, dimension="Thử", name="Chỉ số thử")
    client.force_login(superuser())
    url = reverse("admin:households_povertystandard_change", args=[standard.pk])
    data = admin_form_data(client.get(url))
    position = list(standard.indicators.order_by("number").values_list("pk", flat=True)).index(unused.pk)
    data[f"indicators-{position}-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert not Indicator.objects.filter(pk=unused.pk).exists()


# ------------------------------------------------------------------ the admin in Vietnamese


def test_admin_index_has_no_english_headers(world, client):
    client.force_login(superuser())
    text = visible_text(client.get("/admin/"))
    for english in ["Model name", "Add link", "Change or view list link", "Models in the", "Plans"]:
        assert english not in text
    assert "Kế hoạch giảm nghèo" in text
    assert "Quản trị hệ thống kế hoạch giảm nghèo" in text
    assert "Django" not in text
    assert "Toggle theme" not in text and "Đổi giao diện (đang dùng: tự động)" in text


def test_history_pages_are_in_vietnamese(world, client):
    na_sung = world.villages.na_sung
    client.force_login(world.users.admin_lang_son)
    url = f"/admin/households/village/{na_sung.pk}/change/"
    assert client.post(url, admin_form_data(client.get(url)) | {"name": "Nà Súng mới"}).status_code == 302
    history = visible_text(client.get(f"/admin/households/village/{na_sung.pk}/history/"))
    assert "Lịch sử thay đổi: Thôn Nà Súng mới" in history
    assert "Người thực hiện" in history and "Thao tác" in history and "Đã thay đổi Tên." in history
    for english in ["Changed by", "Change reason", "Date/time", "Revert", "historical", "entries"]:
        assert english not in history, english


def test_a_commune_merged_into_itself_is_refused_by_the_model_too(world):
    from django.core.exceptions import ValidationError

    diem_he = world.communes.diem_he
    diem_he.merged_into = diem_he
    with pytest.raises(ValidationError) as refused:
        diem_he.full_clean()
    assert refused.value.message_dict["merged_into"] == ["Một xã không thể sáp nhập vào chính nó."]


def test_the_province_admins_commune_list_filters_name_no_other_province(world, client):
    client.force_login(world.users.admin_lang_son)
    text = visible_text(client.get("/admin/households/commune/"))
    assert "Thanh Hóa" not in text


def test_change_list_filters_are_in_vietnamese(world, client):
    client.force_login(world.users.admin_lang_son)
    text = visible_text(client.get("/admin/households/village/"))
    assert "Hiện số lượng" in text
    assert "Show counts" not in text


def test_standards_list_shows_money_the_vietnamese_way(world, client):
    standard = PovertyStandard.objects.for_year(2024)
    client.force_login(superuser())
    text = client.get(reverse("admin:households_povertystandard_changelist")).text
    assert f'<td class="field-rural_poverty_line_shown">{format_number(standard.rural_poverty_line)}</td>' in text
    assert f">{standard.rural_poverty_line}<" not in text
    assert "." in format_number(standard.rural_poverty_line)


def test_the_province_admins_merge_choices_name_only_their_provinces_communes_in_effect(world, client):
    merged = Commune.objects.create(
        province=world.provinces.lang_son, name="Bình Phúc", merged_into=world.communes.diem_he
    )
    client.force_login(world.users.admin_lang_son)
    page = client.get(reverse("admin:households_commune_change", args=[world.communes.tri_le.pk])).content.decode()
    choices = re.search(r'<select name="merged_into".*?</select>', page, re.S).group()
    offered = set(re.findall(r'<option value="(\d+)"', choices))
    assert offered == {str(world.communes.diem_he.pk)}  # not itself, not Thanh Hóa's, not a merged one
    assert str(merged.pk) not in offered

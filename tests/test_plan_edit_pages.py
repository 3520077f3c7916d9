"""The plan's own fields edited on their pages: the texts and the signature block, the specific targets as
printed; a post without its version or from a stale one is refused and saves nothing."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from plans import services
from tests.support.pages import flash, form_fields, page
from tests.support.plans import PLAN_CONFLICT, SIGNER
from tests.support.world import fresh


def test_plan_edit_saves_the_closing_and_refuses_a_nul_byte(plan, official):
    url = reverse("plan_edit", args=[plan.pk])
    response = official.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    body = {m[0]: html.unescape(m[1]) for m in re.findall(r'<input type="text" name="(\w+)" value="([^"]*)"', content)}
    body |= {"version": str(plan.version), "closing": "Trên đây là Kế hoạch.", "signer_name": SIGNER}
    body.setdefault("issuing_body", plan.issuing_body)
    body.setdefault("place", plan.place)
    body.setdefault("summary", plan.summary)
    body.setdefault("symbol", plan.symbol)
    body.setdefault("signing_authority", plan.signing_authority)
    body.setdefault("signer_title", plan.signer_title)
    response = official.post(url, {**body, "closing": "A\x00B"})
    assert response.status_code == 200
    assert fresh(plan).closing == ""
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    assert (fresh(plan).closing, fresh(plan).signer_name) == ("Trên đây là Kế hoạch.", SIGNER)


def test_a_deputy_signature_with_the_deputys_own_title_is_refused_not_printed_twice(plan, official):
    url = reverse("plan_edit", args=[plan.pk])
    content = official.get(url).content.decode()
    body = {m[0]: html.unescape(m[1]) for m in re.findall(r'<input type="text" name="(\w+)" value="([^"]*)"', content)}
    body |= {"version": str(plan.version), "signer_name": SIGNER, "signer_deputy": "on"}
    for name in ("issuing_body", "place", "summary", "symbol", "signing_authority"):
        body.setdefault(name, getattr(plan, name))
    response = official.post(url, {**body, "signer_title": "PHÓ CHỦ TỊCH"})
    assert response.status_code == 200
    assert "dòng “PHÓ CHỦ TỊCH” được in tự động." in page(response)
    assert (fresh(plan).signer_deputy, fresh(plan).version) == (False, plan.version)
    assert official.post(url, {**body, "signer_title": "CHỦ TỊCH"}).status_code == 302
    detail = page(official.get(reverse("plan", args=[plan.pk])))
    assert "KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH" in detail
    assert "PHÓ PHÓ" not in detail


@pytest.mark.parametrize("view", ["plan_edit", "plan_grid"])
def test_a_post_without_its_version_is_refused_as_stale(plan, targets, official, view):
    url = reverse(view, args=[plan.pk])
    form = "plan-form" if view == "plan_edit" else "grid-form"
    body = form_fields(official.get(url), form)
    body.pop("version")
    response = official.post(url, body)
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in page(response)
    assert fresh(plan).version == plan.version


def test_a_stale_save_of_the_texts_shows_the_conflict_once(plan, world, official):
    url = reverse("plan_edit", args=[plan.pk])
    body = form_fields(official.get(url), "plan-form")
    services.save_plan_fields(by=world.users.official_diem_he, plan=plan, version=plan.version, data={"closing": "."})
    response = official.post(url, body | {"closing": "Của tôi."})
    assert response.status_code == 200
    assert page(response).count("vừa được người khác cập nhật") == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"figures-exits_poor": "-1"}, "Không được nhập số âm."),
        ({"figures-printed_exits_poor_rate": "abc"}, "Hãy nhập tỷ lệ dạng 6,63 (dấu phẩy thập phân)."),
        ({}, PLAN_CONFLICT),  # the version left out
    ],
)
def test_printed_figures_page_refuses_bad_input_in_vietnamese(transcribed, official, body, message):
    url = reverse("plan_figures", args=[transcribed.pk])
    fields = form_fields(official.get(url), "figures-form") | body
    if not body:
        fields.pop("version")
    response = official.post(url, fields)
    assert response.status_code == 200
    assert message in page(response)
    assert (fresh(transcribed).printed_figures, fresh(transcribed).version) == ({}, transcribed.version)


def test_printed_figures_page_of_a_plan_not_typed_from_paper_sends_back(plan, official):
    response = official.get(reverse("plan_figures", args=[plan.pk]))
    assert response.status_code == 302
    assert "Chỉ kế hoạch nhập lại từ văn bản đã in" in flash(response)[0]


def test_the_preamble_is_edited_with_the_header_and_shown_after_the_legal_bases(plan, official):
    url = reverse("plan_edit", args=[plan.pk])
    content = official.get(url + "?phan=header").content.decode()
    assert 'name="preamble"' in content
    body = {m[0]: html.unescape(m[1]) for m in re.findall(r'<input type="text" name="(\w+)" value="([^"]*)"', content)}
    preamble = "Ủy ban nhân dân xã xây dựng Kế hoạch thực hiện giảm nghèo năm 2024 như sau:"
    body |= {"version": str(plan.version), "preamble": preamble, "signer_name": SIGNER}
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    assert fresh(plan).preamble == preamble
    shown = official.get(reverse("plan", args=[plan.pk])).content.decode()
    assert shown.index("legal") < shown.index(preamble)

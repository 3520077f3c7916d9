"""The village grid page: exits and officers saved, bad counts and rates refused beside their cell, stale
and tampered posts refused on the page with their message and nothing saved.

Forms are posted the way a browser would: the page is fetched first and its form's fields (management
form, hidden version, current values) are read back from the HTML, then changed and posted."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from plans import services
from plans.creation import create_plan
from plans.forms import GridRowForm
from plans.models import Officer, VillageTarget
from tests.support.pages import flash, form_fields, grid_index, page
from tests.support.plans import PLAN_CONFLICT, YEAR
from tests.support.world import fresh


def field_messages(field, value) -> list[str]:
    """What `field` says about `value` in Vietnamese (our locale may reword Django's), checked translated."""
    out = {}
    for language in ("vi", "en"):
        with translation.override(language):
            try:
                field.clean(value)
            except ValidationError as exc:
                out[language] = list(exc.messages)
    assert out["vi"] != out["en"], f"not translated: {out['en']}"
    return out["vi"]


def test_grid_post_saves_exits_and_officers(plan, targets, world, official):
    na_sung, thong_nhat = targets
    lan = Officer.objects.create(commune=world.communes.diem_he, name="Nông Thị Lan")
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    assert body["version"] == str(plan.version)
    assert body["rows-TOTAL_FORMS"] == "2"
    i, j = grid_index(body, na_sung.pk), grid_index(body, thong_nhat.pk)
    body |= {f"rows-{i}-exits_poor": "1", f"rows-{j}-exits_poor": "2", f"rows-{j}-exits_near_poor": "3"}
    body[f"rows-{j}-officer"] = str(lan.pk)

    response = official.post(url, body)
    assert response.status_code == 302
    assert response.url == reverse("plan", args=[plan.pk]) + "#village-table"
    na_sung.refresh_from_db()
    thong_nhat.refresh_from_db()
    assert (na_sung.exits_poor, na_sung.exits_near_poor, na_sung.officer) == (1, None, None)  # empty: not stated
    assert (thong_nhat.exits_poor, thong_nhat.exits_near_poor, thong_nhat.officer) == (2, 3, lan)
    assert fresh(plan).version == plan.version + 1


# Empty is not refused: it means "not stated" (None). A count reaches 100.000.000 (a province's).
@pytest.mark.parametrize("value", ["-1", "abc", "1.5", "100.000.001"])
def test_grid_refuses_a_bad_count_and_saves_nothing(plan, targets, official, value):
    na_sung, thong_nhat = targets
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    i, j = grid_index(body, na_sung.pk), grid_index(body, thong_nhat.pk)
    body |= {f"rows-{i}-exits_poor": "1", f"rows-{j}-exits_poor": value}
    response = official.post(url, body)
    assert response.status_code == 200
    cell = page(response)
    start = cell.index(f'name="rows-{j}-exits_poor"')
    shown = re.findall(r'<div class="text-danger small">(.*?)</div>', cell[start : cell.index("</td>", start)])
    own = {"-1": ["Không được nhập số âm."], "100.000.001": ["Số quá lớn: tối đa 100.000.000."]}
    assert shown == (own.get(value) or field_messages(GridRowForm.base_fields["exits_poor"], value))
    assert "Có ô chưa hợp lệ" in cell
    na_sung.refresh_from_db()
    assert na_sung.exits_poor is None
    assert fresh(plan).version == plan.version


def test_grid_refuses_an_officer_of_another_commune(plan, targets, world, official):
    foreign = Officer.objects.create(commune=world.communes.ha_trung, name="Nguyễn Ngọc Khanh")
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    assert f'<option value="{foreign.pk}"' not in page(official.get(url))
    body[f"rows-{grid_index(body, targets[0].pk)}-officer"] = str(foreign.pk)
    response = official.post(url, body)
    assert response.status_code == 200
    assert "Hãy chọn một giá trị hợp lệ. Giá trị đã chọn không có trong danh sách." in page(response)
    targets[0].refresh_from_db()
    assert targets[0].officer is None
    assert fresh(plan).version == plan.version


def test_grid_from_a_stale_version_shows_the_conflict_and_saves_nothing(plan, targets, world, official):
    na_sung, thong_nhat = targets
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    # Someone else saves in between.
    services.save_grid(
        by=world.users.official_diem_he, plan=plan, version=plan.version, rows={thong_nhat.pk: {"exits_poor": 4}}
    )
    body[f"rows-{grid_index(body, na_sung.pk)}-exits_poor"] = "1"
    response = official.post(url, body)
    assert response.status_code == 200
    assert PLAN_CONFLICT in page(response)
    na_sung.refresh_from_db()
    thong_nhat.refresh_from_db()
    assert (na_sung.exits_poor, thong_nhat.exits_poor) == (None, 4)
    assert fresh(plan).version == plan.version + 1


def test_grid_row_of_another_plan_is_refused(plan, world, official):
    other = create_plan(by=world.users.official_ha_trung, commune=world.communes.ha_trung, year=YEAR)
    foreign = other.village_targets.first()
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    body |= {"rows-0-target": str(foreign.pk), "rows-0-exits_poor": "3"}
    response = official.post(url, body)
    assert response.status_code == 200
    assert "Dòng của bảng không thuộc kế hoạch này." in page(response)
    foreign.refresh_from_db()
    assert foreign.exits_poor is None
    assert (fresh(plan).version, fresh(other).version) == (plan.version, other.version)


def test_grid_of_a_transcribed_plan_takes_rates_as_printed(transcribed, targets, official):
    na_sung, thong_nhat = targets
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    i, j = grid_index(body, na_sung.pk), grid_index(body, thong_nhat.pk)
    body |= {
        f"rows-{i}-printed_near_poor_rate": "0,93",
        f"rows-{j}-printed_near_poor_rate": "6,63 %",
        f"rows-{j}-printed_poor_rate": "4.88",
        f"rows-{j}-printed_poor_end": "2",
        "totals-printed_poor_rate": "2,62",
        "totals-exits_poor": "8",
    }
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    na_sung.refresh_from_db()
    thong_nhat.refresh_from_db()
    assert na_sung.printed_near_poor_rate == Decimal("0.93")
    assert (thong_nhat.printed_near_poor_rate, thong_nhat.printed_poor_rate) == (Decimal("6.63"), Decimal("4.88"))
    assert thong_nhat.printed_poor_end == 2
    assert fresh(transcribed).printed_totals == {"printed_poor_rate": "2.62", "exits_poor": 8}

    # Shown back the Vietnamese way.
    again = form_fields(official.get(url), "grid-form")
    assert again[f"rows-{i}-printed_near_poor_rate"] == "0,93"
    assert again[f"rows-{j}-printed_near_poor_rate"] == "6,63"


def test_grid_shows_the_printed_totals_rate_back_with_a_decimal_comma(transcribed, official):
    """The rows' printed rates come back as "0,93"; the totals row's rate, kept as a string in the JSON
    field, comes back as typed by the program ("2.62"), not localized."""
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    body["totals-printed_poor_rate"] = "2,62"
    assert official.post(url, body).status_code == 302
    assert fresh(transcribed).printed_totals == {"printed_poor_rate": "2.62"}
    again = form_fields(official.get(url), "grid-form")
    assert again["totals-printed_poor_rate"] == "2,62"


@pytest.mark.parametrize("rate", ["6.6.3", "abc", "101", "-1", "6,633", "1e2"])
def test_grid_refuses_a_rate_that_is_not_a_printed_rate(transcribed, targets, official, rate):
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    body[f"rows-{grid_index(body, targets[0].pk)}-printed_near_poor_rate"] = rate
    response = official.post(url, body)
    assert response.status_code == 200
    targets[0].refresh_from_db()
    assert targets[0].printed_near_poor_rate is None
    assert fresh(transcribed).version == transcribed.version


def test_grid_of_a_plan_past_draft_redirects_and_saves_nothing(submitted, targets, official):
    url = reverse("plan_grid", args=[submitted.pk])
    response = official.get(url)
    assert response.status_code == 302
    body = {"version": str(submitted.version), "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "1"}
    body |= {"rows-0-target": str(targets[0].pk), "rows-0-exits_poor": "1", "rows-0-exits_near_poor": "0"}
    response = official.post(url, body)
    assert response.status_code == 302
    assert "không sửa được" in " ".join(flash(response))
    targets[0].refresh_from_db()
    assert targets[0].exits_poor is None


GRID_CHANGED = "Bảng đã thay đổi trong lúc bạn sửa. Hãy tải lại trang."


GRID_INVALID = "Có ô chưa hợp lệ: xem các ô được đánh dấu đỏ."


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ({"rows-TOTAL_FORMS": None}, "(Trường ẩn TOTAL_FORMS) Trường này là bắt buộc."),
        ({"rows-TOTAL_FORMS": "abc"}, "(Trường ẩn TOTAL_FORMS) Hãy nhập một số nguyên."),
        ({"rows-TOTAL_FORMS": "1"}, GRID_CHANGED),
        ({"rows-TOTAL_FORMS": "3000"}, GRID_CHANGED),
        ({"rows-0-target": "abc"}, GRID_INVALID),
        ({"rows-0-target": "99999999"}, "Dòng của bảng không thuộc kế hoạch này."),
        ({"rows-0-officer": "abc"}, "Hãy chọn một giá trị hợp lệ. Giá trị đã chọn không có trong danh sách."),
        ({"rows-0-exits_poor": "١٢"}, "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn)."),
        ({"version": "abc"}, PLAN_CONFLICT),
        ({"version": "99999999999999999999999"}, PLAN_CONFLICT),
    ],
    ids=lambda t: "-".join(f"{k}={v}" for k, v in t.items()) if isinstance(t, dict) else "",
)
def test_grid_never_answers_500(plan, targets, official, tamper, message):
    """Every tampered post is refused on the page with its message: never saved behind a redirect, never a 500."""
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    na_sung = grid_index(body, targets[0].pk)
    body[f"rows-{na_sung}-exits_poor"] = "2"  # a valid change the tampered post carries along
    for name, value in tamper.items():
        if value is None:
            body.pop(name)
        else:
            body[name] = value
    rows = VillageTarget.objects.filter(plan=plan).order_by("pk")
    columns = ("pk", "exits_poor", "exits_near_poor", "officer", "printed_poor_rate", "printed_near_poor_rate")
    before = (fresh(plan).version, list(rows.values_list(*columns)))
    response = official.post(url, body)
    assert response.status_code == 200
    assert message in page(response)
    assert (fresh(plan).version, list(rows.values_list(*columns))) == before

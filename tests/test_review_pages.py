"""The review year's pages: open from the commune and village pages, progress, confirm as is, events,
close with its confirmation, the decision PDF read back; who may do what; the home-page needs."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from households import review
from households.models import Assessment, Commune, HouseholdEvent, Review, ReviewState
from households.review_needs import review_needs
from tests.support.pages import flash, form_fields, page
from tests.support.pdf_read import landscape, portrait, save
from tests.support.review import DECISION, YEAR, add_households, confirm_all, open_diem_he, pending_versions
from tests.support.world import fresh

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page(response)))


def test_a_year_without_results_links_to_opening_its_review(world, official):
    village = world.villages.na_sung
    response = official.get(reverse("village", args=[village.pk]) + f"?year={YEAR}")
    assert "2 hộ của thôn chưa có kết quả rà soát năm 2025" in _text(response)
    assert f'href="{reverse("review", args=[world.communes.diem_he.pk, YEAR])}"' in page(response)
    commune = official.get(reverse("commune", args=[world.communes.diem_he.pk]) + "?year=2024")
    assert "Rà soát năm 2025: mở đợt rà soát" in _text(commune)


def test_the_official_opens_the_review_and_a_double_click_makes_one(world, official):
    url = reverse("review_open", args=[world.communes.diem_he.pk, YEAR])
    first = official.post(url)
    second = official.post(url)
    assert first.status_code == second.status_code == 302
    assert flash(first)[0].startswith("Đã mở đợt rà soát năm 2025: 2 hộ chuyển từ danh sách năm 2024")
    assert "Đợt rà soát năm 2025 của xã đã được mở." in flash(second)
    assert Review.objects.filter(commune=world.communes.diem_he, year=YEAR).count() == 1
    progress = official.get(reverse("review", args=[world.communes.diem_he.pk, YEAR]))
    text = _text(progress)
    assert "Đang rà soát" in text and "Rà soát các hộ còn lại" in text
    assert re.search(r'data-testid="total-pending">2<', page(progress))


def test_the_village_page_in_review_mode_filters_pending_and_confirms_one(world, official):
    open_diem_he(world)
    village = world.villages.na_sung
    url = reverse("village", args=[village.pk]) + f"?year={YEAR}&chua-ra-soat=1"
    text = _text(official.get(url))
    assert "Đang rà soát năm 2025: 2 hộ chưa rà soát lại" in text
    assert text.count("chưa rà soát ") >= 2 and "Giữ nguyên" in text
    versions = pending_versions(village)
    pk = min(versions)
    response = official.post(
        reverse("review_confirm", args=[village.pk, YEAR]),
        {"one": str(pk), f"v{pk}": str(versions[pk]), "pending": "1"},
    )
    assert response.status_code == 302 and response["Location"].endswith("&chua-ra-soat=1")
    assert flash(response) == ["Đã xác nhận giữ nguyên kết quả của 1 hộ (năm 2025)."]
    assert not Assessment.objects.get(pk=pk).carried_forward
    remaining = _text(official.get(url))
    assert "Đang rà soát năm 2025: 1 hộ chưa rà soát lại" in remaining


def test_confirming_a_selection_with_a_missing_version_confirms_nothing(world, official):
    open_diem_he(world)
    village = world.villages.na_sung
    ids = list(pending_versions(village))
    response = official.post(reverse("review_confirm", args=[village.pk, YEAR]), {"pick": [str(i) for i in ids]})
    assert "thiếu thông tin phiên bản" in flash(response)[0]
    assert Assessment.objects.filter(pk__in=ids, carried_forward=True).count() == 2


def test_an_event_from_its_form_takes_the_household_out_of_the_year(world, official):
    open_diem_he(world)
    household = world.households.diem_he_poor
    url = reverse("review_event", args=[household.pk, YEAR])
    body = form_fields(official.get(url), "event-form") | {"kind": "moved_out", "date": "02/10/2024"}
    response = official.post(url, body)
    assert response.status_code == 302
    assert flash(response) == ["Đã ghi biến động của hộ Hoàng Văn Bình: Chuyển đi."]
    event = HouseholdEvent.objects.get(household=household)
    assert (event.kind, event.date, event.year) == ("moved_out", datetime.date(2024, 10, 2), YEAR)
    again = official.post(url, body)  # the same form again: its version is stale now
    assert again.status_code == 200 and "vừa được người khác cập nhật" in _text(again)
    assert HouseholdEvent.objects.count() == 1


def test_a_merge_without_the_household_joined_is_refused_keeping_what_was_typed(world, official):
    open_diem_he(world)
    household = world.households.diem_he_poor
    url = reverse("review_event", args=[household.pk, YEAR])
    body = form_fields(official.get(url), "event-form") | {"kind": "merged", "date": "02/10/2024", "note": "ghép"}
    response = official.post(url, body)
    assert response.status_code == 200
    assert "Cần chọn hộ nhập vào." in _text(response) and 'value="ghép"' in page(response)
    assert not HouseholdEvent.objects.exists()


def test_a_household_moving_in_is_added_with_its_event(world, official):
    open_diem_he(world)
    village = world.villages.na_sung
    url = reverse("review_add", args=[village.pk, YEAR, "chuyen-den"])
    body = form_fields(official.get(url), "arrival-form")
    body |= {"date": "01/11/2024", "head_name": "Vi Văn Tâm", "members": "3", "income_per_capita": "1.000.000"}
    body["ethnicity"] = str(world.households.diem_he_poor.ethnicity_id)
    response = official.post(url, body)
    assert response.status_code == 302, _text(response)
    event = HouseholdEvent.objects.get(kind="moved_in")
    assert event.household.head_name == "Vi Văn Tâm"
    assert not Assessment.objects.get(household=event.household, year=YEAR).carried_forward


def test_close_asks_the_decision_then_a_confirmation_and_makes_the_year_final(world, official):
    created = open_diem_he(world)
    url = reverse("review_close", args=[world.communes.diem_he.pk, YEAR])
    body = form_fields(official.get(url), "close-form") | {
        "decision_number": "12", "decision_date": "20/12/2024", "signer_name": "Hoàng Văn Hùng",
    }  # fmt: skip
    body["confirm"] = "1"
    refused = official.post(url, body)
    assert "Còn 2 hộ chưa rà soát lại: Thôn Nà Súng: 2 hộ" in _text(refused)
    assert fresh(created).state == ReviewState.OPEN
    confirm_all(world)
    del body["confirm"]
    confirmation = official.post(url, body)
    text = _text(confirmation)
    assert "kết quả rà soát năm 2025 của xã là chính thức" in text and "Hộ nghèo: 1" in text
    closed = official.post(url, form_fields(confirmation, "close-confirm-form"))
    assert closed.status_code == 302
    done = fresh(created)
    assert (done.state, done.decision_number, done.decision_date) == (
        ReviewState.CLOSED,
        12,
        datetime.date(2024, 12, 20),
    )
    edit = reverse("household_edit", args=[world.households.diem_he_near.pk]) + f"?year={YEAR}"
    refused_edit = official.post(edit, form_fields(official.get(edit), "household-form"))
    assert "Đợt rà soát năm 2025 đã kết thúc" in _text(refused_edit)


def test_a_reviewer_reads_the_review_but_cannot_act(world, reviewer):
    open_diem_he(world)
    commune = world.communes.diem_he
    assert reviewer.get(reverse("review", args=[commune.pk, YEAR])).status_code == 200
    assert reviewer.post(reverse("review_open", args=[commune.pk, YEAR + 1])).status_code == 403
    assert reviewer.get(reverse("review_close", args=[commune.pk, YEAR])).status_code == 403
    village = world.villages.na_sung
    versions = pending_versions(village)
    pk = min(versions)
    confirm = reviewer.post(reverse("review_confirm", args=[village.pk, YEAR]), {"one": pk, f"v{pk}": versions[pk]})
    assert confirm.status_code == 403
    assert Assessment.objects.filter(village=village, year=YEAR, carried_forward=True).count() == 2
    page_text = _text(reviewer.get(reverse("village", args=[village.pk]) + f"?year={YEAR}"))
    assert "Giữ nguyên" not in page_text and "chưa rà soát" in page_text


def test_an_official_of_another_commune_gets_404(world, login):
    open_diem_he(world)
    client = login(world.users.official_ha_trung)
    commune, village = world.communes.diem_he, world.villages.na_sung
    assert client.get(reverse("review", args=[commune.pk, YEAR])).status_code == 404
    assert client.post(reverse("review_open", args=[commune.pk, YEAR])).status_code == 404
    assert client.post(reverse("review_confirm", args=[village.pk, YEAR]), {"one": "1"}).status_code == 404
    assert client.get(reverse("review_decision_pdf", args=[commune.pk, YEAR])).status_code == 404


def test_the_decision_pdf_states_the_articles_and_lists_the_households(world, official):
    add_households(world, 1, income=1_300_000)  # near-poor in 2024 (no deprivation)
    created = open_diem_he(world)
    poor = world.households.diem_he_poor
    # 2025: the poor household escaped (income above the line), the near-poor one stays; the third escaped.
    from tests.test_review_services import _edit

    _edit(world, poor, income_per_capita=1_800_000)
    third = Assessment.objects.get(year=YEAR, household__head_name="Lý Văn Số 1").household
    _edit(world, third, income_per_capita=2_000_000)
    confirm_all(world)
    draft = save(
        official.get(reverse("review_decision_pdf", args=[world.communes.diem_he.pk, YEAR])).content, "decision-draft"
    )
    assert "DỰ THẢO" in draft.text() and "Số: .../QĐ-UBND" in draft.flat()
    review.close_review(world.users.official_diem_he, created, created.version, DECISION)
    pdf = save(official.get(reverse("review_decision_pdf", args=[world.communes.diem_he.pk, YEAR])).content, "decision")
    flat = pdf.flat()
    assert "DỰ THẢO" not in flat
    for line in (
        "ỦY BAN NHÂN DÂN XÃ ĐIỀM HE",
        "Số: 12/QĐ-UBND",
        "Điềm He, ngày 20 tháng 12 năm 2024",
        "QUYẾT ĐỊNH Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát cận nghèo năm 2025",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐIỀM HE",
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27/01/2021 của Chính phủ quy định chuẩn nghèo đa chiều;",
        "Căn cứ Quyết định số 24/2021/QĐ-TTg",
        "QUYẾT ĐỊNH: Điều 1.",
        "- Hộ nghèo: 0 hộ, chiếm 0,00% tổng số hộ (Phụ lục I);",
        "- Hộ cận nghèo: 1 hộ, chiếm 33,33% tổng số hộ (Phụ lục II);",
        "- Hộ thoát nghèo: 1 hộ (Phụ lục III);",
        "- Hộ thoát cận nghèo: 1 hộ (Phụ lục IV).",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3.",
        "- UBND huyện Văn Quan (b/c);",
        "Hoàng Văn Hùng",
        "DANH SÁCH HỘ THOÁT NGHÈO NĂM 2025",
        "(Kèm theo Quyết định số 12/QĐ-UBND ngày 20/12/2024 của Chủ tịch UBND xã Điềm He)",
    ):
        assert line in flat, line
    signature = next(t for t in (pdf.page_text(n) for n in range(1, pdf.pages + 1)) if "Nơi nhận:" in t)
    # The chairman's own decision (Nghị định 30/2020): "CHỦ TỊCH" over the name, not on behalf of the committee.
    assert re.search(r"CHỦ TỊCH.*Hoàng Văn Hùng", signature, re.S) and "TM." not in signature
    annex_pages = [pdf.page_text(n) for n in range(1, pdf.pages + 1)]
    near = next(t for t in annex_pages if "DANH SÁCH HỘ CẬN NGHÈO" in t)
    assert "Nông Thị Hoa" in near and "Thôn Nà Súng" in near
    escaped = next(t for t in annex_pages if "DANH SÁCH HỘ THOÁT NGHÈO NĂM" in t)
    assert "Hoàng Văn Bình" in escaped and "Hộ nghèo" in escaped
    assert "1.800.000" not in flat and "Tày" not in flat  # no income, no ethnicity
    sizes = pdf.sizes()
    assert portrait(sizes[0]) and landscape(sizes[-1])  # the lists with two years' statuses are wide
    assert {name for name, _emb in pdf.fonts()} <= {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }


def test_needs_tell_the_official_to_open_then_to_finish_then_to_close(world):
    official = world.users.official_diem_he
    november = datetime.date(2024, 11, 20)
    assert [n.kind for n in review_needs(official, november)] == ["review_not_opened"]
    assert review_needs(official, datetime.date(2024, 6, 1)) == []
    open_diem_he(world)
    [pending] = review_needs(official, november)
    assert (pending.kind, pending.text) == ("review_pending", "Rà soát năm 2025: còn 2 hộ chưa rà soát lại.")
    assert pending.url == reverse("review", args=[world.communes.diem_he.pk, YEAR])
    confirm_all(world)
    [ready] = review_needs(official, november)
    assert ready.kind == "review_ready" and ready.url == reverse("review_close", args=[world.communes.diem_he.pk, YEAR])


def test_needs_tell_the_reviewer_which_communes_have_not_closed(world):
    reviewer = world.users.reviewer_van_quan
    november = datetime.date(2024, 11, 20)
    [need] = review_needs(reviewer, november)
    assert (need.kind, need.text) == ("review_not_closed", "Xã Điềm He: chưa mở đợt rà soát năm 2025.")
    created = open_diem_he(world)
    assert review_needs(reviewer, november)[0].text == "Xã Điềm He: đợt rà soát năm 2025 đang thực hiện, chưa kết thúc."
    confirm_all(world)
    review.close_review(world.users.official_diem_he, created, created.version, DECISION)
    assert review_needs(reviewer, november) == []
    [other] = review_needs(world.users.reviewer_thanh_hoa, november)  # its own area only
    assert other.text == "Thị trấn Hà Trung: chưa mở đợt rà soát năm 2025."


def test_a_commune_merged_away_before_the_seasons_year_is_not_asked_to_close_a_review(world):
    reviewer, november = world.users.reviewer_van_quan, datetime.date(2024, 11, 20)
    assert [n.detail for n in review_needs(reviewer, november)] == ["xã Điềm He"]
    Commune.objects.filter(pk=world.communes.diem_he.pk).update(valid_until=datetime.date(2024, 12, 31))
    assert review_needs(reviewer, november) == []  # no 2025 for it: merged at the end of 2024


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_review_and_village_pages_ask_the_same_queries_with_few_or_many_households(world, official):
    from tests.support.factories import VillageFactory

    commune, village = world.communes.diem_he, world.villages.na_sung
    open_diem_he(world, 2025)
    review_url = reverse("review", args=[commune.pk, YEAR])
    village_url = reverse("village", args=[village.pk]) + f"?year={YEAR}&chua-ra-soat=1"
    few = (_queries(official, review_url), _queries(official, village_url))
    Review.objects.all().delete()
    Assessment.objects.filter(year=YEAR).delete()
    add_households(world, 8)
    for _ in range(4):
        add_households(world, 2, village=VillageFactory(commune=commune))
    open_diem_he(world, 2025)
    many = (_queries(official, review_url), _queries(official, village_url))
    assert few == many == (14, 16)


def test_the_household_page_marks_the_carried_forward_year_and_lists_its_events(world, official):
    open_diem_he(world)
    household = world.households.diem_he_poor
    url = reverse("household", args=[household.pk])
    assert 'data-testid="carried-forward"' in page(official.get(url))
    review.record_event(
        world.users.official_diem_he, household,
        {"kind": "died", "date": datetime.date(2024, 9, 1), "year": YEAR, "household_version": household.version},
    )  # fmt: skip
    text = _text(official.get(url))
    assert "01/09/2024: Chủ hộ độc thân đã mất · rà soát năm 2025" in text
    assert 'data-testid="carried-forward"' not in page(official.get(url))  # the year's assessment went with him


def test_an_import_into_a_closed_year_is_refused(world):
    from households.imports.apply import save_households

    created = open_diem_he(world)
    confirm_all(world)
    review.close_review(world.users.official_diem_he, created, created.version, DECISION)
    with pytest.raises(ValidationError, match="Đợt rà soát năm 2025 đã kết thúc"):
        save_households(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR, plan=[])

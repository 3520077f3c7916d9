"""The review year's loose ends: answers read from a stored assessment, the carry-forward's inserts, one
search-name rule, a stale event form, the decision's annex pages, a re-assessed household leaving, the
event's dates, the decision number once a year."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from households import review
from households.assessment import Answers
from households.imports import apply
from households.models import Area, Assessment, Household, HouseholdEvent, PovertyCause, Review, ReviewState, Status
from households.names import search_key
from households.review_models import EventKind
from households.review_rules import event_window
from povertyplan.audit.models import Action, Entry
from tests.support.pages import form_fields, page
from tests.support.pdf_read import landscape, portrait, save
from tests.support.review import DECISION, YEAR, add_households, confirm_all, open_diem_he, split_from
from tests.support.world import fresh, make_household
from tests.test_import_households import read, row
from tests.test_review_services import _edit

pytestmark = pytest.mark.django_db


def _event(world, household, kind=EventKind.MOVED_OUT, date=datetime.date(2024, 10, 2), **more):
    data = {"kind": kind, "date": date, "year": YEAR, "household_version": fresh(household).version, **more}
    return review.record_event(world.users.official_diem_he, household, data)


# ---------------------------------------------------------------- 1. answers of a stored assessment


def test_answers_from_a_stored_assessment_keep_its_income_categories_and_override():
    record = Assessment(
        income_per_capita=1_100_000,
        ethnic_minority=True,
        is_merit=True,
        female_head=True,
        override_status=Status.POOR,
        override_reason="Chủ hộ ốm nặng",
    )
    answers = Answers.from_assessment(record, year=YEAR, area=Area.RURAL, deprivations=[7, 8], causes=[3])
    assert answers == Answers(
        year=YEAR,
        area=Area.RURAL,
        income_per_capita=1_100_000,
        deprivations=(7, 8),
        causes=(3,),
        ethnic_minority=True,
        is_merit=True,
        female_head=True,
        override_status=Status.POOR,
        override_reason="Chủ hộ ốm nặng",
    )
    new = Answers.from_assessment(Assessment(), year=YEAR, area=Area.URBAN, income_per_capita=900_000)
    assert new == Answers(year=YEAR, area=Area.URBAN, income_per_capita=900_000)


def test_an_imported_row_keeps_the_override_an_official_recorded(world):
    household = world.households.diem_he_near
    year = YEAR - 1
    record = Assessment.objects.get(household=household, year=year)
    services_edit = {"override_status": Status.POOR, "override_reason": "Chủ hộ ốm nặng"}
    _edit(world, household, year=year, deprivations=list(record.deprivations.all()), **services_edit)
    indicators = list(record.standard.indicators.order_by("number"))
    number = record.deprivations.get().number
    result = read(
        world,
        indicators,
        [row(indicators, code=household.pk, name="Nông Thị Hoa", income="1.300.000", deprived=(number,))],
    )
    apply.save_households(by=world.users.official_diem_he, commune=world.communes.diem_he, year=year, plan=result.plan)
    saved = Assessment.objects.get(household=household, year=year)
    assert (saved.income_per_capita, saved.computed_status, saved.status, saved.override_reason) == (
        1_300_000,
        Status.NEAR_POOR,
        Status.POOR,
        "Chủ hộ ốm nặng",
    )


# ---------------------------------------------------------------- 2. carrying forward with insert_many


def test_carrying_forward_copies_the_answers_lists_and_records_each_row(world):
    cause = PovertyCause.objects.order_by("order").first()
    made = make_household(
        world.users.official_diem_he, world.villages.na_sung, YEAR - 1, income=1_000_000, deprivations=2,
        name="Lục Thị Mai", is_merit=True, female_head=True, causes=[cause],
    )  # fmt: skip
    open_diem_he(world)
    carried = Assessment.objects.filter(year=YEAR, village__commune=world.communes.diem_he).order_by("pk")
    assert len({a.pk for a in carried}) == carried.count() == 3
    mai = carried.get(household=made.household)
    assert (mai.carried_forward, mai.is_merit, mai.female_head, mai.status) == (True, True, True, Status.NEAR_POOR)
    assert sorted(i.number for i in mai.deprivations.all()) == sorted(i.number for i in made.deprivations.all())
    assert list(mai.causes.all()) == [cause]
    entries = Entry.objects.filter(action=Action.ASSESSMENT_CARRY)
    assert sorted(entries.values_list("object_id", "parent_id")) == sorted((a.pk, a.household_id) for a in carried)


# ---------------------------------------------------------------- 3. one search-name rule


def test_an_imported_household_gets_the_search_name_a_saved_one_gets(world):
    year = YEAR - 1
    indicators = list(
        Assessment.objects.get(household=world.households.diem_he_poor, year=year).standard.indicators.all()
    )
    binh = world.households.diem_he_poor
    rows = [
        row(indicators, name="Đinh  Thị ÁNH"),
        row(indicators, code=binh.pk, name="Hoàng Văn Bính", deprived=(1, 2, 3)),
    ]
    apply.save_households(
        by=world.users.official_diem_he,
        commune=world.communes.diem_he,
        year=year,
        plan=read(world, indicators, rows).plan,
    )
    saved = make_household(world.users.official_diem_he, world.villages.na_sung, year, income=1, name="Đinh  Thị ÁNH")
    assert Household.objects.get(pk=saved.household.pk).search_name == "dinh thi anh"
    assert sorted(Household.objects.filter(head_name="Đinh  Thị ÁNH").values_list("search_name", flat=True)) == [
        "dinh thi anh",
        "dinh thi anh",
    ]
    assert fresh(binh).search_name == search_key("Hoàng Văn Bính") == "hoang van binh"


# ---------------------------------------------------------------- 4. a stale event form


def test_two_event_forms_saved_at_once_the_second_shows_the_conflict_and_keeps_what_was_typed(world, official):
    open_diem_he(world)
    household = world.households.diem_he_poor
    url = reverse("review_event", args=[household.pk, YEAR])
    first = form_fields(official.get(url), "event-form") | {"kind": "moved_out", "date": "02/10/2024"}
    second = form_fields(official.get(url), "event-form") | {"kind": "died", "date": "03/10/2024", "note": "ốm"}
    assert official.post(url, first).status_code == 302
    refused = official.post(url, second)
    assert refused.status_code == 200
    form = refused.context["form"]
    assert form.non_field_errors() == [
        "Hồ sơ này vừa được người khác cập nhật. Hãy tải lại trang để xem số liệu mới rồi nhập lại.",
        "Chưa lưu gì. Nội dung bạn vừa nhập vẫn còn trong biểu mẫu: xem lại rồi bấm Lưu nếu vẫn muốn lưu.",
    ]
    kept = form_fields(refused, "event-form")
    assert (kept["note"], kept["date"], kept["household_version"]) == (
        "ốm",
        "03/10/2024",
        str(fresh(household).version),
    )
    again = official.post(url, second | {"household_version": kept["household_version"]})  # on the version now
    assert again.status_code == 200
    assert again.context["form"].non_field_errors() == ["Hộ Hoàng Văn Bình đã được ghi là rời khỏi danh sách."]
    assert list(HouseholdEvent.objects.values_list("kind", flat=True)) == ["moved_out"]


# ---------------------------------------------------------------- 5. the decision's annexes


def test_the_decisions_annexes_use_the_shared_pages_portrait_then_landscape_each_numbered_alone(world, official):
    add_households(world, 45, income=1_300_000)  # near-poor in 2024 and 2025: annex II runs over two pages
    created = open_diem_he(world)
    _edit(world, world.households.diem_he_poor, income_per_capita=1_800_000)  # escaped poverty: annex III
    confirm_all(world)
    review.close_review(world.users.official_diem_he, created, created.version, DECISION)
    url = reverse("review_decision_pdf", args=[world.communes.diem_he.pk, YEAR])
    pdf = save(official.get(url).content, "decision-annexes")
    texts = [pdf.page_text(n) for n in range(1, pdf.pages + 1)]
    sizes = pdf.sizes()

    def first_page_of(title: str) -> int:
        return next(i for i, t in enumerate(texts) if title in t)

    near, escaped = first_page_of("DANH SÁCH HỘ CẬN NGHÈO"), first_page_of("DANH SÁCH HỘ THOÁT NGHÈO NĂM")
    assert escaped == near + 2  # annex II's two pages
    assert all(portrait(s) for s in sizes[: near + 2]) and all(landscape(s) for s in sizes[escaped:])
    assert texts[near + 1].split()[0] == "2"  # annex II's second page is its page 2
    assert not texts[near].split()[0].isdigit() and not texts[escaped].split()[0].isdigit()


def test_a_vice_chairman_signs_for_the_chairman_and_the_form_starts_with_the_chairmans_own_signature(world, official):
    from households.review_forms import CloseForm

    assert CloseForm()["signing_authority"].value() is None  # starts empty, no "TM.": the chairman's decision
    created = open_diem_he(world)
    confirm_all(world)
    signed = {**DECISION, "signing_authority": "KT. CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH"}
    review.close_review(world.users.official_diem_he, created, created.version, signed)
    pdf = save(official.get(reverse("review_decision_pdf", args=[world.communes.diem_he.pk, YEAR])).content, "kt")
    signature = next(t for t in (pdf.page_text(n) for n in range(1, pdf.pages + 1)) if "Nơi nhận:" in t)
    assert re.search(r"KT\. CHỦ TỊCH.*PHÓ CHỦ TỊCH.*Hoàng Văn Hùng", signature, re.S) and "TM." not in signature


# ---------------------------------------------------------------- 6. a re-assessed household leaving


def test_a_re_assessed_household_cannot_leave_the_year_and_keeps_its_re_assessment(world):
    open_diem_he(world)
    household = world.households.diem_he_poor
    record = _edit(world, household, income_per_capita=1_100_000)
    with pytest.raises(ValidationError) as refused:
        _event(world, household)
    assert refused.value.messages == [
        "Hộ Hoàng Văn Bình đã được rà soát lại năm 2025: ghi hộ rời khỏi danh sách sẽ xoá kết quả rà soát này, "
        "nên chưa ghi gì. Nếu hộ rời đi sau khi đã được rà soát, hãy ghi biến động trong đợt rà soát năm 2026."
    ]
    assert fresh(record).income_per_capita == 1_100_000 and not HouseholdEvent.objects.exists()
    assert not Entry.objects.filter(action=Action.ASSESSMENT_REMOVE).exists()
    near = world.households.diem_he_near  # still carried forward: its copy of last year's answers goes
    _event(world, near, kind=EventKind.DIED)
    assert not Assessment.objects.filter(household=near, year=YEAR).exists()


def test_the_event_form_of_a_re_assessed_household_says_why_and_saves_nothing(world, official):
    open_diem_he(world)
    household = world.households.diem_he_poor
    _edit(world, household, income_per_capita=1_100_000)
    url = reverse("review_event", args=[household.pk, YEAR])
    body = form_fields(official.get(url), "event-form") | {"kind": "died", "date": "02/10/2024", "note": "mất"}
    response = official.post(url, body)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith("Hộ Hoàng Văn Bình đã được rà soát lại năm 2025")
    assert 'value="mất"' in page(response) and not HouseholdEvent.objects.exists()


# ---------------------------------------------------------------- 7. the event's date


def test_the_event_window_runs_from_the_previous_decision_or_january_to_the_end_of_the_year(world):
    diem_he = world.communes.diem_he
    assert event_window(diem_he.pk, YEAR) == (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    Review.objects.create(
        commune=diem_he, year=YEAR - 1, opened_by=world.users.official_diem_he, state=ReviewState.CLOSED,
        decision_number=30, decision_date=datetime.date(2023, 12, 20),
    )  # fmt: skip
    assert event_window(diem_he.pk, YEAR) == (datetime.date(2023, 12, 21), datetime.date(2025, 12, 31))


def test_an_event_outside_the_review_or_before_the_households_last_event_is_refused_on_its_date(world):
    open_diem_he(world)
    household = world.households.diem_he_poor
    with pytest.raises(ValidationError) as outside:
        _event(world, household, date=datetime.date(2023, 12, 31))
    assert outside.value.message_dict == {
        "date": ["Ngày biến động phải trong kỳ rà soát năm 2025: từ 1/1/2024 đến 31/12/2025."]
    }
    split = split_from(world, household).household
    with pytest.raises(ValidationError) as before:
        _event(world, split, kind=EventKind.MERGED, date=datetime.date(2024, 11, 4), other=household)
    assert before.value.message_dict == {
        "date": ["Ngày biến động không thể trước biến động trước đó của hộ (ngày 5/11/2024)."]
    }
    assert list(HouseholdEvent.objects.values_list("kind", flat=True)) == ["split"]


def test_the_event_form_shows_a_date_outside_the_review_on_the_field_and_keeps_what_was_typed(world, official):
    open_diem_he(world)
    household = world.households.diem_he_poor
    url = reverse("review_event", args=[household.pk, YEAR])
    body = form_fields(official.get(url), "event-form") | {"kind": "moved_out", "date": "15/06/2023", "note": "đi xa"}
    response = official.post(url, body)
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "Ngày biến động phải trong kỳ rà soát năm 2025: từ 1/1/2024 đến 31/12/2025."
    ]
    assert 'value="đi xa"' in page(response) and 'value="15/06/2023"' in page(response)
    assert not HouseholdEvent.objects.exists()


# ---------------------------------------------------------------- 8. the decision number once a year


def test_a_decision_number_is_refused_twice_in_one_commune_and_year(world):
    created = open_diem_he(world)
    confirm_all(world)
    review.close_review(world.users.official_diem_he, created, created.version, DECISION)  # 12, 20/12/2024
    earlier = Review.objects.create(
        commune=world.communes.diem_he, year=YEAR - 1, opened_by=world.users.official_diem_he
    )
    with pytest.raises(ValidationError) as refused:
        review.close_review(
            world.users.official_diem_he,
            earlier,
            earlier.version,
            {**DECISION, "decision_date": datetime.date(2024, 3, 1)},
        )
    assert refused.value.message_dict == {
        "decision_number": [
            "Số quyết định 12 năm 2024 đã dùng cho quyết định kết thúc đợt rà soát năm 2025 của xã: "
            "mỗi số chỉ dùng cho một quyết định trong năm."
        ]
    }
    assert fresh(earlier).state == ReviewState.OPEN
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the rule too
        Review.objects.filter(pk=earlier.pk).update(decision_number=12, decision_date=datetime.date(2024, 3, 1))
    closed = review.close_review(
        world.users.official_diem_he,
        earlier,
        earlier.version,
        {**DECISION, "decision_date": datetime.date(2023, 12, 28)},
    )  # the same number in another year is another decision's
    assert (closed.state, closed.decision_number) == (ReviewState.CLOSED, 12)


def test_the_close_form_shows_a_number_taken_on_its_field_and_keeps_what_was_typed(world, official):
    created = open_diem_he(world)
    confirm_all(world)
    review.close_review(world.users.official_diem_he, created, created.version, DECISION)  # 12, 20/12/2024
    earlier = Review.objects.create(
        commune=world.communes.diem_he, year=YEAR - 1, opened_by=world.users.official_diem_he
    )
    url = reverse("review_close", args=[world.communes.diem_he.pk, YEAR - 1])
    body = form_fields(official.get(url), "close-form") | {
        "decision_number": "12", "decision_date": "01/03/2024", "signer_name": "Hoàng Văn Hùng", "confirm": "1",
    }  # fmt: skip
    response = official.post(url, body)
    assert response.status_code == 200
    assert response.context["form"].errors["decision_number"] == [
        "Số quyết định 12 năm 2024 đã dùng cho quyết định kết thúc đợt rà soát năm 2025 của xã: "
        "mỗi số chỉ dùng cho một quyết định trong năm."
    ]
    assert 'value="Hoàng Văn Hùng"' in page(response)
    assert fresh(earlier).state == ReviewState.OPEN

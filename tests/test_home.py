"""The home pages say what needs the user (povertyplan/needs.py, plans/needs.py): each line for a fixed
`today`, the pages of both roles, and that no line is about what the user may not see.

The world's plan is Điềm He's 2024 draft with one open comment (tests/support/world.py). The planning
year of 2024-03-01 is 2024 (its plan was due, submitted, by 31/01/2024: late); of 2023-11-15 it is 2024
too (prepared ahead, not yet due); of 2024-11-01 it is 2025.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from households.models import District
from plans.creation import create_plan
from plans.models import PlanEvent, PlanStatus
from plans.needs import MAX_COMMUNE_LINES, plan_needs
from povertyplan import needs, years
from povertyplan.needs import Need, Urgency, needs_for
from tests.support.factories import CommuneFactory, ReviewerFactory
from tests.support.pages import page
from tests.support.plans import go

IN_2024 = datetime.date(2024, 3, 1)  # planning year 2024, its plan past due
AHEAD = datetime.date(2023, 11, 15)  # planning year 2024, not yet due
NEXT = datetime.date(2024, 11, 1)  # planning year 2025
REASON = "Đề nghị tăng chỉ tiêu thoát nghèo của thôn Nà Súng."


def kinds(found: list[Need]) -> list[str]:
    return [n.kind for n in found]


def only(found: list[Need], kind: str) -> Need:
    matching = [n for n in found if n.kind == kind]
    assert len(matching) == 1, kinds(found)
    return matching[0]


@pytest.fixture
def fixed_today(monkeypatch):
    """Fix the day the home page judges by."""

    def _fix(day: datetime.date) -> None:
        monkeypatch.setattr(needs, "local_today", lambda: day)

    return _fix


# ---------------------------------------------------------------- the planning calendar


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (datetime.date(2026, 12, 2), 2027),
        (datetime.date(2026, 10, 1), 2027),
        (datetime.date(2026, 9, 30), 2026),
        (datetime.date(2026, 1, 1), 2026),
    ],
)
def test_the_planning_year_is_the_next_one_in_the_last_quarter(today, year):
    assert years.planning_year(today) == year


def test_a_plan_is_due_by_the_end_of_january_of_its_year_and_reviewed_within_fifteen_days():
    assert years.plan_due(2027) == datetime.date(2027, 1, 31)
    assert years.review_due(datetime.date(2027, 1, 20)) == datetime.date(2027, 2, 4)


# ---------------------------------------------------------------- the official's lines


def test_official_without_a_plan_for_the_planning_year_is_asked_to_make_it(world):
    found = plan_needs(world.users.official_diem_he, NEXT)
    assert kinds(found) == ["plan_missing"]
    need = found[0]
    assert need.text == "Lập kế hoạch giảm nghèo năm 2025"
    assert need.url == reverse("commune_plans", args=[world.communes.diem_he.pk]) + "?year=2025"
    assert (need.urgency, need.due) == (Urgency.ACT, datetime.date(2025, 1, 31))


def test_official_draft_and_open_comment_are_late_once_the_plan_is_due(world, plans):
    found = plan_needs(world.users.official_diem_he, IN_2024)
    assert kinds(found) == ["plan_draft", "plan_comments"]
    draft, comments = found
    assert draft.text == "Hoàn thành và trình duyệt kế hoạch năm 2024"
    assert draft.url == reverse("plan", args=[plans.diem_he.pk])
    assert (draft.urgency, draft.due) == (Urgency.LATE, datetime.date(2024, 1, 31))
    assert comments.text == "1 ý kiến thẩm định chưa xử lý (kế hoạch năm 2024)"
    assert comments.url == reverse("plan", args=[plans.diem_he.pk]) + f"#y-kien-{plans.comment.pk}"
    assert comments.detail == "Xem lại chỉ tiêu thôn Nà Súng."
    assert [n.urgency for n in plan_needs(world.users.official_diem_he, AHEAD)] == [Urgency.ACT, Urgency.ACT]


def test_the_first_open_comment_is_linked_and_the_plan_page_has_its_anchor(world, plans, official):
    need = only(plan_needs(world.users.official_diem_he, IN_2024), "plan_comments")
    path, anchor = need.url.split("#")
    assert f'id="{anchor}"' in page(official.get(path))


def test_official_sees_the_reason_of_the_last_return(world, submitted, users):
    go(submitted, users.reviewer_van_quan, "return", reason=REASON)
    found = plan_needs(users.official_diem_he, IN_2024)
    returned = only(found, "plan_returned")
    assert returned.text == "Kế hoạch năm 2024 bị trả lại: sửa và trình lại"
    returned_on = timezone.localdate(PlanEvent.objects.get(to_status=PlanStatus.RETURNED).at)
    assert returned.detail == f"Trả lại ngày {returned_on:%d/%m/%Y}: {REASON}"
    assert returned.url == reverse("plan", args=[submitted.pk])
    assert returned.urgency == Urgency.LATE


def test_official_of_a_submitted_plan_is_told_it_waits(world, submitted, users):
    need = only(plan_needs(users.official_diem_he, IN_2024), "plan_submitted")
    assert need.urgency == Urgency.INFO
    on = timezone.localdate(PlanEvent.objects.get(to_status=PlanStatus.SUBMITTED).at)
    assert need.detail == f"Đã trình ngày {on:%d/%m/%Y}."


def test_official_of_an_approved_plan_is_asked_to_issue_it(world, approved, users):
    found = plan_needs(users.official_diem_he, IN_2024)
    need = only(found, "plan_approved")
    assert need.text == "Ban hành kế hoạch năm 2024 (đã được thông qua)"
    assert (need.urgency, need.url) == (Urgency.ACT, reverse("plan", args=[approved.pk]))


def test_an_issued_plan_needs_nothing_of_the_official(world, issued, users):
    assert plan_needs(users.official_diem_he, IN_2024) == []


def test_an_official_sees_nothing_of_another_communes_plan(world, plans):
    found = plan_needs(world.users.official_ha_trung, IN_2024)
    assert kinds(found) == ["plan_missing"]
    assert found[0].url == reverse("commune_plans", args=[world.communes.ha_trung.pk]) + "?year=2024"
    assert not any(str(plans.diem_he.pk) in n.url or "Điềm He" in n.text + n.detail for n in found)


# ---------------------------------------------------------------- the reviewer's lines


def test_reviewer_sees_a_submitted_plan_waiting_with_its_age(world, submitted, users):
    on = timezone.localdate(PlanEvent.objects.get(to_status=PlanStatus.SUBMITTED).at)
    found = plan_needs(users.reviewer_van_quan, on + datetime.timedelta(days=20))
    waiting = only(found, "plan_waiting")
    assert waiting.text == "Thẩm định kế hoạch năm 2024 của xã Điềm He"
    assert waiting.detail == f"Đã trình ngày {on:%d/%m/%Y}, chờ 20 ngày."
    assert waiting.url == reverse("plan", args=[submitted.pk])
    assert (waiting.urgency, waiting.due) == (Urgency.LATE, on + datetime.timedelta(days=15))
    same_day = only(plan_needs(users.reviewer_van_quan, on), "plan_waiting")
    assert (same_day.urgency, same_day.detail) == (Urgency.ACT, f"Đã trình hôm nay ({on:%d/%m/%Y}).")


def test_reviewer_sees_each_late_commune_with_a_link_to_its_plans(world, plans, users):
    found = plan_needs(users.reviewer_van_quan, IN_2024)
    assert kinds(found) == ["commune_late", "commune_late"]
    diem_he, tri_le = found
    assert diem_he.text == "xã Điềm He chưa trình kế hoạch năm 2024"  # a draft, not submitted
    assert tri_le.text == "xã Tri Lễ chưa lập kế hoạch năm 2024"
    assert tri_le.url == reverse("commune_plans", args=[world.communes.tri_le.pk])
    assert (diem_he.detail, tri_le.detail) == ("Có dự thảo, chưa trình duyệt.", "Chưa có kế hoạch.")
    assert {n.urgency for n in found} == {Urgency.LATE}


def test_before_the_due_date_the_communes_without_a_plan_are_one_line(world, plans, users):
    found = plan_needs(users.reviewer_van_quan, AHEAD)
    need = only(found, "communes_without_plan")
    assert need.text == "2 xã chưa trình kế hoạch năm 2024"
    assert need.detail == "xã Điềm He, xã Tri Lễ"
    assert need.url == reverse("district_rollup", args=[world.districts.van_quan.pk, 2024])
    assert (need.urgency, need.due) == (Urgency.INFO, datetime.date(2024, 1, 31))


def test_a_submitted_plan_takes_its_commune_off_the_missing_ones(world, submitted, users):
    found = plan_needs(users.reviewer_van_quan, IN_2024)
    assert [n.text for n in found if n.kind == "commune_late"] == ["xã Tri Lễ chưa lập kế hoạch năm 2024"]


def test_many_late_communes_are_one_line_naming_the_first(world, users):
    district = District.objects.create(province=world.provinces.lang_son, name="Cao Lộc")
    reviewer = ReviewerFactory(district=district)
    for i in range(MAX_COMMUNE_LINES + 2):
        CommuneFactory(district=district, province=world.provinces.lang_son, name=f"Xã {i:02d}")
    need = only(plan_needs(reviewer, IN_2024), "communes_without_plan")
    assert need.text == f"{MAX_COMMUNE_LINES + 2} xã chưa trình kế hoạch năm 2024"
    assert need.urgency == Urgency.LATE
    assert need.detail.endswith(", …") and need.detail.count(",") == MAX_COMMUNE_LINES


def test_the_province_reviewer_sees_its_communes_without_district_and_nothing_of_van_quan(world, plans, hac_thanh_plan):
    plan, official = hac_thanh_plan
    reviewer = world.users.reviewer_thanh_hoa
    assert plan_needs(reviewer, IN_2024) == [
        Need(
            "commune_late",
            "phường Hạc Thành chưa trình kế hoạch năm 2024",
            reverse("commune_plans", args=[world.communes.hac_thanh.pk]),
            Urgency.LATE,
            datetime.date(2024, 1, 31),
            "Có dự thảo, chưa trình duyệt.",
        )
    ]
    submitted = go(plan, official, "submit")
    found = plan_needs(reviewer, IN_2024)
    assert kinds(found) == ["plan_waiting"]
    assert found[0].url == reverse("plan", args=[submitted.pk])


def test_a_district_reviewer_gets_no_line_about_another_district(world, plans, users):
    create_plan(by=users.official_ha_trung, commune=world.communes.ha_trung, year=2024)
    for n in plan_needs(users.reviewer_van_quan, IN_2024):
        assert "Hà Trung" not in n.text + n.detail
        assert reverse("commune_plans", args=[world.communes.ha_trung.pk]) != n.url


# ---------------------------------------------------------------- the list and the pages


def test_needs_come_late_first_then_by_due_date(world, plans, monkeypatch):
    day = datetime.date(2024, 5, 1)
    lines = [
        Need("b", "b", "/b", Urgency.INFO),
        Need("a", "a", "/a", Urgency.ACT, day),
        Need("c", "c", "/c", Urgency.LATE, day),
        Need("d", "d", "/d", Urgency.ACT, day - datetime.timedelta(days=1)),
        Need("e", "e", "/e", Urgency.ACT),
    ]
    monkeypatch.setattr(needs, "PROVIDERS", ("tests.test_home.fake_provider",))
    monkeypatch.setattr(FAKE, "lines", lines)
    assert kinds(needs_for(world.users.official_diem_he, day)) == ["c", "d", "a", "e", "b"]


class FAKE:
    lines: list[Need] = []


def fake_provider(user, today):
    return FAKE.lines


def test_the_official_home_lists_the_needs_then_the_commune(world, plans, official, fixed_today):
    fixed_today(IN_2024)
    response = official.get(reverse("home"))
    assert response.status_code == 200
    html = page(response)
    assert html.index('data-testid="needs"') < html.index('data-testid="home-commune"')
    assert [n.kind for n in response.context["needs"]] == ["plan_draft", "plan_comments"]
    assert "Hoàn thành và trình duyệt kế hoạch năm 2024" in html
    assert "hạn 31/01/2024" in html
    assert f'href="{reverse("plan", args=[plans.diem_he.pk])}"' in html
    assert f'href="{reverse("commune", args=[world.communes.diem_he.pk])}?year=2024"' in html
    assert "5 hộ nghèo / 84 hộ · 5,95%" in " ".join(html.split())


def test_the_reviewer_home_lists_the_needs_then_its_communes(world, submitted, reviewer, fixed_today):
    fixed_today(IN_2024)
    response = reviewer.get(reverse("home"))
    html = page(response)
    assert [n.kind for n in response.context["needs"]] == ["commune_late", "plan_waiting"]
    assert html.index('data-testid="needs"') < html.index("Các xã trong địa bàn")
    assert "Thẩm định kế hoạch năm 2024 của xã Điềm He" in html
    assert "Xã Tri Lễ chưa lập kế hoạch năm 2024" in html
    assert f'href="{reverse("commune", args=[world.communes.tri_le.pk])}?year=' in html


def test_the_home_renders_any_providers_lines_whatever_their_kind(world, official, monkeypatch, fixed_today):
    fixed_today(IN_2024)
    monkeypatch.setattr(needs, "PROVIDERS", ("tests.test_home.fake_provider",))
    monkeypatch.setattr(
        FAKE, "lines", [Need("a_kind_never_seen", "Rà soát thôn Nà Súng", "/x/", Urgency.LATE, IN_2024, "3 hộ")]
    )
    html = page(official.get(reverse("home")))
    assert 'data-kind="a_kind_never_seen"' in html
    assert '<a href="/x/" class="fw-semibold" data-testid="need-link">Rà soát thôn Nà Súng</a>' in html
    assert "hạn 01/03/2024" in html and "3 hộ" in html and "Quá hạn" in html


def test_a_home_with_nothing_to_do_says_so_and_shows_the_issued_plan(world, issued, official, fixed_today):
    fixed_today(IN_2024)
    html = page(official.get(reverse("home")))
    assert 'data-testid="no-needs"' in html
    assert 'data-testid="need"' not in html
    state = " ".join(re.search(r'data-testid="home-plan">(.*?)</div>', html, re.S)[1].split())
    assert f'<a href="{reverse("plan", args=[issued.pk])}"' in state
    assert ">Đã ban hành</span>" in state and "số 05/KH-UBND, 20/01/2024" in state


def test_the_official_home_says_the_planning_years_plan_is_not_made(world, plans, official, fixed_today):
    fixed_today(NEXT)
    html = page(official.get(reverse("home")))
    state = " ".join(re.search(r'data-testid="home-plan">(.*?)</div>', html, re.S)[1].split())
    assert state == 'Kế hoạch năm 2025: <span class="text-muted">chưa lập</span>'
    assert "Lập kế hoạch giảm nghèo năm 2025" in html


def test_a_long_return_reason_is_one_short_line_on_the_home_page(world, submitted, users, official, fixed_today):
    reason = "Đề nghị sửa chỉ tiêu thôn Nà Súng. " * 100
    go(submitted, users.reviewer_van_quan, "return", reason=reason)
    fixed_today(IN_2024)
    html = page(official.get(reverse("home")))
    detail = re.search(r'data-kind="plan_returned".*?data-testid="need-detail">(.*?)</div>', html, re.S)[1]
    assert len(detail) == 240 and detail.endswith("…")
    assert detail.startswith("Trả lại ngày ")


def test_in_the_last_quarter_this_years_unissued_plan_comes_before_the_next_ones(world, approved, users):
    found = plan_needs(users.official_diem_he, datetime.date(2024, 12, 2))
    assert [(n.kind, n.text) for n in found] == [
        ("plan_approved", "Ban hành kế hoạch năm 2024 (đã được thông qua)"),
        ("plan_comments", "1 ý kiến thẩm định chưa xử lý (kế hoạch năm 2024)"),
        ("plan_missing", "Lập kế hoạch giảm nghèo năm 2025"),
    ]


def test_in_the_last_quarter_an_issued_plan_of_this_year_adds_nothing(world, issued, users):
    assert kinds(plan_needs(users.official_diem_he, datetime.date(2024, 12, 2))) == ["plan_missing"]


def test_the_area_table_names_the_district_each_commune_was_under_in_the_years_shown(world, client):
    from tests.test_plan_2027 import under_province

    under_province(world.communes.diem_he)  # Văn Quan kept as its former district
    client.force_login(world.users.admin_lang_son)

    def district_cell(year: int) -> str:
        html = page(client.get(reverse("home") + f"?year={year}"))
        return re.search(r"xã Điềm He</a></td>\s*<td>([^<]*)</td>", html)[1]

    assert (district_cell(2024), district_cell(2026)) == ("huyện Văn Quan", "—")

"""Every form reads numbers typed the Vietnamese way and dates typed dd/mm/yyyy, through the client.

"1.509" is 1509 and "3.000" is 3000 (a browser's number input refused the first and read the second
as 3); a printed rate keeps its decimals; limits reach a province's size and are written in words.
"""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from households.models import Assessment, Household, VillageCount
from plans import services, workflow
from plans.creation import create_plan
from plans.findings import plan_findings
from plans.models import FundingSource, LegalBasis, Plan, ReportingItem, VillageTarget
from tests.support.pages import form_fields, formset_prefix, grid_index, page
from tests.support.world import fresh

YEAR = 2024
SIGNER = "Hoàng Thị Hiếu"
TOO_BIG_COUNT = "Số quá lớn: tối đa 100.000.000."


def inputs(response) -> dict[str, dict[str, str]]:
    """Every <input> of the page by name, with its attributes."""
    found = {}
    for tag in re.findall(r"<input\b[^>]*>", response.content.decode()):
        attrs = {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag)}
        attrs["disabled"] = str(bool(re.search(r"\sdisabled[\s>]", tag)))
        if "name" in attrs:
            found[attrs["name"]] = attrs
    return found


def cell_errors(response, name: str) -> list[str]:
    """The messages rendered in the table cell of the input `name`."""
    content = response.content.decode()
    start = content.index(f'name="{name}"')
    cell = content[start : content.index("</td>", start)]
    return [
        html.unescape(m) for m in re.findall(r'<div class="(?:invalid-feedback|text-danger small)">(.*?)</div>', cell)
    ]


# ---------------------------------------------------------------- the counts grid


@pytest.fixture
def counts_url(world):
    return reverse("counts_edit", args=[world.communes.diem_he.pk, YEAR])


def counts_body(official, counts_url, village, **values) -> dict[str, str]:
    """The counts form as the page fills it, with `values` typed into `village`'s row."""
    fields = inputs(official.get(counts_url))
    body = {name: attrs.get("value", "") for name, attrs in fields.items() if attrs["disabled"] == "False"}
    body |= {f"v{village.pk}-{name}": value for name, value in values.items()}
    return body


@pytest.mark.parametrize(("typed", "stored"), [("1.509", 1509), ("3.000", 3000), ("1.500.000", 1_500_000)])
def test_counts_typed_with_thousands_dots_are_saved_as_the_number_they_show(world, official, counts_url, typed, stored):
    village = world.villages.thong_nhat
    body = counts_body(official, counts_url, village, total_households=typed, poor="4", near_poor="12")
    response = official.post(counts_url, body)
    assert response.status_code == 302, page(response)
    count = VillageCount.objects.get(village=village, year=YEAR)
    assert (count.total_households, count.poor, count.near_poor) == (stored, 4, 12)


def test_counts_grid_shows_a_saved_count_back_with_its_thousands_dot(world, official, counts_url):
    VillageCount.objects.filter(village=world.villages.thong_nhat, year=YEAR).update(total_households=1509)
    field = inputs(official.get(counts_url))[f"v{world.villages.thong_nhat.pk}-total_households"]
    assert field["value"] == "1.509"
    assert (field["type"], field["inputmode"]) == ("text", "numeric")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("100.000.001", TOO_BIG_COUNT),
        ("1,509", "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn)."),
        ("1.5", "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn)."),
    ],
)
def test_counts_grid_refuses_what_it_cannot_read_and_keeps_what_was_typed(world, official, counts_url, typed, message):
    village = world.villages.thong_nhat
    before = VillageCount.objects.get(village=village, year=YEAR)
    body = counts_body(official, counts_url, village, total_households=typed)
    response = official.post(counts_url, body)
    assert response.status_code == 200
    # (The row's own check may add that the total is missing: it was not read.)
    assert message in cell_errors(response, f"v{village.pk}-total_households")
    assert inputs(response)[f"v{village.pk}-total_households"]["value"] == typed
    after = VillageCount.objects.get(village=village, year=YEAR)
    assert (after.total_households, after.version) == (before.total_households, before.version)


# ---------------------------------------------------------------- the household form


def test_household_form_reads_members_and_income_the_vietnamese_way(world, official):
    from households.models import Ethnicity

    village = world.villages.na_sung
    url = reverse("household_create", args=[village.pk]) + f"?year={YEAR}"
    body = {
        "village": str(village.pk),
        "head_name": "Lộc Văn Số",
        "members": "４",
        "ethnicity": str(Ethnicity.objects.get(name="Nùng").pk),
        "income_per_capita": "1.250.000",
    }
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    household = Household.objects.get(head_name="Lộc Văn Số")
    assert household.members == 4
    assert Assessment.objects.get(household=household, year=YEAR).income_per_capita == 1_250_000


# ---------------------------------------------------------------- the plan's grid, totals and figures


@pytest.fixture
def plan(world):
    return create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR)


@pytest.fixture
def transcribed(plan, world):
    return services.save_plan_fields(
        by=world.users.official_diem_he, plan=plan, version=plan.version, data={"transcribed": True}
    )


def thong_nhat_target(plan, world) -> VillageTarget:
    return plan.village_targets.get(village=world.villages.thong_nhat)


def rate_findings(plan) -> list[str]:
    return [f.anchor for f in plan_findings(fresh(plan)) if f.code == "rate_mismatch"]


def test_a_rate_printed_with_one_decimal_stays_one_decimal_and_raises_no_finding(transcribed, world, official):
    """Thống Nhất: 4 poor of 82 households is 4,878%: printed "4,9" is right at one decimal."""
    target = thong_nhat_target(transcribed, world)
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    body[f"rows-{grid_index(body, target.pk)}-printed_poor_rate"] = "4,9"
    assert official.post(url, body).status_code == 302
    target.refresh_from_db()
    assert str(target.printed_poor_rate) == "4.9"
    assert rate_findings(transcribed) == []
    again = form_fields(official.get(url), "grid-form")
    assert again[f"rows-{grid_index(again, target.pk)}-printed_poor_rate"] == "4,9"


def test_the_same_rate_printed_with_two_decimals_is_checked_at_two(transcribed, world, official):
    """A rate printed "4,90" claims two decimals: 4,878% is 4,88 (or 4,87 truncated), so it is flagged."""
    target = thong_nhat_target(transcribed, world)
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    body[f"rows-{grid_index(body, target.pk)}-printed_poor_rate"] = "4,90"
    assert official.post(url, body).status_code == 302
    target.refresh_from_db()
    assert str(target.printed_poor_rate) == "4.90"
    assert len(rate_findings(transcribed)) == 1


def test_a_rate_typed_with_a_decimal_point_is_read_as_a_decimal(transcribed, world, official):
    target = thong_nhat_target(transcribed, world)
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    body[f"rows-{grid_index(body, target.pk)}-printed_near_poor_rate"] = "0.44"
    assert official.post(url, body).status_code == 302
    target.refresh_from_db()
    assert str(target.printed_near_poor_rate) == "0.44"


def test_a_rate_of_one_dot_and_three_digits_is_refused_as_ambiguous(transcribed, world, official):
    target = thong_nhat_target(transcribed, world)
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    name = f"rows-{grid_index(body, target.pk)}-printed_poor_rate"
    body[name] = "1.509"
    response = official.post(url, body)
    assert response.status_code == 200
    assert cell_errors(response, name) == [
        "Không rõ 1.509 là số nghìn hay số thập phân: viết 1,509 nếu là số thập phân (dấu phẩy), "
        "hoặc 1509 nếu là số nguyên."
    ]
    target.refresh_from_db()
    assert target.printed_poor_rate is None
    assert fresh(transcribed).version == transcribed.version


def test_grid_reads_exits_typed_with_a_thousands_dot(plan, world, official):
    target = thong_nhat_target(plan, world)
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    body[f"rows-{grid_index(body, target.pk)}-exits_near_poor"] = "3.000"
    assert official.post(url, body).status_code == 302
    target.refresh_from_db()
    assert target.exits_near_poor == 3000


def test_printed_totals_take_a_province_sized_count_and_keep_the_rates_places(transcribed, official):
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    body |= {"totals-households": "1.182", "totals-poor_start": "150.000", "totals-printed_poor_rate": "2,6"}
    assert official.post(url, body).status_code == 302
    assert fresh(transcribed).printed_totals == {"households": 1182, "poor_start": 150_000, "printed_poor_rate": "2.6"}
    again = form_fields(official.get(url), "grid-form")
    assert (again["totals-households"], again["totals-printed_poor_rate"]) == ("1.182", "2,6")


def test_printed_figures_refuse_an_over_limit_count_in_words(transcribed, official):
    url = reverse("plan_figures", args=[transcribed.pk])
    body = form_fields(official.get(url), "figures-form")
    body["figures-households"] = "9223372036854775808"
    response = official.post(url, body)
    assert response.status_code == 200
    assert TOO_BIG_COUNT in page(response)
    assert "9223372036854775807" not in page(response)
    assert fresh(transcribed).printed_figures == {}


def test_printed_figures_read_counts_and_keep_the_rates_places(transcribed, official):
    url = reverse("plan_figures", args=[transcribed.pk])
    body = form_fields(official.get(url), "figures-form")
    body |= {"figures-households": "1.182", "figures-exits_poor": "8", "figures-printed_exits_poor_rate": "0,7"}
    assert official.post(url, body).status_code == 302
    assert fresh(transcribed).printed_figures == {"households": 1182, "exits_poor": 8, "printed_exits_poor_rate": "0.7"}


# ---------------------------------------------------------------- parts: funding, reporting, legal bases


def new_part_row(official, plan, slug: str, **values) -> tuple[str, dict[str, str]]:
    url = reverse("plan_part", args=[plan.pk, slug])
    body = form_fields(official.get(url), "part-form")
    prefix = formset_prefix(body)
    new = int(body[f"{prefix}-INITIAL_FORMS"])
    body |= {f"{prefix}-{new}-{name}": value for name, value in values.items()}
    return url, body


def test_a_funding_amount_over_the_limit_is_refused_in_words_not_19_digits(plan, official):
    url, body = new_part_row(
        official, plan, "kinh-phi", order="1", source="Ngân sách", amount="10.000.000.000.000.000.000"
    )
    response = official.post(url, body)
    assert response.status_code == 200
    assert "Số quá lớn: tối đa 1.000.000.000.000.000." in page(response)
    assert "9223372036854775807" not in page(response)
    assert not FundingSource.objects.filter(plan=plan, source="Ngân sách").exists()


def test_a_funding_amount_of_a_province_is_saved(plan, official):
    url, body = new_part_row(official, plan, "kinh-phi", order="1", source="Ngân sách", amount="12.500.000.000")
    assert official.post(url, body).status_code == 302
    assert FundingSource.objects.get(plan=plan, source="Ngân sách").amount == 12_500_000_000


def test_a_reporting_due_date_is_typed_and_shown_day_first(plan, official):
    url, body = new_part_row(official, plan, "bao-cao", order="9", what="Báo cáo quý", due_date="05/04/2026")
    assert official.post(url, body).status_code == 302
    item = ReportingItem.objects.get(plan=plan, what="Báo cáo quý")
    assert item.due_date == datetime.date(2026, 4, 5)
    fields = inputs(official.get(url))
    [shown] = [
        attrs for name, attrs in fields.items() if name.endswith("-due_date") and attrs.get("value") == "05/04/2026"
    ]
    assert (shown["type"], shown["placeholder"]) == ("text", "dd/mm/yyyy")


def test_every_date_and_number_input_of_the_parts_is_a_text_input(plan, official):
    for slug in ("can-cu", "bao-cao", "kinh-phi"):
        fields = inputs(official.get(reverse("plan_part", args=[plan.pk, slug])))
        kinds = {name.rsplit("-", 1)[-1]: attrs["type"] for name, attrs in fields.items() if "-" in name}
        assert "date" not in kinds.values() and "number" not in kinds.values(), (slug, kinds)


def test_a_legal_basis_date_is_read_day_first(plan, official):
    url, body = new_part_row(
        official, plan, "can-cu", order="1", verb="Căn cứ", doc_number="90/QĐ-TTg", doc_date="18/01/2022", title="t"
    )
    assert official.post(url, body).status_code == 302
    assert LegalBasis.objects.get(plan=plan, doc_number="90/QĐ-TTg").doc_date == datetime.date(2022, 1, 18)


def test_a_bad_date_is_refused_in_vietnamese_and_kept(plan, official):
    url, body = new_part_row(official, plan, "bao-cao", order="9", what="Báo cáo quý", due_date="31/02/2026")
    response = official.post(url, body)
    assert response.status_code == 200
    assert "Ngày không tồn tại: 31/02/2026 (hãy kiểm tra ngày và tháng)." in page(response)
    assert 'value="31/02/2026"' in response.content.decode()
    assert not ReportingItem.objects.filter(plan=plan, what="Báo cáo quý").exists()


# ---------------------------------------------------------------- plan year and issuing


def test_the_plan_years_offered_are_written_without_a_thousands_dot(world, official):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    content = official.get(url).content.decode()
    select = re.search(r'<select name="year"[^>]*>(.*?)</select>', content, re.S).group(1)
    offered = re.findall(r'<option value="([^"]*)"', select)
    assert "2024" in offered
    assert all(re.fullmatch(r"\d{4}", year) for year in offered)
    assert official.post(url, {"year": "2024"}).status_code == 302
    assert Plan.objects.filter(commune=world.communes.diem_he, year=2024).exists()


def test_the_issue_form_takes_a_date_typed_day_first(plan, world, client):
    plan = services.save_plan_fields(
        by=world.users.official_diem_he, plan=plan, version=plan.version, data={"signer_name": SIGNER}
    )
    plan = workflow.perform(by=world.users.official_diem_he, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=world.users.reviewer_van_quan, plan=plan, name="approve", version=plan.version)
    client.force_login(world.users.official_diem_he)
    detail = client.get(reverse("plan", args=[plan.pk]))
    date_input = inputs(detail)["issue_date"]
    assert (date_input["type"], date_input["placeholder"]) == ("text", "dd/mm/yyyy")
    offered = workflow.suggested_issue_date(plan)  # today within the issue window, else nothing
    assert date_input.get("value", "") == (offered.strftime("%d/%m/%Y") if offered else "")
    issue = form_fields(detail, "issue-form") | {"number": "7", "issue_date": "05/02/2024"}
    url = reverse("plan_transition", args=[plan.pk, "issue"])
    confirmation = client.post(url, issue)
    assert 'data-testid="confirm-date">05/02/2024<' in confirmation.content.decode()
    response = client.post(url, form_fields(confirmation, "issue-confirm-form") | {"step": "confirm"})
    assert response.status_code == 302
    issued = fresh(plan)
    assert (issued.number, issued.issue_date) == (7, datetime.date(2024, 2, 5))


def test_a_printed_rate_stored_before_keeps_its_value(transcribed, world):
    """The model field reads and writes the text form; a Decimal comes back with its places."""
    target = thong_nhat_target(transcribed, world)
    VillageTarget.objects.filter(pk=target.pk).update(printed_poor_rate=Decimal("4.9"))
    target.refresh_from_db()
    assert (target.printed_poor_rate, str(target.printed_poor_rate)) == (Decimal("4.9"), "4.9")


def test_an_unreadable_total_gets_one_message_not_two():
    from households.forms import VillageCountForm
    from households.models import Village

    form = VillageCountForm(
        {"total_households": "1,5", "poor": "3", "version": "0"}, village=Village(name="Nà Súng"), locked=False
    )
    assert not form.is_valid()
    assert len(form.errors["total_households"]) == 1
    assert "Cần nhập tổng số hộ." not in form.errors["total_households"]

"""The plan page: every finding linked to its place on the page, the flagged cells, what the page prints
(start figures frozen, empty sections, the district's figures, targets, signature block)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.urls import reverse

from households.models import Village, VillageCount
from plans import services
from plans.creation import create_plan
from plans.findings import plan_findings
from plans.models import Recipient, ReportingItem, Target, VillageTarget
from plans.reads import plan_table
from tests.support.pages import form_fields, page
from tests.support.plans import SIGNER, YEAR, set_text
from tests.support.world import fresh


def _finding_links(response) -> list[tuple[str, str]]:
    """(code, href) of each finding listed on the plan page."""
    content = response.content.decode()
    block = content[content.index('data-testid="findings"') :]
    block = block[: block.index("</div>\n</div>")]
    return re.findall(r'<li class="[^"]*" data-code="([^"]+)" data-severity="[^"]+">\s*<a href="([^"]+)"', block)


def _ids(response) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', response.content.decode()))


def _check_links(client, plan, expected_codes):
    response = client.get(reverse("plan", args=[plan.pk]))
    assert response.status_code == 200
    links = _finding_links(response)
    findings = plan_findings(fresh(plan))
    assert sorted(code for code, _href in links) == sorted(expected_codes)
    assert [href for _code, href in links] == ["#" + f.anchor.replace(":", "-") for f in findings]
    missing = [href for _code, href in links if href[1:] not in _ids(response)]
    assert missing == [], "findings link to nothing on the page"
    return links


def test_plan_page_links_every_finding_to_an_element_of_the_page(plan, targets, world, official):
    """A transcribed plan with one finding of (almost) every kind, each linked to its place."""
    by = world.users.official_diem_he
    na_sung, thong_nhat = targets
    set_text(plan, "goals", "Phấn đấu giảm tỷ lệ hộ nghèo năm 2024 của xã là 03 hộ tương đương 9,99%")
    set_text(plan, "situation", "Toàn xã có 5 hộ nghèo/84 hộ chiếm 7,77%.")
    plan = services.save_plan_fields(by=by, plan=plan, version=plan.version, data={"transcribed": True})
    plan = services.save_grid(
        by=by,
        plan=plan,
        version=plan.version,
        rows={
            na_sung.pk: {"exits_poor": 3, "exits_near_poor": 0, "printed_poor_rate": Decimal("40")},
            thong_nhat.pk: {
                "exits_poor": 0,
                "exits_near_poor": 0,
                "printed_near_poor_rate": Decimal("20"),
                "printed_poor_end": 9,
                "printed_near_poor_end": 1,
            },
        },
        totals={"households": 90},
    )
    Target.objects.create(plan=plan, order=1, text="Tỷ lệ hộ nghèo đầu năm 2024 là 9,99%.")
    ReportingItem.objects.create(plan=plan, order=5, what="Báo cáo năm", due_date=datetime.date(2025, 1, 10))
    Recipient.objects.filter(plan=plan).delete()

    links = _check_links(
        official,
        plan,
        [
            "rate_mismatch",
            "rate_mismatch",
            "total_not_sum",
            "target_exceeds_start",
            "end_not_start_minus_exits",
            "end_not_start_minus_exits",
            "text_percentage_mismatch",
            "text_percentage_mismatch",
            "text_percentage_mismatch",
            "deadline_outside_year",
            "missing_signer",
            "missing_recipients",
        ],
    )
    hrefs = {href for _code, href in links}
    assert {
        f"#village-table-{na_sung.village_id}-poor_rate",
        f"#village-table-{thong_nhat.village_id}-near_poor_rate",
        f"#village-table-{na_sung.village_id}-exits_poor",
        f"#village-table-{thong_nhat.village_id}-poor_end",
        "#village-table-total-households",
        "#text-goals",
        "#text-situation",
        "#text-targets-0",
        "#deadlines-4",
        "#signature",
        "#recipients",
    } <= hrefs
    # The flagged cells are marked in the table.
    content = official.get(reverse("plan", args=[plan.pk])).content.decode()
    assert f'class="num cell-flagged" id="village-table-{na_sung.village_id}-poor_rate"' in content


def test_plan_page_links_missing_counts_and_printed_totals(world, official):
    diem_he = world.communes.diem_he
    pac_lang = Village.objects.create(commune=diem_he, name="Pác Làng", order=3)
    by = world.users.official_diem_he
    plan = create_plan(by=by, commune=diem_he, year=YEAR)
    plan = services.save_plan_fields(
        by=by, plan=plan, version=plan.version, data={"transcribed": True, "signer_name": SIGNER}
    )
    rows = {t.pk: {"exits_poor": 0} for t in plan.village_targets.all()}
    plan = services.save_grid(by=by, plan=plan, version=plan.version, rows=rows, totals={"exits_poor": 99})
    links = _check_links(official, plan, ["missing_counts", "total_not_sum"])
    assert [href for _code, href in links] == [
        f"#village-table-{pac_lang.pk}-households",
        "#village-table-total-exits_poor",
    ]


def test_district_plan_page_links_its_findings(plans, world, client):
    client.force_login(world.users.reviewer_van_quan)
    ReportingItem.objects.create(plan=plans.van_quan, order=9, what="Báo cáo", due_date=datetime.date(2023, 12, 1))
    links = _check_links(client, plans.van_quan, ["deadline_outside_year", "missing_signer"])
    assert [href for _code, href in links] == ["#deadlines-4", "#signature"]


def test_printed_figures_page_saves_and_the_plan_page_links_the_mismatch(transcribed, targets, world, official):
    na_sung, thong_nhat = targets
    services.save_grid(
        by=world.users.official_diem_he,
        plan=fresh(transcribed),
        version=fresh(transcribed).version,
        rows={na_sung.pk: {"exits_poor": 1}, thong_nhat.pk: {"exits_poor": 2}},
    )
    url = reverse("plan_figures", args=[transcribed.pk])
    body = form_fields(official.get(url), "figures-form")
    body |= {"figures-exits_poor": "4", "figures-printed_exits_poor_rate": "4,76"}  # 4 / 84 households
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    plan = fresh(transcribed)
    assert plan.printed_figures == {"exits_poor": 4, "printed_exits_poor_rate": "4.76"}
    assert form_fields(official.get(url), "figures-form")["figures-printed_exits_poor_rate"] == "4,76"

    # The rows sum to 3: the printed 4 is an error, linked to its cell in the printed figures table.
    links = _check_links(official, plan, ["commune_target_differs", "missing_signer"])
    assert links[0] == ("commune_target_differs", "#targets-exits_poor")
    content = official.get(reverse("plan", args=[plan.pk])).content.decode()
    assert 'class="num cell-flagged" id="targets-exits_poor"' in content
    assert content.count('id="targets-exits_poor"') == 1


def test_plan_page_shows_no_actions_to_who_may_only_read(submitted, world, client):
    client.force_login(world.users.admin_lang_son)
    content = page(client.get(reverse("plan", args=[submitted.pk])))
    assert 'data-testid="do-' not in content and 'data-testid="comment-form"' not in content


def test_counts_typed_after_submission_do_not_change_the_plan_page(submitted, world, official):
    VillageCount.objects.filter(village=world.villages.thong_nhat, year=YEAR).update(total_households=999)
    content = page(official.get(reverse("plan", args=[submitted.pk])))
    assert "Số liệu đầu năm được cố định khi trình kế hoạch." in content
    cell = re.search(rf'id="village-table-{world.villages.thong_nhat.pk}-households">([^<]*)<', content)
    assert cell.group(1) == "82"


def test_empty_text_sections_show_a_dash(plan, official):
    plan.outline.filter(key__in=["purpose", "goals", "tasks"]).update(text="")
    detail = page(official.get(reverse("plan", args=[plan.pk])))
    for section in ("purpose", "tasks"):  # "goals" shows its targets (its part) instead
        body = detail[detail.index(f'id="{section}"') :]
        body = body[: body.index("</section>")]
        assert f'<div id="text-{section}" class="outline-text"><p class="text-muted">—</p></div>' in body, section


def test_district_plan_page_shows_the_districts_figures_from_its_communes(plans, world, client):
    tri_le = Village.objects.create(commune=world.communes.tri_le, name="Nà Pàn", order=1)
    VillageCount.objects.create(village=tri_le, year=YEAR, total_households=100, poor=6, near_poor=9)
    client.force_login(world.users.reviewer_van_quan)
    content = page(client.get(reverse("plan", args=[plans.van_quan.pk])))
    total = plan_table(plans.van_quan).total
    assert total.households == 84 + 100
    assert f"toàn huyện có {total.poor_start} hộ nghèo/{total.households} hộ" in content
    assert "Chỉ tiêu của huyện là tổng chỉ tiêu trong kế hoạch của các xã" in content


def test_a_signature_block_without_tm_prints_only_the_title(plan, world, official):
    services.save_plan_fields(
        by=world.users.official_diem_he,
        plan=plan,
        version=plan.version,
        data={"signing_authority": "", "signer_title": "CHỦ TỊCH", "signer_name": SIGNER},
    )
    content = page(official.get(reverse("plan", args=[plan.pk])))
    block = content[content.index('id="signature"') :]
    assert "TM." not in block[:600] and "CHỦ TỊCH" in block


def test_unknown_near_poor_counts_make_no_near_poor_target(plans, world, official):
    """Hà Trung publishes no near-poor per tiểu khu: no "Giảm 0 hộ cận nghèo" is invented."""
    VillageCount.objects.filter(village__commune=world.communes.diem_he, year=YEAR).update(near_poor=None)
    content = page(official.get(reverse("plan", args=[plans.diem_he.pk])))
    targets = content[content.index('data-testid="commune-targets"') :]
    targets = targets[: targets.index("</ul>")]
    assert "hộ nghèo" in targets and "cận nghèo" not in targets


def test_targets_print_no_negative_year_end_while_exits_exceed_the_start(plans, world, official):
    """Exits above the start figure are an error at the row; the targets line does not print "-951 hộ"."""
    plan = plans.diem_he
    VillageTarget.objects.filter(plan=plan).update(exits_poor=0, exits_near_poor=0)
    VillageTarget.objects.filter(plan=plan, village=world.villages.na_sung).update(exits_poor=1000)
    content = page(official.get(reverse("plan", args=[plan.pk])))
    targets = content[content.index('data-testid="commune-targets"') :]
    targets = targets[: targets.index("</ul>")]
    assert "Giảm 1.000 hộ nghèo" in targets
    assert "-" not in re.sub(r"<[^>]*>", "", targets[targets.index(">") + 1 :])
    assert "target_exceeds_start" in {f.code for f in plan_findings(plan)}

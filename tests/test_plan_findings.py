"""The checks of a plan typed through the services (plans.findings): the two published seed tables
(plans/data/seed_tables.py), typed in on communes built with the same villages and counts, give exactly
their one known mistake each; percentages in the texts, deadlines, the printed specific targets; every
write refreshes the stored finding counts."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from households.models import CommuneKind, District, VillageKind
from plans import outline, services, workflow
from plans.creation import create_plan
from plans.data.seed_tables import _DIEM_HE_ROWS, _HA_TRUNG_ROWS, diem_he_2024, ha_trung_2024
from plans.findings import plan_findings, printed_figures, refresh_counts
from plans.grid import village_grid
from plans.models import Plan, PlanStatus, ReportingItem, Target
from tests.support.plans import YEAR, make_commune, targets_by_village
from tests.support.world import fresh

D = Decimal


def kind_of(label: str) -> str:
    return {"Thôn": VillageKind.THON, "Phố": VillageKind.PHO, "Tiểu": VillageKind.TIEU_KHU}[label.split()[0]]


def diem_he_as_published(world) -> SimpleNamespace:
    """A commune with Điềm He's 11 villages and the counts its 2024 plan printed (seed 000)."""
    district = District.objects.create(province=world.provinces.lang_son, name="Văn Quan (bản in)")
    villages = [(key, kind_of(label), hh, poor, near) for key, label, hh, poor, _r, _e, near, _nr, _en in _DIEM_HE_ROWS]
    return make_commune(district, "Điềm He", villages)


def ha_trung_as_published(world) -> SimpleNamespace:
    """A thị trấn with Hà Trung's 10 tiểu khu and the counts behind its 2024 plan (seed 002)."""
    district = District.objects.create(province=world.provinces.thanh_hoa, name="Hà Trung (bản in)")
    villages = [(key, VillageKind.TIEU_KHU, hh, poor, None) for key, _label, hh, poor, _r, _e, _end in _HA_TRUNG_ROWS]
    return make_commune(district, "Hà Trung", villages, kind=CommuneKind.THI_TRAN)


def codes(findings) -> list[tuple[str, str]]:
    return [(f.code, f.anchor) for f in findings]


def _type_in(plan: Plan, by, rows: dict, totals: dict | None, signer: str) -> Plan:
    plan = services.save_plan_fields(
        by=by, plan=plan, version=plan.version, data={"transcribed": True, "signer_name": signer}
    )
    return services.save_grid(by=by, plan=plan, version=plan.version, rows=rows, totals=totals)


def test_diem_he_as_published_has_exactly_its_near_poor_rate_mistake(world):
    made = diem_he_as_published(world)
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    targets = targets_by_village(plan)
    rows = {
        targets[made.villages[key].pk].pk: {
            "printed_poor_rate": D(poor_rate),
            "exits_poor": exits,
            "printed_near_poor_rate": D(near_rate),
            "exits_near_poor": exits_near,
        }
        for key, _label, _hh, _poor, poor_rate, exits, _near, near_rate, exits_near in _DIEM_HE_ROWS
    }
    totals = {
        "households": 1182,
        "poor_start": 31,
        "printed_poor_rate": D("2.62"),
        "exits_poor": 8,
        "near_poor_start": 61,
        "printed_near_poor_rate": D("5.16"),
        "exits_near_poor": 10,
    }
    plan = _type_in(plan, made.official, rows, totals, "Hoàng Thị Hiếu")

    grid = village_grid(plan)
    assert (grid.total.households, grid.total.poor_start, grid.total.near_poor_start) == (1182, 31, 61)
    assert (grid.total.exits_poor, grid.total.exits_near_poor) == (8, 10)
    findings = plan_findings(plan)
    na_sung = made.villages["Nà Súng"].pk
    assert codes(findings) == [("rate_mismatch", f"village-table:{na_sung}:near_poor_rate")]
    assert "Thôn Nà Súng" in findings[0].message
    assert "0,93" in findings[0].message and "6,63" in findings[0].message
    assert (fresh(plan).error_count, fresh(plan).warning_count) == (1, 0)
    assert fresh(plan).printed_totals["printed_poor_rate"] == "2.62"

    # Corrected, the plan is clean and can be submitted.
    plan = services.save_grid(
        by=made.official,
        plan=plan,
        version=plan.version,
        rows={targets[na_sung].pk: {"printed_near_poor_rate": D("6.63")}},
        totals=totals,
    )
    assert plan_findings(plan) == []
    assert workflow.perform(by=made.official, plan=plan, name="submit", version=plan.version).status == "submitted"


def test_ha_trung_as_published_has_exactly_its_total_mistake(world):
    made = ha_trung_as_published(world)
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    targets = targets_by_village(plan)
    rows = {
        targets[made.villages[key].pk].pk: {"printed_poor_rate": D(rate), "exits_poor": exits, "printed_poor_end": end}
        for key, _label, _hh, _poor, rate, exits, end in _HA_TRUNG_ROWS
    }
    totals = {"poor_start": 35, "printed_poor_rate": D("1.21"), "exits_poor": 13, "poor_end": 31}
    plan = _type_in(plan, made.official, rows, totals, "Cù Văn Hân")

    assert village_grid(plan).total.households == 2881
    findings = plan_findings(plan)
    assert codes(findings) == [("total_not_sum", "village-table:total:poor_end")]
    assert "31" in findings[0].message and "22" in findings[0].message
    assert fresh(plan).printed_totals == {
        "poor_start": 35,
        "printed_poor_rate": "1.21",
        "exits_poor": 13,
        "poor_end": 31,
    }

    # Its specific targets as printed ("từ 35 hộ nghèo tỷ lệ 1,21% xuống còn 22 hộ nghèo tỷ lệ 0,7 %")
    # agree with the rows: still exactly the one mistake.
    figures = dataclasses.asdict(ha_trung_2024().figures) | {
        "printed_poor_start_rate": D("1.21"),
        "printed_poor_end_rate": D("0.7"),
    }
    plan = services.save_printed_figures(by=made.official, plan=plan, version=plan.version, figures=figures)
    assert codes(plan_findings(plan)) == [("total_not_sum", "village-table:total:poor_end")]
    assert fresh(plan).printed_figures["printed_poor_end_rate"] == "0.7"


def test_printed_figures_are_not_checked_once_the_plan_is_no_longer_transcribed(world):
    made = ha_trung_as_published(world)
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    totals = {"poor_start": 35, "printed_poor_rate": D("1.21"), "exits_poor": 13, "poor_end": 31}
    plan = _type_in(plan, made.official, {}, totals, "Cù Văn Hân")
    # No exits per row: the printed total 13 stands alone (unknown rows are not 0), and the printed end
    # figure 31 is not 35 - 13 = 22.
    assert codes(plan_findings(plan)) == [("end_not_start_minus_exits", "village-table:total:poor_end")]
    plan = services.save_plan_fields(by=made.official, plan=plan, version=plan.version, data={"transcribed": False})
    assert plan_findings(plan) == []


def test_printed_specific_targets_are_checked_against_the_village_rows(world):
    """Seed 000's "giảm 08 hộ nghèo (0,67%); 10 hộ cận nghèo (0,84%)" agrees with its table; a commune
    target that is not the sum of the villages' is an error pointing at the printed figure."""
    made = diem_he_as_published(world)
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    targets = targets_by_village(plan)
    rows = {
        targets[made.villages[key].pk].pk: {"exits_poor": exits, "exits_near_poor": exits_near}
        for key, _label, _hh, _poor, _rate, exits, _near, _near_rate, exits_near in _DIEM_HE_ROWS
    }
    plan = _type_in(plan, made.official, rows, None, "Hoàng Thị Hiếu")
    figures = dataclasses.asdict(diem_he_2024().figures)
    plan = services.save_printed_figures(by=made.official, plan=plan, version=plan.version, figures=figures)
    assert plan_findings(plan) == []
    assert printed_figures(plan) == diem_he_2024().figures

    figures["exits_poor"] = 9
    plan = services.save_printed_figures(by=made.official, plan=plan, version=plan.version, figures=figures)
    found = codes(plan_findings(plan))
    # One error: 0,67% still agrees with the rows' 8, so the rate is not blamed as well.
    assert found == [("commune_target_differs", "targets:exits_poor")]
    assert fresh(plan).error_count == 1


def test_printed_figures_need_a_transcribed_plan(plans, world):
    plan = plans.diem_he
    with pytest.raises(ValidationError):
        services.save_printed_figures(
            by=world.users.official_diem_he, plan=plan, version=plan.version, figures={"exits_poor": 1}
        )
    assert fresh(plan).printed_figures == {}


@pytest.mark.parametrize(("printed", "flagged"), [("0,76", True), ("0,67", False), ("0,68", False)])
def test_a_percentage_in_the_general_goal_is_checked_against_the_table(world, printed, flagged):
    made = diem_he_as_published(world)
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    targets = targets_by_village(plan)
    rows = {
        targets[made.villages[row[0]].pk].pk: {"exits_poor": exits_poor}
        for row in _DIEM_HE_ROWS
        for exits_poor in [row[5]]
    }
    assert sum(v["exits_poor"] for v in rows.values()) == 8
    goal = f"Phấn đấu giảm tỷ lệ hộ nghèo năm 2024 của xã là 08 hộ tương đương {printed}%"
    outline.save_node(by=made.official, plan=plan, version=plan.version, key="goals", data={"text": goal})
    plan = services.save_plan_fields(
        by=made.official, plan=fresh(plan), version=fresh(plan).version, data={"signer_name": "Hoàng Thị Hiếu"}
    )
    plan = services.save_grid(by=made.official, plan=plan, version=plan.version, rows=rows)
    assert village_grid(plan).total.households == 1182

    findings = plan_findings(plan)
    mismatches = [f for f in findings if f.code == "text_percentage_mismatch"]
    if flagged:
        assert [f.anchor for f in mismatches] == ["text:goals"]
        assert "0,76" in mismatches[0].message and "8/1.182" in mismatches[0].message
        assert fresh(plan).error_count == 1
    else:
        assert findings == []


def test_a_percentage_in_a_target_line_is_checked_with_its_own_anchor(world):
    made = diem_he_as_published(world)
    plan = create_plan(by=made.official, commune=made.commune, year=YEAR)
    Target.objects.create(plan=plan, order=1, text="100% hộ nghèo được cấp thẻ BHYT.")
    Target.objects.create(plan=plan, order=2, text="Tỷ lệ hộ nghèo đầu năm 2024 là 3,62%.")  # 31/1.182 = 2,62
    anchors = [f.anchor for f in plan_findings(plan) if f.code == "text_percentage_mismatch"]
    assert anchors == ["text:targets-1"]


def test_a_deadline_outside_the_year_is_a_warning_that_does_not_block_submission(world):
    official = world.users.official_diem_he
    plan = create_plan(by=official, commune=world.communes.diem_he, year=YEAR)
    plan = services.save_plan_fields(
        by=official, plan=plan, version=plan.version, data={"signer_name": "Hoàng Thị Hiếu"}
    )
    ReportingItem.objects.create(plan=plan, order=5, what="Báo cáo năm", due_date=datetime.date(2025, 1, 10))
    ReportingItem.objects.create(plan=plan, order=6, what="Rà soát", due_text="tháng 1 năm sau")
    refresh_counts(plan)

    findings = plan_findings(plan)
    assert [(f.severity, f.code, f.anchor) for f in findings] == [("warning", "deadline_outside_year", "deadlines:4")]
    assert "10/1/2025" in findings[0].message
    assert (fresh(plan).error_count, fresh(plan).warning_count) == (0, 1)
    plan = workflow.perform(by=official, plan=plan, name="submit", version=fresh(plan).version)
    assert plan.status == PlanStatus.SUBMITTED
    assert fresh(plan).warning_count == 1


def test_every_write_refreshes_the_stored_finding_counts(plans, world):
    official = world.users.official_diem_he
    plan = plans.diem_he
    assert (fresh(plan).error_count, fresh(plan).warning_count) == (1, 0)  # no signer

    plan = services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"signer_name": "Hiếu"})
    assert (fresh(plan).error_count, fresh(plan).warning_count) == (0, 0)

    na_sung = targets_by_village(plan)[world.villages.na_sung.pk]
    plan = services.save_grid(by=official, plan=plan, version=plan.version, rows={na_sung.pk: {"exits_poor": 2}})
    assert (fresh(plan).error_count, fresh(plan).warning_count) == (1, 0)  # 2 exits of 1 poor household
    assert [f.code for f in plan_findings(plan)] == ["target_exceeds_start"]

    plan = services.save_grid(by=official, plan=plan, version=plan.version, rows={na_sung.pk: {"exits_poor": 1}})
    assert (fresh(plan).error_count, fresh(plan).warning_count) == (0, 0)

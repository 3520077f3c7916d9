"""The home page's lines about the results reports (plans/result_needs.py), on fixed days: the official sees
its reports due and late, the district reviewer the communes whose report is missing after its date."""

from __future__ import annotations

import datetime

import pytest

from plans import results
from plans.result_models import Period
from plans.result_needs import report_needs
from tests.support.results import issued_with_targets

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(plans, world):
    return issued_with_targets(plans, world, {world.villages.na_sung: (1, 0), world.villages.thong_nhat: (1, 1)})


def _kinds(user, day):
    return [(n.kind, n.due, n.urgency) for n in report_needs(user, day)]


def test_the_official_sees_the_half_year_report_due_then_late(issued, world):
    official = world.users.official_diem_he
    assert _kinds(official, datetime.date(2024, 3, 1)) == []  # nothing due for months
    assert _kinds(official, datetime.date(2024, 6, 1)) == [("result_report_due", datetime.date(2024, 6, 20), "act")]
    assert _kinds(official, datetime.date(2024, 6, 21)) == [("result_report_late", datetime.date(2024, 6, 20), "late")]
    [need] = report_needs(official, datetime.date(2024, 6, 21))
    assert need.text == "Báo cáo kết quả 6 tháng đầu năm 2024 quá hạn gửi" and need.detail == "Chưa lập"


def test_a_sent_report_needs_nothing_and_a_draft_one_links_to_itself(issued, world):
    official = world.users.official_diem_he
    report = results.start_report(by=official, plan=issued, period=Period.HALF_YEAR, version=issued.version)
    [need] = report_needs(official, datetime.date(2024, 6, 10))
    assert need.url == f"/bao-cao-ket-qua/{report.pk}/" and need.detail == "Đang soạn"
    report = results.save_report_fields(
        by=official, report=report, version=report.version,
        data={"assessment": "Đạt.", "report_date": datetime.date(2024, 6, 18), "signer_name": "Hoàng Văn Hải"},
    )  # fmt: skip
    results.send_report(by=official, report=report, version=report.version)
    assert _kinds(official, datetime.date(2024, 6, 25)) == []
    assert _kinds(official, datetime.date(2024, 12, 11)) == [
        ("result_report_late", datetime.date(2024, 12, 10), "late")
    ]


def test_the_reviewer_sees_a_commune_missing_its_report_after_the_date_only(issued, world):
    reviewer = world.users.reviewer_van_quan
    assert _kinds(reviewer, datetime.date(2024, 6, 20)) == []
    [need] = report_needs(reviewer, datetime.date(2024, 6, 21))
    assert (need.kind, need.text) == (
        "result_report_missing",
        "xã Điềm He chưa gửi báo cáo kết quả 6 tháng đầu năm 2024",
    )
    assert report_needs(world.users.reviewer_thanh_hoa, datetime.date(2024, 6, 21)) == []
    assert report_needs(world.users.official_ha_trung, datetime.date(2024, 6, 21)) == []

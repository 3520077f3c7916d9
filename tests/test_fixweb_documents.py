"""Defects found in the user trial of the documents features: the issued plan's PDF download, make run's
public address, the edit page's sections, new rows of the list parts, the Excel headings, small display
slips, the issue date offered and the nonexistent date."""

from __future__ import annotations

import datetime
import html
import io
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django import forms
from django.urls import reverse

from plans import services, workflow
from plans.models import Recipient
from povertyplan.fields import VnDateField
from reports.models import IssuedCopy
from tests.support.issued import stored_bytes
from tests.support.pages import form_fields, formset_prefix, html_of, page

ROOT = Path(__file__).resolve().parent.parent
SIGNER = "Hoàng Thị Hiếu"


@pytest.fixture
def issued(plans, world):
    """Điềm He's 2024 plan issued as 05/KH-UBND on 20/01/2024."""
    official, reviewer = world.users.official_diem_he, world.users.reviewer_van_quan
    plan = plans.diem_he
    plan = services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"signer_name": SIGNER})
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=reviewer, plan=plan, name="approve", version=plan.version)
    return workflow.perform(
        by=official, plan=plan, name="issue", version=plan.version, number=5, issue_date=datetime.date(2024, 1, 20)
    )


# ---------------------------------------------------------------- 1. the PDF of an issued plan


def test_the_pdf_of_an_issued_plan_is_its_stored_original(issued, official):
    response = official.get(reverse("plan_pdf", args=[issued.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == stored_bytes(issued)
    original = official.get(reverse("issued_original", args=[IssuedCopy.objects.get(plan=issued).pk]))
    assert response.content == original.content


def test_the_pdf_of_a_draft_is_rendered(plan, official):
    response = official.get(reverse("plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert not IssuedCopy.objects.filter(plan=plan).exists()


# ---------------------------------------------------------------- 2. make run's public address


def _run_export_line() -> str:
    [line] = [
        line
        for line in (ROOT / "Makefile").read_text().splitlines()
        if "PUBLIC_BASE_URL" in line and ":" in line.split("#")[0]
    ]
    return line


def test_make_run_sets_the_public_address_to_the_one_it_serves_unless_set(tmp_path):
    line = _run_export_line()
    assert line == "run: export PUBLIC_BASE_URL ?= http://$(ADDR)"
    # The same line on a target that prints the variable, run by make with and without the environment's.
    probe = tmp_path / "probe.mk"
    probe.write_text(f'ADDR ?= 127.0.0.1:8000\n{line.replace("run:", "probe:")}\nprobe:\n\t@echo "$$PUBLIC_BASE_URL"\n')
    env = {"PATH": "/usr/bin:/bin"}
    run = ["make", "-s", "-f", str(probe), "probe", "ADDR=127.0.0.1:8031"]
    assert subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout == "http://127.0.0.1:8031\n"
    env["PUBLIC_BASE_URL"] = "https://kehoach.example.gov.vn"
    assert (
        subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout == f"{env['PUBLIC_BASE_URL']}\n"
    )


def test_the_readme_says_production_must_set_the_public_address():
    readme = (ROOT / "README.md").read_text()
    configuration = readme[readme.index("## Configuration") : readme.index("## Production")]
    assert "| `PUBLIC_BASE_URL` |" in configuration and "**production must set it**" in configuration


# ---------------------------------------------------------------- 3. the edit page opens at its section


@pytest.mark.parametrize("section", ["signature", "header"])
def test_a_sections_edit_opens_at_its_fields_and_returns_to_it(plan, official, section):
    content = html_of(official.get(reverse("plan", args=[plan.pk])))
    url = reverse("plan_edit", args=[plan.pk]) + f"?phan={section}#{section}"
    assert f'href="{html.escape(url)}" data-testid="edit-{section}"' in content
    edit = official.get(url)
    assert re.search(rf'<fieldset[^>]*id="{section}"', html_of(edit))
    assert f'href="{reverse("plan", args=[plan.pk])}#{section}"' in html_of(edit)  # "Huỷ"
    body = form_fields(edit, "plan-form") | {"signer_name": SIGNER}
    response = official.post(url, body)
    assert response.status_code == 302
    assert response.url == reverse("plan", args=[plan.pk]) + f"#{section}"


def test_an_unknown_section_returns_to_the_top_of_the_page(plan, official):
    url = reverse("plan_edit", args=[plan.pk]) + "?phan=javascript:alert(1)"
    response = official.post(url, form_fields(official.get(url), "plan-form"))
    assert response.url == reverse("plan", args=[plan.pk])


# ---------------------------------------------------------------- 4. new rows of a list part


def _recipients_form(plan, official):
    url = reverse("plan_part", args=[plan.pk, "noi-nhan"])
    body = {k: v for k, v in form_fields(official.get(url), "part-form").items() if "__prefix__" not in k}
    return url, body, formset_prefix(body)


def test_blank_rows_offer_the_numbers_after_the_last_row(plan, official):
    highest = max(Recipient.objects.filter(plan=plan).values_list("order", flat=True))
    url, body, prefix = _recipients_form(plan, official)
    first_new = int(body[f"{prefix}-INITIAL_FORMS"])
    assert body[f"{prefix}-TOTAL_FORMS"] == str(first_new + 2)
    assert [body[f"{prefix}-{first_new + i}-order"] for i in (0, 1)] == [str(highest + 1), str(highest + 2)]


def test_several_new_rows_saved_at_once_keep_the_order_typed_after_the_others(plan, official):
    before = list(Recipient.objects.filter(plan=plan).values_list("name", flat=True))
    url, body, prefix = _recipients_form(plan, official)
    new = int(body[f"{prefix}-INITIAL_FORMS"])
    body[f"{prefix}-TOTAL_FORMS"] = str(new + 4)  # two more than offered, as "Thêm dòng" adds them
    highest = int(body[f"{prefix}-{new}-order"]) - 1
    names = ["Mặt trận Tổ quốc xã", "Hội Nông dân xã", "Đoàn Thanh niên xã"]
    for i, name in enumerate(names):
        body |= {f"{prefix}-{new + i}-order": str(highest + 1 + i), f"{prefix}-{new + i}-name": name}
    body[f"{prefix}-{new + 3}-order"] = str(highest + 4)  # a fourth row left blank: not saved
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    assert list(Recipient.objects.filter(plan=plan).values_list("name", flat=True)) == [*before, *names]


def test_a_row_with_its_number_emptied_goes_to_the_end_in_its_place(plan, official):
    before = list(Recipient.objects.filter(plan=plan).values_list("name", flat=True))
    url, body, prefix = _recipients_form(plan, official)
    new = int(body[f"{prefix}-INITIAL_FORMS"])
    first = next(i for i in range(new) if body[f"{prefix}-{i}-name"] == before[0])
    body[f"{prefix}-{first}-order"] = ""
    body |= {f"{prefix}-{new}-order": "", f"{prefix}-{new}-name": "Hội Phụ nữ xã"}
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    rows = list(Recipient.objects.filter(plan=plan).values_list("name", "order"))
    assert [name for name, _order in rows] == [*before[1:], before[0], "Hội Phụ nữ xã"]
    assert rows[-1][1] == rows[-2][1] + 1 == rows[-3][1] + 2


# ---------------------------------------------------------------- 5. Excel headings as on the page


def test_the_xlsx_header_row_is_the_page_tables_header(plan, official):
    content = html_of(official.get(reverse("plan", args=[plan.pk])))
    start = content.index('data-testid="plan-village-table"')
    thead = content[content.index("<thead", start) : content.index("</thead>", start)]
    headings = [
        html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", thead)
    ]
    assert headings[:2] == ["STT", "Thôn"]
    response = official.get(reverse("plan_village_table_xlsx", args=[plan.pk]))
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "STT")
    assert [str(v) for v in row if v is not None] == headings


# ---------------------------------------------------------------- 6. small slips


def test_the_issued_record_writes_the_size_the_vietnamese_way(issued, official):
    copy = IssuedCopy.objects.get(plan=issued)
    assert copy.size > 1000
    content = html_of(official.get(reverse("issued_record", args=[copy.pk])))
    assert f'data-testid="issued-size">{copy.size:,}</span> byte'.replace(",", ".") in content


def test_the_last_recipient_on_the_page_ends_with_a_full_stop(plan, official):
    content = page(official.get(reverse("plan", args=[plan.pk])))
    section = content[content.index('id="recipients"') : content.index('id="signature"')]
    items = re.findall(r"<li>([^<]*)</li>", section)
    assert len(items) == 4
    assert all(item.endswith(";") for item in items[:-1]) and items[-1].endswith(".")
    assert not items[-1].endswith(";.")


def test_the_verification_page_names_the_issuing_body_and_its_parent_apart(issued, client):
    copy = IssuedCopy.objects.get(plan=issued)
    assert copy.parent_body and copy.issuing_body
    content = page(client.get(reverse("verify_code", args=[copy.grouped_code])))
    assert (
        re.search(r'Cơ quan ban hành</dt><dd[^>]*data-testid="verify-body">([^<]*)<', content)[1] == copy.issuing_body
    )
    assert re.search(r'Cơ quan chủ quản</dt><dd[^>]*data-testid="verify-parent-body">([^<]*)<', content)[1] == (
        copy.parent_body
    )


# ---------------------------------------------------------------- 7. the issue date offered, a date that does not exist


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2024, 6, 5), datetime.date(2024, 6, 5)),
        (datetime.date(2023, 12, 20), datetime.date(2023, 12, 20)),
        (datetime.date(2025, 1, 2), None),
        (datetime.date(2022, 12, 31), None),
    ],
)
def test_the_issue_form_offers_today_only_within_the_issue_window(plan, today, expected):
    assert plan.year == 2024
    assert workflow.suggested_issue_date(plan, today) == expected


def test_the_issue_form_offers_no_date_when_today_is_outside_the_window(plan, world, official):
    official_user, reviewer = world.users.official_diem_he, world.users.reviewer_van_quan
    plan = services.save_plan_fields(by=official_user, plan=plan, version=plan.version, data={"signer_name": SIGNER})
    plan = workflow.perform(by=official_user, plan=plan, name="submit", version=plan.version)
    plan = workflow.perform(by=reviewer, plan=plan, name="approve", version=plan.version)
    assert not workflow.issue_date_allowed(plan, datetime.date.today())  # a 2024 plan, today is later
    assert form_fields(official.get(reverse("plan", args=[plan.pk])), "issue-form")["issue_date"] == ""


@pytest.mark.parametrize("typed", ["31/02/2024", "30-02-2023", "31.04.2024", "2024-02-30", "29/02/23"])
def test_a_date_that_does_not_exist_is_named_so(typed):
    field = VnDateField()
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [f"Ngày không tồn tại: {typed} (hãy kiểm tra ngày và tháng)."]


@pytest.mark.parametrize("typed", ["31/2", "ngày 5", "5.4.26", "05/04/2026x", "04/31/2026", "00/01/2024", "2024-13-01"])
def test_text_that_is_not_a_date_asks_for_the_format(typed):
    with pytest.raises(forms.ValidationError) as refused:
        VnDateField().clean(typed)
    assert refused.value.messages == ["Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 05/04/2026."]


def test_a_leap_day_is_a_date():
    assert VnDateField().clean("29/02/2024") == datetime.date(2024, 2, 29)

"""Issuing stores the original (issue 14, point 3): the commune issues after approval, the reviewer cannot;
the PDF is rendered once, its bytes and SHA-256 kept and served as they are; a failed render fails the
issue; a double click issues once; signed copies are registered beside the original, which never changes."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from plans.models import Plan, PlanEvent, PlanStatus
from povertyplan.audit.models import Action, Entry
from reports import issuing, pdf
from reports.models import IssuedCopy, SignedCopy
from tests.support.issued import original_of, pdf_text, qr_codes, stored_bytes
from tests.support.pages import flash, form_fields, page
from tests.support.plans import ISSUE_DATE, SIGNER, go
from tests.support.world import fresh

CODE = re.compile(r"^[A-Z2-7]{10}$")


def _confirm(client, plan, number="5", day="20/01/2024"):
    """Post the issue form and return the confirmation's fields (what "Xác nhận ban hành" posts)."""
    url = reverse("plan_transition", args=[plan.pk, "issue"])
    body = {"version": str(plan.version), "number": number, "issue_date": day, "signer_name": SIGNER}
    return form_fields(client.post(url, body), "issue-confirm-form") | {"step": "confirm"}


# ---------------------------------------------------------------- who issues


def test_the_commune_issues_through_the_pages_and_the_reviewer_is_not_offered_it(approved, world, client):
    client.force_login(world.users.reviewer_van_quan)
    assert 'data-testid="issue-form"' not in page(client.get(reverse("plan", args=[approved.pk])))
    url = reverse("plan_transition", args=[approved.pk, "issue"])
    body = {"version": str(approved.version), "number": "5", "issue_date": "20/01/2024", "signer_name": SIGNER}
    assert client.post(url, body | {"step": "confirm"}).status_code == 403
    assert (fresh(approved).status, IssuedCopy.objects.count()) == (PlanStatus.APPROVED, 0)

    client.force_login(world.users.official_diem_he)
    assert 'data-testid="issue-form"' in page(client.get(reverse("plan", args=[approved.pk])))
    response = client.post(url, _confirm(client, approved))
    assert response.status_code == 302
    plan = fresh(approved)
    assert (plan.status, plan.reference) == (PlanStatus.ISSUED, "05/KH-UBND")
    assert original_of(plan).issued_by == world.users.official_diem_he


# ---------------------------------------------------------------- the stored original


def test_the_original_is_stored_with_its_fingerprint_and_the_header_as_issued(issued, world):
    copy = original_of(issued)
    content = stored_bytes(issued)
    assert content.startswith(b"%PDF-")
    assert (copy.sha256, copy.size) == (hashlib.sha256(content).hexdigest(), len(content))
    assert CODE.match(copy.code) and re.fullmatch(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2}", copy.grouped_code)
    assert (copy.number, copy.symbol, copy.issue_date, copy.signer_name) == (5, "KH-UBND", ISSUE_DATE, SIGNER)
    assert (copy.issuing_body, copy.parent_body, copy.summary) == (
        issued.issuing_body,
        issued.parent_body,
        issued.summary,
    )
    entry = Entry.objects.get(action=Action.ISSUED_COPY)
    assert (entry.object_id, entry.parent_id, entry.actor_username) == (copy.pk, issued.pk, "xa.diemhe")
    assert entry.after["sha256"] == copy.sha256


def test_the_stored_original_has_no_update_path(issued):
    copy = original_of(issued)
    copy.summary = "sửa"
    with pytest.raises(TypeError):
        copy.save()
    with pytest.raises(TypeError):
        copy.delete()
    assert original_of(issued).summary == issued.summary


def test_the_download_returns_exactly_the_stored_bytes_twice_and_after_the_plans_rows_change(
    issued, official, monkeypatch
):
    content = stored_bytes(issued)
    url = reverse("issued_original", args=[original_of(issued).pk])
    first, second = official.get(url), official.get(url)
    assert first["Content-Type"] == "application/pdf" and first.content == second.content == content
    # The plan's rows change afterwards (a renamed body, the village rows): the original does not.
    Plan.objects.filter(pk=issued.pk).update(issuing_body="ỦY BAN NHÂN DÂN XÃ KHÁC", summary="khác")
    issued.village_targets.update(exits_poor=99)
    monkeypatch.setattr(pdf, "render_plan", lambda *a, **k: pytest.fail("the original was rendered again"))
    third = official.get(url)
    assert third.content == content and hashlib.sha256(third.content).hexdigest() == original_of(issued).sha256


def test_the_pdf_carries_the_code_and_a_qr_code_leading_to_the_verification_page(issued):
    copy = original_of(issued)
    text = pdf_text(stored_bytes(issued), "issued-original.pdf")
    assert copy.grouped_code in text
    url = f"http://127.0.0.1:8000/xac-thuc/{copy.grouped_code}/"
    assert qr_codes(stored_bytes(issued), "issued-original-qr") == [url]


@override_settings(PUBLIC_BASE_URL="https://giamngheo.langson.gov.vn")
def test_the_verification_url_uses_the_public_address(approved, users):
    issued = go(approved, users.official_diem_he, "issue", number=5, issue_date=ISSUE_DATE)
    copy = original_of(issued)
    assert issuing.verification_url(copy.code) == f"https://giamngheo.langson.gov.vn/xac-thuc/{copy.grouped_code}/"
    assert qr_codes(stored_bytes(issued), "issued-public-qr") == [issuing.verification_url(copy.code)]


def test_the_issued_plan_page_offers_the_original_its_code_and_fingerprint(issued, official):
    copy = original_of(issued)
    content = page(official.get(reverse("plan", args=[issued.pk])))
    assert "Tải bản gốc đã ban hành (PDF)" in content
    assert f'href="{reverse("issued_original", args=[copy.pk])}"' in content
    assert re.search(rf'data-testid="issued-code">{copy.grouped_code}<', content)
    assert re.search(rf'data-testid="issued-sha256">{copy.sha256}<', content)


# ---------------------------------------------------------------- failures


def test_a_render_failure_fails_the_issue_and_leaves_the_plan_approved(approved, official, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("font missing")

    monkeypatch.setattr(pdf, "render_plan", broken)
    confirm = _confirm(official, approved)
    response = official.post(reverse("plan_transition", args=[approved.pk, "issue"]), confirm)
    assert response.status_code == 200
    assert "Không tạo được tệp PDF của kế hoạch nên chưa ban hành." in page(response)
    plan = fresh(approved)
    assert (plan.status, plan.number, plan.issue_date, plan.version) == (
        PlanStatus.APPROVED,
        None,
        None,
        approved.version,
    )
    assert IssuedCopy.objects.count() == 0
    assert not PlanEvent.objects.filter(plan=approved, to_status=PlanStatus.ISSUED).exists()
    assert not Entry.objects.filter(action__in=[Action.PLAN_ISSUE, Action.ISSUED_COPY]).exists()


def test_a_double_click_on_ban_hanh_issues_once(approved, official):
    confirm = _confirm(official, approved)
    url = reverse("plan_transition", args=[approved.pk, "issue"])
    assert official.post(url, confirm).status_code == 302
    again = official.post(url, confirm)
    assert again.status_code == 302
    assert flash(again)[-1] == (
        "Kế hoạch vừa được người khác cập nhật hoặc chuyển trạng thái. Hãy tải lại trang rồi thao tác lại."
    )
    assert IssuedCopy.objects.filter(plan=approved).count() == 1
    assert PlanEvent.objects.filter(plan=approved, to_status=PlanStatus.ISSUED).count() == 1


# ---------------------------------------------------------------- signed copies


def _upload(client, copy, content: bytes, name="ban-ky.pdf", note=""):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("signed_upload", args=[copy.pk]), {"file": upload, "note": note})


def test_the_official_registers_signed_copies_and_the_original_stays(issued, official, world):
    copy = original_of(issued)
    before = stored_bytes(issued)
    signed_pdf = before + b"\n% signed with the signing tool\n"
    assert _upload(official, copy, signed_pdf, note="Bản ký số").status_code == 302
    scan = b"\x89PNG\r\n\x1a\n" + b"scan" * 100
    assert _upload(official, copy, scan, name="scan.png", note="Bản quét lại").status_code == 302
    rows = list(SignedCopy.objects.filter(issued=copy).order_by("id"))
    assert [(s.content_type, s.note, s.sha256) for s in rows] == [
        ("application/pdf", "Bản ký số", hashlib.sha256(signed_pdf).hexdigest()),
        ("image/png", "Bản quét lại", hashlib.sha256(scan).hexdigest()),
    ]
    assert rows[0].uploaded_by == world.users.official_diem_he
    assert stored_bytes(issued) == before and original_of(issued).sha256 == hashlib.sha256(before).hexdigest()
    assert Entry.objects.filter(action=Action.SIGNED_COPY, parent_id=issued.pk).count() == 2
    record = page(official.get(reverse("issued_record", args=[copy.pk])))
    for signed in rows:
        assert reverse("signed_download", args=[signed.pk]) in record
    download = official.get(reverse("signed_download", args=[rows[1].pk]))
    assert (download["Content-Type"], download.content) == ("image/png", scan)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 a zip", "Chỉ nhận tệp PDF hoặc ảnh quét (PNG, JPEG)."),
        (b"", "Tập tin được gửi là rỗng."),  # Django's own (Vietnamese) refusal of an empty upload
    ],
)
def test_a_signed_copy_that_is_not_a_pdf_or_image_is_refused(issued, official, content, message):
    copy = original_of(issued)
    response = _upload(official, copy, content, name="x.pdf")
    assert response.status_code == 400
    assert re.findall(r'data-testid="signed-error">([^<]*)<', page(response)) == [message]
    assert SignedCopy.objects.count() == 0


def test_a_too_large_signed_copy_and_the_unsigned_original_are_refused(issued, official, monkeypatch):
    copy = original_of(issued)
    monkeypatch.setattr(issuing, "SIGNED_MAX_BYTES", 2 * 1024 * 1024)
    response = _upload(official, copy, b"%PDF-" + b"0" * (3 * 1024 * 1024))
    assert re.findall(r'data-testid="signed-error">([^<]*)<', page(response)) == ["Tệp nặng 3 MB, quá giới hạn 2 MB."]
    response = _upload(official, copy, stored_bytes(issued))
    assert re.findall(r'data-testid="signed-error">([^<]*)<', page(response)) == [
        "Tệp này chính là bản gốc đã ban hành (chưa ký): hãy tải lên bản đã ký."
    ]
    assert SignedCopy.objects.count() == 0


def test_the_reviewer_sees_signed_copies_but_cannot_upload(issued, official, reviewer_client):
    copy = original_of(issued)
    _upload(official, copy, b"%PDF-1.7 signed")
    assert 'data-testid="signed-form"' not in page(reviewer_client.get(reverse("issued_record", args=[copy.pk])))
    assert _upload(reviewer_client, copy, b"%PDF-1.7 other").status_code == 403
    assert SignedCopy.objects.count() == 1
    signed = SignedCopy.objects.get()
    assert reviewer_client.get(reverse("signed_download", args=[signed.pk])).content == b"%PDF-1.7 signed"


@pytest.fixture
def reviewer_client(world):
    from django.test import Client

    client = Client()
    client.force_login(world.users.reviewer_van_quan)
    return client

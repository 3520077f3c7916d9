"""The public verification page of an issued plan (issue 14, point 3): no login, the issuing body, number,
date, summary and fingerprint, whether a later revision replaced it, and nothing personal; a file dropped
on it is compared with the original and the registered signed copies by SHA-256, and never kept."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from households.models import Household
from plans import workflow
from reports import issuing
from reports.models import IssuedCopy, SignedCopy
from tests.support.issued import original_of, stored_bytes
from tests.support.pages import page
from tests.support.plans import SIGNER, go

MATCH_ORIGINAL = "Trùng khớp với bản gốc đã ban hành."
NO_MATCH = "Không trùng khớp: tệp này khác bản đã ban hành."


@pytest.fixture
def anonymous():
    return Client()


def _check(client, copy, content: bytes):
    upload = SimpleUploadedFile("van-ban.pdf", content, content_type="application/pdf")
    return client.post(reverse("verify_code", args=[copy.grouped_code]), {"file": upload})


def _result(response) -> str:
    found = re.findall(r'data-testid="verify-result">(.*?)</div>', page(response), re.S)
    assert len(found) == 1, found
    return re.sub(r"<[^>]+>", "", found[0]).strip()


def test_anyone_sees_what_was_issued_and_nothing_personal(issued, anonymous, world):
    copy = original_of(issued)
    response = anonymous.get(reverse("verify_code", args=[copy.grouped_code]))
    assert response.status_code == 200
    content = page(response)
    assert re.search(r'data-testid="verify-reference">Số 05/KH-UBND ngày 20/01/2024<', content)
    assert issued.issuing_body in content and issued.summary in content
    assert re.search(rf'data-testid="verify-sha256">{copy.sha256}<', content)
    assert "Chưa có bản sửa đổi nào thay thế." in content
    # Nothing personal: not the signer, not who issued it, no household.
    official = world.users.official_diem_he
    for personal in (
        SIGNER,
        official.username,
        official.display_name,
        *Household.objects.values_list("head_name", flat=True),
    ):
        assert personal not in content, personal


def test_the_issued_pdf_is_recognised_and_one_altered_by_a_byte_is_refused(issued, anonymous):
    copy = original_of(issued)
    content = stored_bytes(issued)
    assert _result(_check(anonymous, copy, content)) == MATCH_ORIGINAL
    altered = bytearray(content)
    altered[len(altered) // 2] ^= 0x01
    response = _check(anonymous, copy, bytes(altered))
    assert response.status_code == 200
    assert _result(response).startswith(NO_MATCH)
    assert hashlib.sha256(bytes(altered)).hexdigest() in _result(response)


def test_a_registered_signed_copy_is_recognised(issued, anonymous, world):
    copy = original_of(issued)
    signed = stored_bytes(issued) + b"\n% signed\n"
    upload = SimpleUploadedFile("ky.pdf", signed)
    registered = issuing.register_signed_copy(by=world.users.official_diem_he, issued=copy, uploaded=upload)
    response = _check(anonymous, copy, signed)
    when = registered.uploaded_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))).strftime("%d/%m/%Y")
    assert _result(response) == f"Trùng khớp với bản đã ký được đăng ký ngày {when}."
    # Its fingerprint is listed on the public page, without who uploaded it.
    content = page(anonymous.get(reverse("verify_code", args=[copy.grouped_code])))
    assert hashlib.sha256(signed).hexdigest() in content
    assert world.users.official_diem_he.username not in content


def test_nothing_dropped_on_the_page_is_kept(issued, anonymous):
    copy = original_of(issued)
    _check(anonymous, copy, b"%PDF-1.7 something else")
    assert (SignedCopy.objects.count(), IssuedCopy.objects.count()) == (0, 1)
    assert stored_bytes(issued).startswith(b"%PDF-") and original_of(issued).sha256 == copy.sha256


def test_a_file_over_the_cap_is_refused_with_a_message(issued, anonymous, monkeypatch):
    monkeypatch.setattr(issuing, "CHECK_MAX_BYTES", 1024 * 1024)
    response = _check(anonymous, original_of(issued), b"%PDF-" + b"0" * (2 * 1024 * 1024))
    assert response.status_code == 400
    assert re.findall(r'data-testid="check-error">([^<]*)<', page(response)) == ["Tệp nặng 2 MB, quá giới hạn 1 MB."]


def test_an_unknown_code_is_404_with_a_message(issued, anonymous):
    response = anonymous.get(reverse("verify_code", args=["AAAA-BBBB-CC"]))
    assert response.status_code == 404
    assert "Không có văn bản nào đã ban hành mang mã “AAAA-BBBB-CC”." in page(response)
    response = _check(anonymous, type("C", (), {"grouped_code": "AAAA-BBBB-CC"})(), stored_bytes(issued))
    assert response.status_code == 404


def test_the_code_typed_loosely_leads_to_its_page(issued, anonymous):
    copy = original_of(issued)
    typed = f" {copy.code[:4].lower()} {copy.code[4:8]}-{copy.code[8:].lower()} "
    response = anonymous.get(reverse("verify"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify_code", args=[copy.grouped_code])


def test_the_page_says_when_a_later_revision_replaced_it(issued, anonymous, users):
    revision = workflow.new_revision(by=users.official_diem_he, plan=issued, version=issued.version)
    revision = go(go(revision, users.official_diem_he, "submit"), users.reviewer_van_quan, "approve")
    revision = go(revision, users.official_diem_he, "issue", number=6, issue_date=datetime.date(2024, 3, 1))
    newer = original_of(revision)
    content = page(anonymous.get(reverse("verify_code", args=[original_of(issued).grouped_code])))
    status = re.search(r'data-testid="verify-status">(.*?)</dd>', content, re.S).group(1)
    assert (
        re.sub(r"<[^>]+>", "", status)
        == f"Đã được thay thế bởi văn bản số 06/KH-UBND ngày 01/03/2024 ({newer.grouped_code})"
    )

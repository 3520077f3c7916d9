"""Issuing's stored original and what is checked against it.

`store_original` runs inside the issue's transaction (plans.workflow.issue): the verification code is
drawn, the PDF rendered once with the code and the QR code of the public page, and stored with its
SHA-256 and the header as issued. A render that fails fails the issue (ValidationError, rolled back).

`register_signed_copy` stores an uploaded signed copy (PDF or image scan, magic bytes checked, size
capped); `match` tells whether some file is the issued original or one of its registered signed copies,
reading it in chunks and keeping nothing.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from povertyplan import access
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action
from povertyplan.numbers import format_number
from reports import pdf
from reports.models import IssuedCopy, SignedCopy, group_code

log = logging.getLogger(__name__)

CODE_LENGTH = 10  # base32 letters: 50 random bits
SIGNED_MAX_BYTES = 20 * 1024 * 1024
CHECK_MAX_BYTES = 30 * 1024 * 1024  # a file dropped on the public page
MAGIC = ((b"%PDF-", SignedCopy.PDF), (b"\x89PNG\r\n\x1a\n", SignedCopy.PNG), (b"\xff\xd8\xff", SignedCopy.JPEG))
ISSUED_FIELDS = ("code", "sha256", "size", "number", "symbol", "issue_date", "issuing_body", "signer_name")
SIGNED_FIELDS = ("sha256", "size", "content_type", "note")


def new_code() -> str:
    """A short unguessable code (base32, 10 letters), not used yet."""
    while True:
        code = base64.b32encode(secrets.token_bytes(10)).decode()[:CODE_LENGTH]
        if not IssuedCopy.objects.filter(code=code).exists():
            return code


def normalise_code(typed: str) -> str:
    """What a person typed ("7k3q-m9tx 2b") as the stored code ("7K3QM9TX2B")."""
    return "".join(ch for ch in (typed or "").upper() if ch.isascii() and ch.isalnum())


def verification_url(code: str) -> str:
    return settings.PUBLIC_BASE_URL + reverse("verify_code", args=[group_code(code)])


def verification_for(code: str) -> pdf.Verification:
    url = verification_url(code)
    return pdf.Verification(code=group_code(code), url=url, qr_svg=segno.make(url, error="m").svg_inline(scale=5))


def store_original(*, by, plan) -> IssuedCopy:
    """Render the just-issued `plan` once and store it (call inside the issue's transaction)."""
    code = new_code()
    try:
        content = pdf.render_plan(plan, verification=verification_for(code))
    except Exception as exc:  # any failure of the renderer: the issue is refused, nothing saved
        log.exception("rendering the issued PDF of plan %s failed", plan.pk)
        raise ValidationError(
            _("Không tạo được tệp PDF của kế hoạch nên chưa ban hành. Hãy thử lại hoặc báo quản trị hệ thống.")
        ) from exc
    copy = IssuedCopy(
        plan=plan,
        pdf=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        code=code,
        number=plan.number,
        symbol=plan.symbol,
        issue_date=plan.issue_date,
        issuing_body=plan.issuing_body,
        parent_body=plan.parent_body,
        summary=plan.summary,
        signer_name=plan.signer_name,
        issued_by=by,
    )
    copy.save(force_insert=True)
    audit.record(by, Action.ISSUED_COPY, copy, before={}, after=audit.state(copy, ISSUED_FIELDS), parent=plan)
    return copy


# ---------------------------------------------------------------- files brought to the record


def sniff(head: bytes) -> str | None:
    """The content type the first bytes show (PDF, PNG, JPEG), or None."""
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("Tệp nặng %(size)s MB, quá giới hạn %(max)s MB.")
        % {"size": format_number(max(1, round(size / 1024 / 1024))), "max": format_number(limit // 1024 // 1024)}
    )


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    head: bytes


def fingerprint(uploaded, limit: int) -> Fingerprint:
    """SHA-256 of an uploaded file read in chunks (refused above `limit` bytes, or empty)."""
    if uploaded.size is not None and uploaded.size > limit:
        raise _too_large(uploaded.size, limit)
    digest, size, head = hashlib.sha256(), 0, b""
    for chunk in uploaded.chunks():
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        digest.update(chunk)
    if size == 0:
        raise ValidationError(_("Tệp rỗng."))
    return Fingerprint(digest.hexdigest(), size, head)


@transaction.atomic
def register_signed_copy(*, by, issued: IssuedCopy, uploaded, note: str = "") -> SignedCopy:
    """Store a signed copy of `issued` (the commune's official); the original is not touched."""
    locked = IssuedCopy.objects.without_bytes().select_for_update().get(pk=issued.pk)
    if not access.can(by, access.CHANGE, locked):
        raise PermissionDenied
    found = fingerprint(uploaded, SIGNED_MAX_BYTES)
    content_type = sniff(found.head)
    if content_type is None:
        raise ValidationError(_("Chỉ nhận tệp PDF hoặc ảnh quét (PNG, JPEG)."))
    if found.sha256 == locked.sha256:
        raise ValidationError(_("Tệp này chính là bản gốc đã ban hành (chưa ký): hãy tải lên bản đã ký."))
    if locked.signed_copies.filter(sha256=found.sha256).exists():
        raise ValidationError(_("Tệp này đã được đăng ký là bản đã ký của văn bản."))
    uploaded.seek(0)
    content = b"".join(uploaded.chunks())
    copy = SignedCopy(
        issued=locked,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content_type=content_type,
        note=(note or "").strip(),
        uploaded_by=by,
    )
    copy.save(force_insert=True)
    audit.record(by, Action.SIGNED_COPY, copy, before={}, after=audit.state(copy, SIGNED_FIELDS), parent=locked.plan)
    return copy


@dataclass(frozen=True)
class Match:
    original: bool
    signed: SignedCopy | None
    sha256: str

    @property
    def matches(self) -> bool:
        return self.original or self.signed is not None


def match(issued: IssuedCopy, uploaded) -> Match:
    """Whether `uploaded` is `issued`'s original or one of its signed copies (nothing stored)."""
    found = fingerprint(uploaded, CHECK_MAX_BYTES)
    signed = None
    if found.sha256 != issued.sha256:
        signed = issued.signed_copies.defer("content").filter(sha256=found.sha256).first()
    return Match(original=found.sha256 == issued.sha256, signed=signed, sha256=found.sha256)

"""Pages of issued plans: the stored original and its signed copies (signed in users, scoped through
povertyplan.access), the register of issued copies, and the public verification pages (no login)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from households.models import Commune
from povertyplan import access
from povertyplan.downloads import PDF, attachment
from reports import issue_pages, issuing
from reports.issue_forms import CodeForm, FileCheckForm, SignedCopyForm
from reports.models import IssuedCopy, SignedCopy, group_code


def _issued(request, pk: int, action: str = access.VIEW) -> IssuedCopy:
    qs = IssuedCopy.objects.without_bytes().select_related("plan__commune", "plan__district")
    return access.get_for_user_or_404(qs, request.user, action, pk=pk)


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = attachment(content, name, content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _name(issued: IssuedCopy, suffix: str) -> str:
    return f"ke-hoach-{issued.number:02d}-{issued.issue_date:%Y%m%d}{suffix}"


@login_required
def issued_original(request, pk: int):
    """The stored bytes of the original, exactly as issued (never rendered again)."""
    issued = _issued(request, pk)
    content = IssuedCopy.objects.values_list("pdf", flat=True).get(pk=issued.pk)
    return _file(content, PDF, _name(issued, ".pdf"))


@login_required
def issued_record(request, pk: int):
    issued = _issued(request, pk)
    return render(request, "reports/issue/record.html", issue_pages.issued_page(request.user, issued, SignedCopyForm()))


@login_required
@require_POST
def signed_upload(request, pk: int):
    issued = _issued(request, pk, access.CHANGE)
    form = SignedCopyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            issuing.register_signed_copy(
                by=request.user, issued=issued, uploaded=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Đã đăng ký bản đã ký; bản gốc giữ nguyên."))
            return redirect("issued_record", pk=issued.pk)
    context = issue_pages.issued_page(request.user, issued, form)
    return render(request, "reports/issue/record.html", context, status=400)


@login_required
def signed_download(request, pk: int):
    qs = SignedCopy.objects.select_related("issued").defer("issued__pdf")
    signed = access.get_for_user_or_404(qs, request.user, access.VIEW, pk=pk)
    return _file(signed.content, signed.content_type, _name(signed.issued, f"-da-ky-{signed.pk}.{signed.extension}"))


@login_required
def register(request):
    """The register of the issued copies the user may see (a reviewer's area, an official's commune)."""
    return render(request, "reports/issue/register.html", issue_pages.register_page(request.user))


@login_required
def commune_register(request, pk: int):
    commune = access.get_for_user_or_404(Commune, request.user, pk=pk)
    return render(request, "reports/issue/register.html", issue_pages.register_page(request.user, commune))


def verify(request):
    """Public: type a code, go to its page."""
    form = CodeForm(request.GET or None)
    if form.is_valid():
        code = issuing.normalise_code(form.cleaned_data["code"])
        if code:
            return redirect("verify_code", code=group_code(code))
    return render(request, "reports/issue/verify_start.html", {"form": form})


def verify_code(request, code: str):
    """Public: what was issued under `code`; a file posted here is compared with it (and not kept)."""
    issued = IssuedCopy.objects.without_bytes().select_related("plan").filter(code=issuing.normalise_code(code)).first()
    if issued is None:
        return render(request, "reports/issue/verify_unknown.html", {"code": code}, status=404)
    form = FileCheckForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            result = issuing.match(issued, form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
    if form.errors:
        status = 400
    return render(request, "reports/issue/verify.html", issue_pages.verify_page(issued, form, result), status=status)

"""The two import commands' shared body: read a file, print its issues, save it (or not, with --dry-run).

Exit codes: 0 saved (or a clean dry run), 1 validation errors or a conflict (nothing saved), 2 the file
could not be read (missing, not an .xlsx, too large, a zip bomb) or the command was misused.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from households.imports import apply, jobs
from households.imports.models import ImportKind
from households.models import Commune
from povertyplan.models import User

OK, INVALID, UNREADABLE = 0, 1, 2


def add_arguments(parser) -> None:
    parser.add_argument("path", type=Path, help="tệp .xlsx theo mẫu của phần mềm")
    parser.add_argument("--commune", required=True, help="mã đơn vị hành chính hoặc số (id) của xã")
    parser.add_argument("--year", required=True, type=int, help="năm của số liệu (đầu năm)")
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và in bản xem trước, không lưu")
    parser.add_argument(
        "--replace-counts",
        action="store_true",
        help="đồng ý để số liệu nhập tay của các thôn được thay bằng số tính từ danh sách hộ",
    )
    parser.add_argument(
        "--user", help="tên đăng nhập của người nhập (ghi vào nhật ký); bỏ trống: tài khoản quản trị duy nhất"
    )


def _commune(value: str) -> Commune:
    commune = Commune.objects.filter(code=value).first()
    if commune is None and value.isdigit():
        commune = Commune.objects.filter(pk=int(value)).first()
    if commune is None:
        raise CommandError(_("Không tìm thấy xã “{value}” (mã hoặc id).").format(value=value), returncode=UNREADABLE)
    return commune


def _user(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Không có tài khoản “{name}”.").format(name=username), returncode=UNREADABLE)
        return user
    admins = list(User.objects.filter(is_superuser=True, is_active=True)[:2])
    if len(admins) != 1:
        raise CommandError(_("Hãy ghi --user: người nhập được ghi vào nhật ký."), returncode=UNREADABLE)
    return admins[0]


def run(command: BaseCommand, kind: str, options: dict) -> None:
    with override(settings.LANGUAGE_CODE):
        _run(command, kind, options)


def _run(command: BaseCommand, kind: str, options: dict) -> None:
    path: Path = options["path"]
    commune = _commune(str(options["commune"]))
    user = None if options["dry_run"] else _user(options.get("user"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(_("Không đọc được tệp {path}.").format(path=path), returncode=UNREADABLE) from exc
    preview = jobs.read(kind, data, commune, options["year"])
    for issue in preview.issues:
        command.stderr.write(issue.line())
    if any(issue.row == 0 for issue in preview.issues):
        raise CommandError(_("Không đọc được tệp: chưa lưu gì."), returncode=UNREADABLE)
    if preview.issues:
        raise CommandError(
            _("Chưa lưu gì: {n} lỗi, sửa tệp rồi chạy lại.").format(n=len(preview.issues)), returncode=INVALID
        )
    summary = preview.summary()
    command.stdout.write(
        _("{rows} dòng: {created} thêm mới, {changed} thay đổi, {unchanged} không đổi.").format(**summary)
    )
    for replaced in preview.replaced:
        command.stdout.write(replaced["message"])
    if options["dry_run"]:
        command.stdout.write(_("Chạy thử (--dry-run): chưa lưu gì."))
        return
    if preview.replaced and not options.get("replace_counts"):
        raise CommandError(
            _(
                "Chưa lưu gì: số liệu nhập tay của {villages} sẽ được thay bằng số tính từ danh sách hộ. "
                "Chạy lại với --replace-counts nếu đồng ý."
            ).format(villages=", ".join(r["name"] for r in preview.replaced)),
            returncode=INVALID,
        )
    try:
        if kind == ImportKind.COUNTS:
            saved = apply.save_counts(
                by=user, commune=commune, year=options["year"], plan=preview.plan, file_name=path.name
            )
        else:
            saved = apply.save_households(by=user, commune=commune, year=options["year"], plan=preview.plan)
    except PermissionDenied as exc:
        raise CommandError(_("Tài khoản này không được sửa số liệu của xã."), returncode=INVALID) from exc
    except ValidationError as exc:
        for message in exc.messages:
            command.stderr.write(message)
        raise CommandError(_("Chưa lưu gì."), returncode=INVALID) from exc
    command.stdout.write(_("Đã lưu {n} dòng.").format(n=saved))

"""python manage.py export_village_table PLAN_PK --format xlsx|pdf [-o FILE]: a commune plan's
per-village target table as Excel (reports/xlsx/exports.py) or PDF (reports.pdf.render_village_table).

Exit code 0 when the file is written; 1 with a message in Vietnamese otherwise (no such plan, a
district's plan, the file cannot be written, the PDF renderer missing)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from reports.xlsx.exports import village_table, village_table_name


class Command(BaseCommand):
    help = "Xuất bảng chỉ tiêu theo thôn của một kế hoạch của xã ra tệp Excel (xlsx) hoặc PDF."

    def add_arguments(self, parser):
        parser.add_argument("plan_pk", type=int, help="Mã (số) của kế hoạch.")
        parser.add_argument("--format", choices=["xlsx", "pdf"], default="xlsx", help="Định dạng tệp (mặc định xlsx).")
        parser.add_argument("-o", "--output", type=Path, help="Tệp ghi ra (mặc định: tên tệp chuẩn, thư mục hiện tại).")

    def handle(self, *args, plan_pk: int, format: str, output: Path | None, **options):
        plan = Plan.objects.select_related("commune__district", "commune__province").filter(pk=plan_pk).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch mã {plan_pk}.")
        if plan.is_district_plan:
            raise CommandError(f"Kế hoạch mã {plan_pk} là kế hoạch của huyện: không có bảng chỉ tiêu theo thôn.")
        content = village_table(plan).content if format == "xlsx" else _pdf(plan)
        path = output or Path(village_table_name(plan, format))
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror or exc}.") from exc
        self.stdout.write(f"Đã ghi {path} ({len(content)} byte).")


def _pdf(plan: Plan) -> bytes:
    """The table as PDF, rendered by reports/pdf (written alongside; its result: bytes, or an object with
    `content`, or a (filename, [content_type,] bytes) tuple)."""
    try:
        from reports.pdf import render_village_table
    except ImportError as exc:
        raise CommandError("Chưa có bộ tạo PDF (reports.pdf.render_village_table): chưa xuất được PDF.") from exc
    result = render_village_table(plan)
    if isinstance(result, bytes):
        return result
    if isinstance(result, tuple):
        return result[-1]
    return result.content

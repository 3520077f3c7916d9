"""export_plan_pdf <plan_pk> [-o file]: the plan as its Decree-30 PDF, for operators and bulk work."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from reports.pdf import render_plan
from reports.pdf.names import plan_file_name


class Command(BaseCommand):
    help = "Xuất kế hoạch ra tệp PDF theo thể thức Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser):
        parser.add_argument("plan_pk", type=int, help="Mã (id) của kế hoạch.")
        parser.add_argument("-o", "--output", help="Tệp PDF ghi ra (mặc định: tên tệp như khi tải về).")

    def handle(self, *args, plan_pk: int, output: str | None = None, **options):
        plan = Plan.objects.select_related("commune", "district", "program").filter(pk=plan_pk).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch mã {plan_pk}.")
        path = Path(output or plan_file_name(plan))
        try:
            path.write_bytes(render_plan(plan))
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}.") from exc
        self.stdout.write(f"Đã ghi {path}")

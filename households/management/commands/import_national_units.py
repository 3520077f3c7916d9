"""python manage.py import_national_units [--dry-run] [--user NAME]: the national list of units since
1 July 2025 from the vietnam-provinces package (see households/national_units.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from households.national_units import describe, import_national, read_merges
from povertyplan.models import User

SHOWN = 50  # created units listed by name; beyond, only counted


class Command(BaseCommand):
    help = (
        "Nạp danh mục 34 tỉnh và 3.321 xã, phường, đặc khu (từ 01/7/2025) theo mã chính thức; chạy lại "
        "không đổi gì. Đơn vị cũ không còn trong danh mục được giữ làm lịch sử (hiệu lực đến 30/6/2025). "
        "Mã thoát: 0 đã nạp (hoặc chạy thử), 1 không nạp được."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo những gì sẽ thay đổi, không ghi.")
        parser.add_argument("--user", help="Tên đăng nhập người chạy (ghi vào nhật ký thay đổi).")
        parser.add_argument(
            "--merges",
            type=Path,
            help="Tệp CSV (province, district, commune, into_code): xã cũ và mã xã mới đã nhận nó.",
        )

    def handle(self, *args, dry_run: bool = False, user: str | None = None, merges: Path | None = None, **options):
        by = None
        if user:
            by = User.objects.filter(username=user).first()
            if by is None:
                self.stderr.write(f"Không có người dùng “{user}”.")
                sys.exit(1)
        try:
            known = read_merges(merges.read_text(encoding="utf-8")) if merges else None
            plan = import_national(dry_run=dry_run, by=by, merges=known)
        except (DatabaseError, ValueError, OSError) as exc:
            self.stderr.write(f"Không nạp được danh mục: {exc}")
            sys.exit(1)
        out = self.stdout.write
        out(f"Danh mục: {plan.source}.")
        if not plan.changes_anything:
            out(f"Không có thay đổi: {plan.unchanged} đơn vị đã khớp danh mục.")
            return
        verb = "Sẽ" if dry_run else "Đã"
        out(f"{verb} thêm {len(plan.created)} đơn vị:")
        for unit in plan.created[:SHOWN]:
            out(f"  + {unit} ({unit.code})")
        if len(plan.created) > SHOWN:
            out(f"  ... và {len(plan.created) - SHOWN} đơn vị khác.")
        out(f"{verb} cập nhật {len(plan.updated)} đơn vị:")
        for change in plan.updated:
            out(f"  ~ {describe(change)}")
        out(f"{verb} giữ làm lịch sử {len(plan.history) + len(plan.districts)} đơn vị không còn trong danh mục:")
        for change in plan.history + plan.districts:
            out(f"  - {describe(change)}")
        for name in plan.ambiguous:
            out(f"  ! {name}: nhiều đơn vị cùng tên, không ghép; đã thêm đơn vị mới.")
        out(f"Không đổi: {plan.unchanged} đơn vị.")
        if dry_run:
            out("Chạy thử: chưa ghi gì.")

"""python manage.py import_units FILE.csv: load administrative units (see households/units_import.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from households.units_import import ImportFailed, import_units


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính từ tệp CSV (tất cả hoặc không có gì)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp {path}.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"Tệp {path} không phải UTF-8.") from exc
        try:
            result = import_units(text)
        except ImportFailed as exc:
            for line, message in exc.errors:
                self.stderr.write(f"Dòng {line}: {message}")
            raise CommandError(f"Không nạp gì: {len(exc.errors)} dòng lỗi.") from exc
        self.stdout.write(
            f"Đã nạp: {result.created} đơn vị mới, {result.updated} cập nhật, {result.unchanged} không đổi."
        )

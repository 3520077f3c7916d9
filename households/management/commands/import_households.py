"""python manage.py import_households FILE.xlsx --commune CODE --year N [--dry-run] [--user NAME]."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from households.imports import command
from households.imports.models import ImportKind


class Command(BaseCommand):
    help = (
        "Nhập danh sách hộ và kết quả rà soát của một năm từ tệp Excel theo mẫu (tất cả hoặc không có gì). "
        "Mã thoát: 0 đã lưu (hoặc chạy thử không lỗi), 1 có lỗi số liệu, 2 không đọc được tệp."
    )

    def add_arguments(self, parser):
        command.add_arguments(parser)

    def handle(self, *args, **options):
        command.run(self, ImportKind.HOUSEHOLDS, options)

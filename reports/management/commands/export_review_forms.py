"""python manage.py export_review_forms --commune PK | --district PK | --province PK --year N
[--form 1..10] [--format xlsx|pdf] [-o FILE]: the review-result pack (reports/forms/), one form or all ten.

Exit code 0 when the file is written; 1 when refused (a failing check, each named with its form, row and
column; no such unit; a district for a year after 2025; the file cannot be written)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from households.models import LAST_DISTRICT_YEAR, Commune, District, Province
from reports.forms.build import area_pack, commune_pack
from reports.forms.definitions import definitions
from reports.forms.files import Refused, export


class Command(BaseCommand):
    help = "Xuất biểu kết quả rà soát (biểu 1 đến 10) của một xã, huyện hoặc tỉnh ra tệp Excel hoặc PDF."

    def add_arguments(self, parser):
        unit = parser.add_mutually_exclusive_group(required=True)
        unit.add_argument("--commune", type=int, help="Mã (số) của xã.")
        unit.add_argument("--district", type=int, help="Mã (số) của huyện (năm đến 2025).")
        unit.add_argument("--province", type=int, help="Mã (số) của tỉnh.")
        parser.add_argument("--year", type=int, required=True, help="Năm của kết quả rà soát.")
        parser.add_argument("--form", type=int, help="Số biểu (mặc định: cả 10 biểu; PDF: cả 10 biểu trong một tệp).")
        parser.add_argument("--format", choices=["xlsx", "pdf"], default="xlsx", help="Định dạng tệp (mặc định xlsx).")
        parser.add_argument("-o", "--output", type=Path, help="Tệp ghi ra (mặc định: tên tệp chuẩn, thư mục hiện tại).")

    def handle(self, *args, commune, district, province, year, form, format, output, **options):
        if form is not None and form not in definitions():
            raise CommandError(f"Không có biểu số {form} (biểu 1 đến {len(definitions())}).")
        if commune is not None:
            unit = Commune.objects.filter(pk=commune).first()
            if unit is None:
                raise CommandError(f"Không có xã mã {commune}.")
            pack = commune_pack(unit, year)
        else:
            model, pk = (District, district) if district is not None else (Province, province)
            unit = model.objects.filter(pk=pk).first()
            if unit is None:
                raise CommandError(f"Không có {'huyện' if model is District else 'tỉnh'} mã {pk}.")
            if model is District and year > LAST_DISTRICT_YEAR:
                raise CommandError(f"Từ năm {LAST_DISTRICT_YEAR + 1} không còn cấp huyện: hãy xuất theo tỉnh.")
            pack = area_pack(unit, year)
        try:
            result = export(pack, format, form)
        except Refused as refused:
            raise CommandError(str(refused)) from refused
        path = output or Path(result.filename)
        try:
            path.write_bytes(result.content)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror or exc}.") from exc
        self.stdout.write(f"Đã ghi {path} ({len(result.content)} byte).")

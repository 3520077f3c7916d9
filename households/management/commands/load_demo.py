"""python manage.py load_demo: the seed documents' units and counts, a synthetic registry, demo users."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from households.demo import DEMO_PASSWORD, load_demo
from plans.demo import load_plan_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (đơn vị, số liệu của các kế hoạch mẫu, hộ gia đình tổng hợp, người dùng mẫu)."

    def handle(self, *args, **options):
        # The demo users (admin included) get the public demo password: never on a production database.
        if not settings.DEBUG:
            raise CommandError(
                "load_demo chỉ chạy trên máy phát triển (DJANGO_DEBUG=1): lệnh này đặt mật khẩu mẫu công khai "
                "cho các tài khoản mẫu, kể cả admin. Không có gì được ghi."
            )
        logins = load_demo()
        load_plan_demo()
        self.stdout.write(f"Dữ liệu mẫu đã sẵn sàng. Đăng nhập (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, unit in logins:
            self.stdout.write(f"  {username:<18} {role:<35} {unit}")

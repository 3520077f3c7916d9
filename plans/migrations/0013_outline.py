# The plan's own outline (plans/outline_models.py): its sections and sub-sections.

import django.core.validators
import django.db.models.deletion
import plans.limits
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0012_table"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutlineNode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                (
                    "key",
                    models.CharField(
                        help_text="Tên cố định của mục trong kế hoạch (neo trang, ý kiến thẩm định).",
                        max_length=40,
                        validators=[django.core.validators.RegexValidator("^[a-z0-9][a-z0-9-]{0,39}$")],
                        verbose_name="mã mục",
                    ),
                ),
                (
                    "style",
                    models.CharField(
                        choices=[
                            ("roman", "I, II, III (mục)"),
                            ("arabic", "1, 2, 3 (khoản)"),
                            ("letter", "a), b), c) (điểm)"),
                            ("dash", "gạch đầu dòng (-)"),
                            ("plus", "dấu cộng (+)"),
                            ("none", "không đánh số"),
                        ],
                        default="roman",
                        max_length=10,
                        verbose_name="kiểu đánh số",
                    ),
                ),
                ("heading", models.CharField(blank=True, max_length=300, verbose_name="tiêu đề")),
                (
                    "text",
                    models.TextField(
                        blank=True,
                        max_length=20000,
                        validators=[plans.limits.TextLimit(20000)],
                        verbose_name="nội dung",
                    ),
                ),
                (
                    "part",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("figures", "Số liệu đầu năm (tính từ bảng)"),
                            ("targets", "Chỉ tiêu (tính từ bảng và chỉ tiêu khác)"),
                            ("village-table", "Bảng chỉ tiêu theo thôn"),
                            ("projects", "Dự án, tiểu dự án"),
                            ("funding", "Nguồn kinh phí"),
                            ("responsibilities", "Phân công thực hiện"),
                            ("reporting", "Chế độ báo cáo"),
                        ],
                        max_length=20,
                        verbose_name="phần có cấu trúc",
                    ),
                ),
                (
                    "annex_title",
                    models.CharField(
                        blank=True,
                        help_text="Với bảng chỉ tiêu theo thôn: in thành phụ lục với tiêu đề này (để trống: in tại chỗ).",
                        max_length=300,
                        verbose_name="tiêu đề phụ lục",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="children",
                        to="plans.outlinenode",
                        verbose_name="mục cha",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="outline",
                        to="plans.plan",
                        verbose_name="kế hoạch",
                    ),
                ),
            ],
            options={
                "verbose_name": "mục của kế hoạch",
                "verbose_name_plural": "mục của kế hoạch",
                "ordering": ["plan", "order", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "key"), name="outline_key_unique"),
                    models.UniqueConstraint(
                        condition=models.Q(("part", ""), _negated=True),
                        fields=("plan", "part"),
                        name="outline_part_once",
                    ),
                ],
            },
        ),
    ]

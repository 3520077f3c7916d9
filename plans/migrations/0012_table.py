# Vietnamese names for the fields the record shows (audit labels): the plan parts' order and plan, the
# grid's start figures and printed figures, comments and the rest. Names only: no SQL.

import django.db.models.deletion
import povertyplan.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0011_audit"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="reviewcomment",
            options={
                "ordering": ["plan", "at", "id"],
                "verbose_name": "ý kiến thẩm định",
                "verbose_name_plural": "ý kiến thẩm định",
            },
        ),
        migrations.AlterField(
            model_name="fundingsource",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
        ),
        migrations.AlterField(
            model_name="fundingsource",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="funding_sources",
                to="plans.plan",
                verbose_name="kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="legalbasis",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
        ),
        migrations.AlterField(
            model_name="legalbasis",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="legal_bases",
                to="plans.plan",
                verbose_name="kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="officer",
            name="commune",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="officers",
                to="households.commune",
                verbose_name="xã",
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="commune",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="households.commune",
                verbose_name="xã",
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="created_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người lập",
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="district",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="households.district",
                verbose_name="huyện",
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="error_count",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="số lỗi"),
        ),
        migrations.AlterField(
            model_name="plan",
            name="previous",
            field=models.ForeignKey(
                blank=True,
                help_text="Bản kế hoạch được dùng làm gốc (năm trước, hoặc bản ban hành trước của năm này).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="plans.plan",
                verbose_name="bản gốc",
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="warning_count",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="số cảnh báo"),
        ),
        migrations.AlterField(
            model_name="planproject",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
        ),
        migrations.AlterField(
            model_name="planproject",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="projects",
                to="plans.plan",
                verbose_name="kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="programitem",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
        ),
        migrations.AlterField(
            model_name="programitem",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="children",
                to="plans.programitem",
                verbose_name="thuộc",
            ),
        ),
        migrations.AlterField(
            model_name="programitem",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="plans.programversion",
                verbose_name="phiên bản chương trình",
            ),
        ),
        migrations.AlterField(
            model_name="programversion",
            name="code",
            field=models.SlugField(unique=True, verbose_name="mã"),
        ),
        migrations.AlterField(
            model_name="recipient",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
        ),
        migrations.AlterField(
            model_name="recipient",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="recipients",
                to="plans.plan",
                verbose_name="kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="reportingitem",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
        ),
        migrations.AlterField(
            model_name="reportingitem",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reporting",
                to="plans.plan",
                verbose_name="kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="responsibility",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
        ),
        migrations.AlterField(
            model_name="responsibility",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="responsibilities",
                to="plans.plan",
                verbose_name="kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="reviewcomment",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="thời điểm"),
        ),
        migrations.AlterField(
            model_name="reviewcomment",
            name="by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người góp ý",
            ),
        ),
        migrations.AlterField(
            model_name="reviewcomment",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comments",
                to="plans.plan",
                verbose_name="kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="reviewcomment",
            name="resolved",
            field=models.BooleanField(default=False, verbose_name="đã xử lý"),
        ),
        migrations.AlterField(
            model_name="target",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
        ),
        migrations.AlterField(
            model_name="target",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="targets",
                to="plans.plan",
                verbose_name="kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="households_start",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="số hộ đầu năm"),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="near_poor_start",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="số hộ cận nghèo đầu năm"
            ),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự"),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="village_targets",
                to="plans.plan",
                verbose_name="kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="poor_start",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="số hộ nghèo đầu năm"
            ),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="printed_near_poor_end",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="hộ cận nghèo cuối năm như đã in"),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="printed_near_poor_rate",
            field=povertyplan.fields.DecimalTextField(
                blank=True, max_length=12, null=True, verbose_name="tỷ lệ hộ cận nghèo như đã in (%)"
            ),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="printed_poor_end",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="hộ nghèo cuối năm như đã in"),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="printed_poor_rate",
            field=povertyplan.fields.DecimalTextField(
                blank=True, max_length=12, null=True, verbose_name="tỷ lệ hộ nghèo như đã in (%)"
            ),
        ),
        migrations.AlterField(
            model_name="villagetarget",
            name="village",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="households.village",
                verbose_name="thôn",
            ),
        ),
    ]

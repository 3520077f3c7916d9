"""The two-level government: a commune keeps the district it belonged to before 1 July 2025; a commune's
version guards the units pages (villages, merges) against lost updates."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("households", "0010_review_service")]

    operations = [
        migrations.AddField(
            model_name="commune",
            name="former_district",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="former_communes",
                to="households.district",
                verbose_name="huyện trước 01/7/2025",
            ),
        ),
        migrations.AddField(
            model_name="commune",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]

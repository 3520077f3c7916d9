"""The review year: an assessment copied forward from last year and not yet re-assessed says so."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("households", "0009_review_year")]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="carried_forward",
            field=models.BooleanField(default=False, editable=False, verbose_name="chưa rà soát lại"),
        ),
    ]

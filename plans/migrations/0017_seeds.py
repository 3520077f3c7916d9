# The plan's preamble (the paragraphs between the legal bases and section I), for the seed plans.
import plans.limits
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0016_issue")]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="preamble",
            field=models.TextField(
                blank=True,
                max_length=20000,
                validators=[plans.limits.TextLimit(20000)],
                verbose_name="lời mở đầu",
            ),
        ),
    ]

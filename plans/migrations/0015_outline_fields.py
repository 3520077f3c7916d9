# The six body texts now live in the outline (0014 moved them); a comment names a node by its key.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0014_outline_data"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="plan",
            name="funding_text",
        ),
        migrations.RemoveField(
            model_name="plan",
            name="general_goal",
        ),
        migrations.RemoveField(
            model_name="plan",
            name="previous_results_text",
        ),
        migrations.RemoveField(
            model_name="plan",
            name="purpose",
        ),
        migrations.RemoveField(
            model_name="plan",
            name="situation_text",
        ),
        migrations.RemoveField(
            model_name="plan",
            name="tasks_solutions",
        ),
        migrations.AlterField(
            model_name="reviewcomment",
            name="section",
            field=models.CharField(max_length=40, verbose_name="phần"),
        ),
    ]

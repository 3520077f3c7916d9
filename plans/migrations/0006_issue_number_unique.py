# Placeholder in the migration chain, filled by the change it is named for (workflow).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_issue_year(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.filter(issue_date__isnull=False).only("pk", "issue_date"):
        Plan.objects.filter(pk=plan.pk).update(issue_year=plan.issue_date.year)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_printed_rate_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DeletedPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='năm kế hoạch')),
                ('revision', models.PositiveSmallIntegerField(verbose_name='lần sửa')),
                ('plan_pk', models.PositiveBigIntegerField(verbose_name='mã kế hoạch đã xóa')),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('snapshot', models.JSONField(blank=True, editable=False, null=True)),
            ],
            options={
                'verbose_name': 'dự thảo kế hoạch đã xóa',
                'verbose_name_plural': 'dự thảo kế hoạch đã xóa',
                'ordering': ['-at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='plan',
            name='issue_year',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_issue_year, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.UniqueConstraint(condition=models.Q(('commune__isnull', False), ('status', 'issued')), fields=('commune', 'issue_year', 'number'), name='plan_commune_issued_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.UniqueConstraint(condition=models.Q(('commune__isnull', True), ('status', 'issued')), fields=('district', 'issue_year', 'number'), name='plan_district_issued_number_unique'),
        ),
        migrations.AddField(
            model_name='deletedplan',
            name='by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='deletedplan',
            name='commune',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='households.commune'),
        ),
        migrations.AddField(
            model_name='deletedplan',
            name='district',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='households.district'),
        ),
    ]

# Frozen names of submitted plans (village, officer, program item) and exits that may be unknown (None).

from django.db import migrations, models

FROZEN_STATUSES = ("submitted", "approved", "issued")


def freeze_names(apps, schema_editor):
    """Plans already submitted, approved or issued keep the names they show now."""
    VillageTarget = apps.get_model("plans", "VillageTarget")
    PlanProject = apps.get_model("plans", "PlanProject")
    targets = list(
        VillageTarget.objects.filter(plan__status__in=FROZEN_STATUSES).select_related("village", "officer")
    )
    for t in targets:
        t.village_name = t.village.name
        t.village_label = f"{t.village.get_kind_display()} {t.village.name}"
        if t.officer is not None:
            t.officer_name, t.officer_position, t.officer_phone = t.officer.name, t.officer.position, t.officer.phone
    fields = ["village_name", "village_label", "officer_name", "officer_position", "officer_phone"]
    VillageTarget.objects.bulk_update(targets, fields, batch_size=500)
    projects = list(PlanProject.objects.filter(plan__status__in=FROZEN_STATUSES).select_related("item"))
    for p in projects:
        p.item_kind, p.item_number, p.item_name = p.item.kind, p.item.number, p.item.name
    PlanProject.objects.bulk_update(projects, ["item_kind", "item_number", "item_name"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0006_issue_number_unique'),
    ]

    operations = [
        migrations.AddField(
            model_name='planproject',
            name='item_kind',
            field=models.CharField(blank=True, choices=[('project', 'Dự án'), ('subproject', 'Tiểu dự án'), ('component', 'Hợp phần'), ('content', 'Nội dung thành phần')], editable=False, max_length=12, verbose_name='loại (khi trình)'),
        ),
        migrations.AddField(
            model_name='planproject',
            name='item_name',
            field=models.CharField(blank=True, editable=False, max_length=400, verbose_name='tên dự án (khi trình)'),
        ),
        migrations.AddField(
            model_name='planproject',
            name='item_number',
            field=models.CharField(blank=True, editable=False, max_length=10, verbose_name='số (khi trình)'),
        ),
        migrations.AddField(
            model_name='villagetarget',
            name='officer_name',
            field=models.CharField(blank=True, editable=False, max_length=120, verbose_name='cán bộ phụ trách (khi trình)'),
        ),
        migrations.AddField(
            model_name='villagetarget',
            name='officer_phone',
            field=models.CharField(blank=True, editable=False, max_length=20, verbose_name='điện thoại (khi trình)'),
        ),
        migrations.AddField(
            model_name='villagetarget',
            name='officer_position',
            field=models.CharField(blank=True, editable=False, max_length=120, verbose_name='chức vụ (khi trình)'),
        ),
        migrations.AddField(
            model_name='villagetarget',
            name='village_label',
            field=models.CharField(blank=True, editable=False, max_length=160, verbose_name='thôn (khi trình)'),
        ),
        migrations.AddField(
            model_name='villagetarget',
            name='village_name',
            field=models.CharField(blank=True, editable=False, max_length=120, verbose_name='tên thôn (khi trình)'),
        ),
        migrations.AlterField(
            model_name='villagetarget',
            name='exits_near_poor',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='dự kiến thoát cận nghèo'),
        ),
        migrations.AlterField(
            model_name='villagetarget',
            name='exits_poor',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='dự kiến thoát nghèo'),
        ),
        migrations.RunPython(freeze_names, migrations.RunPython.noop),
    ]

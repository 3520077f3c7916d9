"""Results against targets: the progress of the plan's other targets (ResultIndicator)."""

import django.db.models.deletion
import plans.limits
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('plans', '0018_results')]

    operations = [
        migrations.CreateModel(
            name='ResultIndicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('target_text', models.TextField(max_length=5000, validators=[plans.limits.TextLimit(5000)], verbose_name='chỉ tiêu')),
                ('result_text', models.TextField(blank=True, max_length=5000, validators=[plans.limits.TextLimit(5000)], verbose_name='kết quả thực hiện')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='plans.resultreport', verbose_name='báo cáo')),
                ('target', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='plans.target', verbose_name='chỉ tiêu của kế hoạch')),
            ],
            options={
                'verbose_name': 'kết quả chỉ tiêu khác',
                'verbose_name_plural': 'kết quả chỉ tiêu khác',
                'ordering': ['report', 'order', 'pk'],
            },
        ),
    ]

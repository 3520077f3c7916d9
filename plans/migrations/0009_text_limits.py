# Placeholder in the migration chain, filled by the change it is named for (textscan).

from django.db import migrations, models

import plans.limits


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0008_officer_version'),
    ]

    operations = [
        migrations.AlterField(
            model_name='legalbasis',
            name='title',
            field=models.TextField(blank=True, max_length=5000, validators=[plans.limits.TextLimit(5000)], verbose_name='trích yếu'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='closing',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='câu kết'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='funding_text',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='kinh phí thực hiện'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='general_goal',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='mục tiêu chung'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='previous_results_text',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='kết quả năm trước và đánh giá'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='purpose',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='mục đích, yêu cầu'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='situation_text',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='thực trạng, nguyên nhân nghèo'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='tasks_solutions',
            field=models.TextField(blank=True, max_length=50000, validators=[plans.limits.TextLimit(50000)], verbose_name='nhiệm vụ và giải pháp'),
        ),
        migrations.AlterField(
            model_name='planproject',
            name='beneficiaries',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='đối tượng'),
        ),
        migrations.AlterField(
            model_name='planproject',
            name='content',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='nội dung hỗ trợ'),
        ),
        migrations.AlterField(
            model_name='planproject',
            name='funding',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='kinh phí'),
        ),
        migrations.AlterField(
            model_name='planproject',
            name='objective',
            field=models.TextField(blank=True, max_length=20000, validators=[plans.limits.TextLimit(20000)], verbose_name='mục tiêu'),
        ),
        migrations.AlterField(
            model_name='responsibility',
            name='tasks',
            field=models.TextField(help_text='Mỗi nhiệm vụ một dòng.', max_length=50000, validators=[plans.limits.TextLimit(50000)], verbose_name='nhiệm vụ'),
        ),
        migrations.AlterField(
            model_name='target',
            name='text',
            field=models.TextField(max_length=5000, validators=[plans.limits.TextLimit(5000)], verbose_name='chỉ tiêu'),
        ),
    ]

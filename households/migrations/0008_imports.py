# The import jobs of the documents issue (households.imports.models.ImportJob).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0007_field_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                ('kind', models.CharField(choices=[('counts', 'Số liệu các thôn'), ('households', 'Danh sách hộ và kết quả rà soát')], max_length=12, verbose_name='loại')),
                ('file_name', models.CharField(max_length=255, verbose_name='tên tệp')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('data', models.BinaryField(verbose_name='nội dung tệp')),
                ('status', models.CharField(choices=[('parsing', 'Đang đọc tệp'), ('ready', 'Đã có bản xem trước'), ('saved', 'Đã lưu'), ('failed', 'Không nhập được'), ('cancelled', 'Đã huỷ')], default='parsing', max_length=10, verbose_name='trạng thái')),
                ('rows_done', models.PositiveIntegerField(default=0, verbose_name='số dòng đã đọc')),
                ('rows_total', models.PositiveIntegerField(blank=True, null=True, verbose_name='tổng số dòng')),
                ('summary', models.JSONField(blank=True, default=dict, verbose_name='tóm tắt')),
                ('preview', models.JSONField(blank=True, default=dict, verbose_name='bản xem trước')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='lỗi')),
                ('digest', models.CharField(blank=True, editable=False, max_length=64)),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người nhập')),
                ('commune', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_jobs', to='households.commune', verbose_name='xã')),
            ],
            options={
                'verbose_name': 'lần nhập Excel',
                'verbose_name_plural': 'lần nhập Excel',
                'ordering': ['-created_at', '-id'],
            },
        ),
    ]

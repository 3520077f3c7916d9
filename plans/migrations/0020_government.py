"""Placeholder: the two-level government's plan changes (filled by its branch; empty keeps the chain linear while branches work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('plans', '0019_result_service'), ('households', '0011_government')]

    operations = []

"""Placeholder: results against targets' own schema changes (filled by its branch; empty keeps the chain linear while branches work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('plans', '0018_results')]

    operations = []

"""Placeholder: the review year's own schema changes (filled by its branch; empty keeps the chain linear while branches work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('households', '0009_review_year')]

    operations = []

"""Placeholder: the review-result forms' schema, if any (filled by its branch; empty keeps the chain linear while branches work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('reports', '0001_issued_copies')]

    operations = []

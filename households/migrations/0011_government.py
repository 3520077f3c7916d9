"""Placeholder: the two-level government's unit changes (filled by its branch; empty keeps the chain linear while branches work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('households', '0010_review_service')]

    operations = []

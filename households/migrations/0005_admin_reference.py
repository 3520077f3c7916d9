# Placeholder in the migration chain, filled by the change it is named for (admin).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0004_counts_registry'),
    ]

    operations = []

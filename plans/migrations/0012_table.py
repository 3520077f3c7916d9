# Placeholder in the migration chain, filled by the change it is named for (table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0011_audit'),
    ]

    operations = []

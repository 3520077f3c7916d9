# Placeholder in the migration chain, filled by the change it is named for (audit).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0010_services'),
    ]

    operations = []

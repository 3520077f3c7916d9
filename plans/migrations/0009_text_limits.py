# Placeholder in the migration chain, filled by the change it is named for (textscan).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0008_officer_version'),
    ]

    operations = []

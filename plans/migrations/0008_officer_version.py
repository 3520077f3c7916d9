# Placeholder in the migration chain, filled by the change it is named for (counts).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0007_frozen_names_unknown_exits'),
    ]

    operations = []

# Placeholder in the migration chain, filled by the change it is named for (numbers).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_printed_figures'),
    ]

    operations = []

# Placeholder in the migration chain, filled by the change it is named for (workflow).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_printed_rate_text'),
    ]

    operations = []

# Placeholder in the migration chain, filled by the change it is named for (frozen).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0006_issue_number_unique'),
    ]

    operations = []

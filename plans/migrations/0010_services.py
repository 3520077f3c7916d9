# Placeholder in the migration chain, filled by the change it is named for (services).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0009_text_limits'),
    ]

    operations = []

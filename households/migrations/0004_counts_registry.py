# Placeholder in the migration chain, filled by the change it is named for (counts).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0003_reference_data'),
    ]

    operations = []

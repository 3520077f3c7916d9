# Placeholder: filled by the documents issue's import branch (keeps the migration chain linear).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("households", "0007_field_names")]

    operations = []

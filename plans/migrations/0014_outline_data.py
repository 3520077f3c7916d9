# Placeholder: filled by the documents issue's branch that owns it (keeps the migration chain linear).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("plans", "0013_outline")]

    operations = []

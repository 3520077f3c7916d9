# Placeholder: filled by the documents issue's seed-plans branch (keeps the migration chain linear).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("plans", "0016_issue")]

    operations = []

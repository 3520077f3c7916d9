# Placeholder in the migration chain, filled by the change it is named for (counts).
# The heads' names' search key (case and diacritics folded), filled for the existing households.

from django.db import migrations, models


def fill_search_names(apps, schema_editor):
    from households.names import search_key

    Household = apps.get_model("households", "Household")
    batch = []
    for household in Household.objects.only("pk", "head_name").iterator(chunk_size=2000):
        household.search_name = search_key(household.head_name)
        batch.append(household)
        if len(batch) >= 2000:
            Household.objects.bulk_update(batch, ["search_name"])
            batch = []
    if batch:
        Household.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0003_reference_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalhousehold',
            name='search_name',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name='household',
            name='search_name',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=120),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]

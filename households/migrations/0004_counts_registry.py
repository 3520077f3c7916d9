# Placeholder in the migration chain, filled by the change it is named for (counts).
# The heads' names' search key (case and diacritics folded), filled for the existing households.

import unicodedata

from django.db import migrations, models

# A frozen copy of households.names.search_key as it was when this migration was written: a later change
# of the app's function must not change what this migration computed.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def search_key(text):
    text = "".join(ch for ch in (text or "") if unicodedata.category(ch) != "Cf").translate(_FOLD)
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().translate(_FOLD).split())


def fill_search_names(apps, schema_editor):
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

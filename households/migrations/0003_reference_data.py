"""Ship the poverty standards, the 54 ethnic groups and the causes of poverty as data.

Administrators correct them in the admin afterwards; a later period is a new row, not new code.
The data is a frozen copy beside this migration (data/0003_*.json): what this migration loads never
changes; a later change of the reference data is a new migration.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data"


def load(apps, schema_editor):
    Standard = apps.get_model("households", "PovertyStandard")
    Indicator = apps.get_model("households", "Indicator")
    Ethnicity = apps.get_model("households", "Ethnicity")
    Cause = apps.get_model("households", "PovertyCause")
    for item in json.loads((DATA / "0003_standards.json").read_text(encoding="utf-8")):
        indicators = item.pop("indicators")
        standard, _ = Standard.objects.update_or_create(first_year=item["first_year"], defaults=item)
        for number, dimension, name, deprivation in indicators:
            Indicator.objects.update_or_create(
                standard=standard, number=number,
                defaults={"dimension": dimension, "name": name, "deprivation": deprivation},
            )
    for order, name in enumerate(json.loads((DATA / "0003_ethnicities.json").read_text(encoding="utf-8")), start=1):
        Ethnicity.objects.update_or_create(name=name, defaults={"order": order, "is_minority": name != "Kinh"})
    for order, (code, name) in enumerate(json.loads((DATA / "0003_causes.json").read_text(encoding="utf-8")), start=1):
        Cause.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("households", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

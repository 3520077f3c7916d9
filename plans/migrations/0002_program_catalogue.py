"""Ship the program catalogues (2021-2025 projects, 2026-2035 components) as data.

The data is a frozen copy beside this migration (data/0002_programs.json): what this migration loads never
changes; a later change of the catalogue is a new migration.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data" / "0002_programs.json"


def load(apps, schema_editor):
    Version = apps.get_model("plans", "ProgramVersion")
    Item = apps.get_model("plans", "ProgramItem")
    order = 0
    for entry in json.loads(DATA.read_text(encoding="utf-8")):
        items = entry.pop("items")
        version, _ = Version.objects.update_or_create(code=entry["code"], defaults=entry)
        for kind, number, name, children in items:
            order += 1
            parent, _ = Item.objects.update_or_create(
                version=version, parent=None, kind=kind, number=number, defaults={"name": name, "order": order}
            )
            for child_kind, child_number, child_name in children:
                order += 1
                Item.objects.update_or_create(
                    version=version, parent=parent, kind=child_kind, number=child_number,
                    defaults={"name": child_name, "order": order},
                )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

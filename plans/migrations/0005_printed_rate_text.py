# Printed rates kept as written: "4,7" is stored as the text "4.7" instead of the decimal 4,70, so the
# checks compare it at the one decimal it was printed with.

from decimal import Decimal

from django.db import migrations

import povertyplan.fields

RATES = ("printed_poor_rate", "printed_near_poor_rate")


def decimal_as_printed(value):
    """Decimal("4.70") -> Decimal("4.7"); Decimal("40.00") -> Decimal("40"). A frozen copy of
    povertyplan.fields.decimal_as_printed as it was when this migration was written."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


def drop_padding_zeros(apps, schema_editor):
    """Rates stored before as two-place decimals ("4.70") were most likely printed without the padding
    zero; "4.7" is checked at one decimal, which never flags a rate that agreed at two."""
    VillageTarget = apps.get_model("plans", "VillageTarget")
    for target in VillageTarget.objects.exclude(printed_poor_rate=None, printed_near_poor_rate=None):
        values = {
            name: decimal_as_printed(getattr(target, name))
            for name in RATES
            if getattr(target, name) is not None
        }
        VillageTarget.objects.filter(pk=target.pk).update(**values)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_printed_figures'),
    ]

    operations = [
        migrations.AlterField(
            model_name='villagetarget',
            name='printed_near_poor_rate',
            field=povertyplan.fields.DecimalTextField(blank=True, max_length=12, null=True),
        ),
        migrations.AlterField(
            model_name='villagetarget',
            name='printed_poor_rate',
            field=povertyplan.fields.DecimalTextField(blank=True, max_length=12, null=True),
        ),
        migrations.RunPython(drop_padding_zeros, migrations.RunPython.noop),
    ]

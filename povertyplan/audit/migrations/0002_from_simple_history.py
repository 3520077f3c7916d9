"""The history simple-history kept, converted into entries before its tables go (households/0006_audit).

Frozen: it reads the migration state's models only, and what it needs of the app (which models had a
history, their action codes, the kinds' labels) is copied here. For each object, its historical rows in
order are compared with the previous one on the recorded fields; a row with a change becomes one entry
(`+` a creation, before {}; `-` a deletion, after {}). The actor's name is the user's name now (the best
there is: simple-history kept only the link); these entries are marked request_id="simple-history", and
going back deletes them.
"""

from django.conf import settings
from django.db import migrations

MARK = "simple-history"
BATCH = 1000

# Historical model -> (the object's model, its actions for +, ~, -).
HISTORIES = {
    "HistoricalProvince": ("province", ("unit.create", "unit.update", "unit.delete")),
    "HistoricalDistrict": ("district", ("unit.create", "unit.update", "unit.delete")),
    "HistoricalCommune": ("commune", ("unit.create", "unit.update", "unit.delete")),
    "HistoricalVillage": ("village", ("unit.create", "unit.update", "unit.delete")),
    "HistoricalPovertyStandard": ("povertystandard", ("admin.create", "admin.update", "admin.delete")),
    "HistoricalIndicator": ("indicator", ("admin.create", "admin.update", "admin.delete")),
    "HistoricalHousehold": ("household", ("household.create", "household.update", "household.delete")),
    "HistoricalAssessment": ("assessment", ("assessment.create", "assessment.update", "assessment.delete")),
    "HistoricalVillageCount": ("villagecount", ("counts.save", "counts.save", "counts.clear")),
}
# Assessment lists kept by simple-history in tables of their own: field -> (table model, target field).
M2M = {
    "deprivations": ("HistoricalAssessment_deprivations", "indicator"),
    "causes": ("HistoricalAssessment_causes", "povertycause"),
}
SKIPPED = {"id", "version", "created_at", "updated_at", "updated_by", "search_name"}
KINDS = {
    "xa": "xã",
    "phuong": "phường",
    "thi_tran": "thị trấn",
    "dac_khu": "đặc khu",
    "huyen": "huyện",
    "thi_xa": "thị xã",
    "quan": "quận",
    "thanh_pho": "thành phố",
    "tinh": "tỉnh",
    "thon": "Thôn",
    "ban": "Bản",
    "buon": "Buôn",
    "ap": "Ấp",
    "khom": "Khóm",
    "pho": "Phố",
    "to_dan_pho": "Tổ dân phố",
    "tieu_khu": "Tiểu khu",
    "khu_pho": "Khu phố",
    "khu": "Khu",
    "lang": "Làng",
}


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class Names:
    """Labels of related rows, read once per row (current rows; "" for a row that no longer exists)."""

    def __init__(self, apps):
        self.apps, self.cache = apps, {}

    def label(self, model, pk):
        key = (model._meta.label_lower, pk)
        if key not in self.cache:
            row = model._default_manager.filter(pk=pk).first()
            self.cache[key] = self._name(row) if row is not None else ""
        return self.cache[key]

    @staticmethod
    def _name(row):
        name = getattr(row, "name", None) or getattr(row, "head_name", None)
        if name is None:
            return str(row.pk)
        kind = KINDS.get(getattr(row, "kind", ""), "")
        return f"{kind} {name}".strip()


def _recorded(history_model):
    fields = []
    for f in history_model._meta.concrete_fields:
        if f.name in SKIPPED or f.name.startswith("history_") or f.name == "history":
            continue
        fields.append(f)
    return fields


def _values(row, fields, names, m2m):
    out = {}
    for f in fields:
        raw = getattr(row, f.attname)
        if f.is_relation:
            out[f.name] = None if raw is None else {"id": raw, "label": names.label(f.related_model, raw)}
        else:
            out[f.name] = _plain(raw)
    for name, targets in m2m.get(row.history_id, {}).items():
        out[name] = sorted(targets, key=lambda t: t["id"])
    return out


def _m2m(apps, names, model_name):
    """{history_id: {field: [{"id", "label"}]}} of the assessment lists, or {} for other models."""
    if model_name != "HistoricalAssessment":
        return {}
    out = {}
    for name, (table, target) in M2M.items():
        model = apps.get_model("households", table)
        related = model._meta.get_field(target).related_model
        for history_id, pk in model.objects.values_list("history_id", f"{target}_id"):
            if pk is not None:
                out.setdefault(history_id, {}).setdefault(name, []).append(
                    {"id": pk, "label": names.label(related, pk)}
                )
    return out


def _changes(before, after):
    empty = (None, "", [], {})
    b, a = {}, {}
    for key in {*before, *after}:
        old, new = before.get(key), after.get(key)
        if old == new or (old in empty and new in empty):
            continue
        if key in before:
            b[key] = old
        if key in after:
            a[key] = new
    return b, a


def _unit(apps, object_model, row, cache):
    """(commune_id, district_id, province_id, unit name) of a historical row."""
    Village, Commune = apps.get_model("households", "Village"), apps.get_model("households", "Commune")
    District, Province = apps.get_model("households", "District"), apps.get_model("households", "Province")

    def commune(pk):
        key = ("commune", pk)
        if key not in cache:
            c = Commune.objects.filter(pk=pk).first()
            cache[key] = (
                (c.pk, c.district_id, c.province_id, f"{KINDS.get(c.kind, '')} {c.name}".strip()) if c else None
            )
        return cache[key]

    def village(pk):
        key = ("village", pk)
        if key not in cache:
            v = Village.objects.filter(pk=pk).first()
            cache[key] = commune(v.commune_id) if v else None
        return cache[key]

    if object_model == "province":
        p = Province.objects.filter(pk=row.id).first()
        return (None, None, p.pk, p.name) if p else None
    if object_model == "district":
        d = District.objects.filter(pk=row.id).first()
        return (None, d.pk, d.province_id, d.name) if d else None
    if object_model == "commune":
        return commune(row.id)
    if object_model == "village":
        return commune(row.commune_id) if row.commune_id else None
    if object_model == "household":
        return village(row.village_id) if row.village_id else None
    if object_model in ("assessment", "villagecount"):
        return village(row.village_id) if getattr(row, "village_id", None) else None
    return None


def _label(object_model, row):
    if object_model == "household":
        return f"Hộ {row.id} – {row.head_name}"
    if object_model == "assessment":
        return f"Kết quả rà soát năm {row.year}"
    if object_model == "villagecount":
        return f"Số liệu thôn năm {row.year}"
    name = getattr(row, "name", None)
    if name is None:
        return str(row.id)
    return f"{KINDS.get(getattr(row, 'kind', ''), '')} {name}".strip()


def convert(apps, schema_editor):
    Entry = apps.get_model("audit", "Entry")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    users = {u.pk: u for u in User.objects.all()}
    names, units, entries = Names(apps), {}, []
    for model_name, (object_model, actions) in HISTORIES.items():
        history = apps.get_model("households", model_name)
        fields = _recorded(history)
        m2m = _m2m(apps, names, model_name)
        previous_id, previous = None, {}
        for row in history.objects.order_by("id", "history_date", "history_id").iterator():
            if row.id != previous_id:
                previous_id, previous = row.id, {}
            now = _values(row, fields, names, m2m)
            kind = row.history_type
            before, after = (previous, {}) if kind == "-" else (previous, now)
            previous = now if kind != "-" else {}
            changed_before, changed_after = _changes(before, after)
            if not changed_before and not changed_after:
                continue
            user = users.get(row.history_user_id)
            unit = _unit(apps, object_model, row, units) or (None, None, None, "")
            label = _label(object_model, row)
            parent_type, parent_id, parent_label = f"households.{object_model}", row.id, label
            if object_model == "assessment" and row.household_id:
                parent_type, parent_id = "households.household", row.household_id
                parent_label = f"Hộ {row.household_id} – {names.label(apps.get_model('households', 'Household'), row.household_id)}"
            entries.append(
                Entry(
                    at=row.history_date,
                    actor_id=user.pk if user else None,
                    actor_username=user.username if user else "",
                    actor_name=(" ".join(p for p in (user.last_name, user.first_name) if p) or user.username)
                    if user
                    else "",
                    commune_id=unit[0],
                    district_id=unit[1],
                    province_id=unit[2],
                    unit_name=unit[3][:200],
                    action={"+": actions[0], "~": actions[1], "-": actions[2]}[kind],
                    object_type=f"households.{object_model}",
                    object_id=row.id,
                    object_label=label[:400],
                    parent_type=parent_type,
                    parent_id=parent_id,
                    parent_label=parent_label[:400],
                    before=changed_before,
                    after=changed_after,
                    reason=row.history_change_reason or "",
                    request_id=MARK,
                )
            )
            if len(entries) >= BATCH:
                Entry.objects.bulk_create(entries)
                entries = []
    Entry.objects.bulk_create(entries)


def unconvert(apps, schema_editor):
    apps.get_model("audit", "Entry").objects.filter(request_id=MARK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_entry"),
        ("households", "0005_admin_reference"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(convert, unconvert)]

"""Village counts of a year from a sheet: each row checked by the counts page's own form.

A row names a village of the commune and its figures; the figures are read and checked by
`VillageCountForm` (the same parser and rules as the counts page: not negative, poor within the total,
poor and near-poor within the total). A village whose counts come from its households that year, a
village not in the commune, or a village named twice is an error. An empty row is left out.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from households.forms import VillageCountForm
from households.imports import origin
from households.imports.preview import Issue, Preview, Progress, data_rows, form_issues, read_header
from households.imports.templates import count_columns
from households.models import Assessment, Commune, Village, VillageCount
from households.names import search_key
from povertyplan.numbers import format_number

FIGURES = ("total_households", "poor", "near_poor", "source")


def village_index(villages) -> dict[str, Village]:
    """A village found by its name or its full name ("Nà Súng", "Thôn Nà Súng"), loosely compared."""
    index = {}
    for village in villages:
        index.setdefault(search_key(str(village)), village)
        index[search_key(village.name)] = village
    return index


def _shown(values: dict) -> dict:
    return {
        name: (format_number(values[name]) if name != "source" and values[name] is not None else values[name] or "")
        for name in FIGURES
    }


def parse(rows: Iterator[tuple], commune: Commune, year: int, progress: Progress | None = None) -> Preview:
    preview = Preview(kind="counts")
    expected = count_columns()
    header = next(rows, None)
    if header is None:
        preview.issues.append(_no_rows())
        return preview
    columns, issues = read_header(
        header,
        expected,
        required=("village", "total_households", "poor"),
        unknown=lambda text: _("Cột “{header}” không có trong mẫu số liệu thôn.").format(header=text),
    )
    preview.issues += issues
    if issues:
        return preview
    villages = village_index(Village.objects.filter(commune=commune))
    existing = {c.village_id: c for c in VillageCount.objects.filter(village__commune=commune, year=year)}
    from_registry = set(
        Assessment.objects.filter(village__commune=commune, year=year).order_by().values_list("village", flat=True)
    )
    seen: dict[int, int] = {}
    for number, row in data_rows(rows, progress, columns, preview.issues):
        preview.rows_read += 1
        name = columns.get(row, "village")
        village = villages.get(search_key(str(name))) if name != "" else None
        if name == "":
            preview.issues.append(columns.issue(number, "village", _("Chưa ghi tên thôn.")))
            continue
        if village is None:
            preview.issues.append(
                columns.issue(
                    number, "village", _("Thôn “{name}” không có trong {commune}.").format(name=name, commune=commune)
                )
            )
            continue
        if village.pk in seen:
            preview.issues.append(
                columns.issue(
                    number, "village", _("{village} đã có ở dòng {row}.").format(village=village, row=seen[village.pk])
                )
            )
            continue
        seen[village.pk] = number
        form = VillageCountForm({name: columns.get(row, name) for name in FIGURES}, village=village, locked=False)
        if not form.is_valid():
            preview.issues += form_issues(form, columns, number, {n: n for n in FIGURES})
            continue
        values = {name: form.cleaned_data.get(name) for name in FIGURES}
        values["source"] = values["source"] or ""
        if values["total_households"] is None:
            continue  # no figures: the village is left as it is
        if village.pk in from_registry:
            preview.issues.append(
                columns.issue(
                    number,
                    "total_households",
                    _("{village}: số liệu lấy từ danh sách hộ, không nhập tay.").format(village=village),
                )
            )
            continue
        current = existing.get(village.pk)
        shown = {"row": number, "village": str(village), "after": _shown(values)}
        before = {name: getattr(current, name) for name in FIGURES} if current else None
        if before is not None:
            before["source"] = origin.typed(before["source"])  # the Nguồn typed, without "Nhập từ Excel (...)"
        if current is not None:
            if before == values:
                preview.unchanged.append(shown)
                continue
            shown["before"] = _shown(before)
            preview.changed.append(shown)
        else:
            preview.created.append(shown)
        preview.plan.append({"village": village.pk, **values, "version": current.version if current else 0})
    if not preview.rows_read and not preview.issues:
        preview.issues.append(_no_rows())
    return preview


def _no_rows() -> Issue:
    return Issue(0, "", "", _("Tệp không có dòng số liệu nào."))

"""A household list on a write-only sheet: one row per assessment of the year, streamed from one query
(households and ethnicities joined, causes prefetched per chunk), so 100.000 rows stay in constant
memory and the number of queries does not grow with the rows (two per chunk of CHUNK rows)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from households.models import CATEGORY_FIELDS, Category
from reports.xlsx import sheet
from reports.xlsx.cells import streamed
from reports.xlsx.formats import COUNT

CHUNK = 1_000  # rows fetched per query (and causes prefetched per chunk)


def _labels(with_village: bool) -> list[tuple[str, float]]:
    labels = [(_("TT"), 6), (_("Mã hộ"), 9), (_("Họ tên chủ hộ"), 28)]
    if with_village:
        labels.append((_("Thôn"), 18))
    labels += [
        (_("Địa chỉ"), 22),
        (_("Nhân khẩu"), 10),
        (_("Dân tộc"), 12),
        (_("Thu nhập (đồng/người/tháng)"), 14),
        (_("Số chỉ số thiếu hụt"), 11),
        (_("Phân loại"), 20),
        (_("Phân loại theo chuẩn"), 20),
    ]
    labels += [(str(c.label), 14) for c in Category]
    labels.append((_("Nguyên nhân nghèo"), 36))
    return labels


def write_households(ws, titles: list[tuple[str, bool]], assessments, *, with_village: bool) -> int:
    """Write the titles, the header and one row per assessment of `assessments` (a queryset already
    scoped to the user and filtered); returns the number of households written."""
    labels = _labels(with_village)
    header_row = len(titles) + 2
    sheet.lay_out(ws, widths=[w for _label, w in labels], header_row=header_row, frozen_columns=3)
    sheet.streamed_titles(ws, titles)
    sheet.streamed_header(ws, [label for label, _w in labels])
    rows = (
        assessments.select_related("household", "household__ethnicity", "village")
        .prefetch_related("causes")
        .iterator(chunk_size=CHUNK)
    )
    income = 7 if with_village else 6
    n = 0
    for n, a in enumerate(rows, start=1):
        h = a.household
        values = [n, h.pk, h.head_name]
        if with_village:
            values.append(str(a.village))
        values += [h.address or None, h.members, str(h.ethnicity), a.income_per_capita, a.deprivation_count]
        values += [a.get_status_display(), a.get_computed_status_display()]
        values += ["x" if getattr(a, CATEGORY_FIELDS[c]) else None for c in Category]
        values.append("; ".join(str(cause) for cause in a.causes.all()) or None)
        # The income with thousands separators (1.200.000); codes and row numbers without.
        ws.append([streamed(ws, v, COUNT if i == income else None) for i, v in enumerate(values)])
    return n

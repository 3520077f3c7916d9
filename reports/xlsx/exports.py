"""The Excel exports: each returns an `Export` (file name, content type, bytes), rendered in Vietnamese.

- `village_table(plan)`: a commune plan's per-village target table (normal mode, a small table);
- `district_rollup(district, year)`: the district's table of its communes, the rows of its roll-up page;
- `province_rollup(province, year)`: the province's table of its communes (and, before the reform, of
  its districts), the rows of its roll-up page;
- `household_list(user, year, village=..., filters=...)` / `household_list(user, year, commune=...)`:
  the assessments of the year the user may see, narrowed by the village page's filters, which the title
  rows name (write-only mode: a commune can have 100.000 households).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from households.forms import HouseholdFilterForm
from households.models import Assessment, Commune, District, Province, Village
from households.pages import village_assessments
from plans import rollup, table
from plans.grid import village_grid
from plans.models import Plan, PlanStatus
from povertyplan.collation import vi_order
from povertyplan.numbers import document_date
from reports.names import ascii_name
from reports.xlsx.formats import new_workbook
from reports.xlsx.grid import TableSheet, write_table
from reports.xlsx.households import write_households

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    content_type: str = CONTENT_TYPE


def place_names(*units) -> str:
    """'xã Điềm He, huyện Văn Quan, tỉnh Lạng Sơn' (a unit left out when absent)."""
    return ", ".join(str(u) for u in units if u is not None)


def workbook_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def village_table_name(plan: Plan, extension: str) -> str:
    """'Bang-thon-KH-2024-xa-Diem-He.xlsx' ('-ban-2' added for a plan's second revision)."""
    revision = f"ban-{plan.revision}" if plan.revision > 1 else ""
    return f"{ascii_name('Bang thon KH', plan.year, plan.commune, revision)}.{extension}"


def village_table(plan: Plan) -> Export:
    """The per-village target table of a commune's plan. A district plan has none (ValueError)."""
    if plan.is_district_plan:
        raise ValueError(_("Kế hoạch của huyện không có bảng chỉ tiêu theo thôn."))
    with translation.override("vi"):
        commune = plan.commune
        grid = village_grid(plan)
        unit = place_names(commune, commune.district, commune.province)
        if plan.status == PlanStatus.ISSUED and plan.issue_date:
            note = _("(Kèm theo Kế hoạch số {ref} {date} của {body})").format(
                ref=plan.reference, date=document_date(plan.issue_date), body=plan.issuing_body
            )
        else:
            note = _("(Dự thảo kế hoạch số {ref}; đơn vị tính: hộ, tỷ lệ %)").format(ref=plan.reference)
        titles = [
            (plan.issuing_body.upper(), True),
            (
                _("BẢNG CHỈ TIÊU GIẢM NGHÈO NĂM {year} THEO THÔN – {unit}").format(year=plan.year, unit=unit.upper()),
                True,
            ),
            (note, False),
        ]
        workbook = new_workbook()
        ws = workbook.active
        ws.title = _("Bảng theo thôn")
        spec = TableSheet(titles, table.VILLAGE_LABEL, table.table_columns(), grid.rows, grid.total)
        write_table(ws, spec)
        return Export(village_table_name(plan, "xlsx"), workbook_bytes(workbook))


def district_rollup(district: District, year: int) -> Export:
    """The district's table of its communes for `year` (plans/rollup.py), the registry's figures now in
    columns of their own (filled only where they differ from those frozen in the commune's plan)."""
    with translation.override("vi"):
        rows, total = rollup.district_rows(district, year)
        unit = place_names(district, district.province)
        titles = [
            (unit.upper(), True),
            (
                _("BẢNG TỔNG HỢP CHỈ TIÊU GIẢM NGHÈO NĂM {year} THEO XÃ – {unit}").format(year=year, unit=unit.upper()),
                True,
            ),
            (_("(Số liệu hiện tại chỉ ghi khi khác số liệu trong kế hoạch của xã; đơn vị tính: hộ, tỷ lệ %)"), False),
        ]
        workbook = new_workbook()
        ws = workbook.active
        ws.title = _("Tổng hợp")
        columns = [*table.rollup_columns(), *table.ROLLUP_CURRENT]
        write_table(ws, TableSheet(titles, _("Xã, phường, thị trấn"), columns, rows, total))
        return Export(f"{ascii_name('Tong hop', year, district)}.xlsx", workbook_bytes(workbook))


def province_rollup(province: Province, year: int) -> Export:
    """The province's table of its communes for `year` (plans/rollup.py), as its page: one row per commune
    and the province's total; for a year of the district level, a second sheet with each district's total."""
    with translation.override("vi"):
        made = rollup.province_rollup(province, year)
        unit = str(province)
        note = _("(Số liệu hiện tại chỉ ghi khi khác số liệu trong kế hoạch của xã; đơn vị tính: hộ, tỷ lệ %)")
        titles = [
            (unit.upper(), True),
            (
                _("BẢNG TỔNG HỢP CHỈ TIÊU GIẢM NGHÈO NĂM {year} THEO XÃ – {unit}").format(year=year, unit=unit.upper()),
                True,
            ),
            (note, False),
        ]
        workbook = new_workbook()
        ws = workbook.active
        ws.title = _("Tổng hợp")
        columns = [*table.rollup_columns(), *table.ROLLUP_CURRENT]
        write_table(ws, TableSheet(titles, _("Xã, phường, đặc khu"), columns, made.rows, made.total))
        if made.groups:
            by_district = workbook.create_sheet(_("Theo huyện"))
            sums = [c for c in table.rollup_columns() if c.kind != table.Kind.STATUS]
            subtotals = [subtotal for _district, _rows, subtotal in made.groups]
            heading = _("TỔNG HỢP THEO HUYỆN (TRƯỚC 01/7/2025) NĂM {year} – {unit}").format(
                year=year, unit=unit.upper()
            )
            spec = TableSheet([(unit.upper(), True), (heading, True)], _("Huyện"), sums, subtotals, made.total)
            write_table(by_district, spec)
        return Export(f"{ascii_name('Tong hop', year, province)}.xlsx", workbook_bytes(workbook))


def filter_description(filters) -> str:
    """The filters that apply (the valid ones, as the village page applies them), named for a title row."""
    if filters is None or not filters.is_bound:
        return ""
    filters.is_valid()
    named = []
    for name, field in filters.fields.items():
        value = filters.cleaned_data.get(name)
        if not value:
            continue
        if name == "q":
            shown = f"“{value}”"
        elif hasattr(value, "pk"):
            shown = str(value)
        else:
            shown = str(dict(field.choices).get(value, value))
        named.append(f"{field.label}: {shown}")
    return "; ".join(named)


def household_list(
    user, year: int, *, village: Village | None = None, commune: Commune | None = None, filters=None
) -> Export:
    """The households assessed in `year` of a village (with the village page's filters) or of a commune."""
    with translation.override("vi"):
        if village is not None:
            filters = filters if filters is not None else HouseholdFilterForm()
            assessments = village_assessments(user, village, year, filters).filter(carried_forward=False)
            commune = village.commune
            places = (village, commune)
        else:
            assessments = (
                Assessment.objects.for_user(user)
                .filter(village__commune=commune, year=year, carried_forward=False)
                .order_by("village__order", "village_id", vi_order("household__head_name"), "household_id")
            )
            places = (commune,)
        described = filter_description(filters)
        titles = [
            (place_names(*places, commune.district, commune.province), False),
            (_("DANH SÁCH HỘ GIA ĐÌNH NĂM {year} – {unit}").format(year=year, unit=place_names(*places).upper()), True),
            (
                _("Lọc: {filters}").format(filters=described) if described else _("Tất cả các hộ đã rà soát trong năm"),
                False,
            ),
        ]
        workbook = new_workbook(write_only=True)
        ws = workbook.create_sheet(_("Danh sách hộ"))
        write_households(ws, titles, assessments, with_village=village is None)
        name = ascii_name("Danh sach ho", year, *places, "loc" if described else "")
        return Export(f"{name}.xlsx", workbook_bytes(workbook))

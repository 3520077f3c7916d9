"""The review-result pack filled for a commune (rows: villages) or an area (rows: communes), one year.

`commune_pack(commune, year)` / `area_pack(district_or_province, year)` compute every figure once
(reports/forms/measures.py, flows.py) and fill the ten forms from their definitions: each form's rows
with their values (None where unknown), subtotals per former district in a province's forms for years
before the two-level government, the totals row, its notes (which units lack what), and the result of
the hard checks (reports/forms/checks.py). The page, the Excel file and the PDF render what this gives.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from households.areas import communes_of_area
from households.lookups import causes, standard_for_or_none
from households.models import LAST_DISTRICT_YEAR, Commune, District, Indicator, Province, Village
from povertyplan.collation import sort_key
from povertyplan.numbers import rate
from reports.forms import checks, flows, measures
from reports.forms.definitions import Column, Definition, Expanded, Item, definitions, expand


@dataclass
class Row:
    """A row of a form: a unit's (or a subtotal's, the total's) values by column key."""

    label: str
    kind: str  # "unit", "subtotal", "total"
    values: dict[str, int | Decimal | None]
    number: int | None = None  # the TT of a unit row
    sublabel: str = ""  # "Hộ" / "Nhân khẩu" on forms 2-3
    missing: str = ""  # why a unit has no figure in this form
    expected: dict[str, int | None] = field(default_factory=dict)  # equals-columns: the registry's figure
    first: int = 0  # subtotal / total: the unit rows they sum (indexes into rows)
    last: int = -1
    parts: list[int] = field(default_factory=list)  # total over subtotals: their indexes


@dataclass
class FilledForm:
    expanded: Expanded
    rows: list[Row]
    available: bool
    reason: str = ""  # why the form cannot be filled
    notes: list[str] = field(default_factory=list)
    failures: list = field(default_factory=list)  # checks.Failure

    @property
    def definition(self) -> Definition:
        return self.expanded.definition

    @property
    def number(self) -> int:
        return self.definition.number


@dataclass
class Pack:
    """The ten forms of a unit and year, and what their header and footer print."""

    unit: Commune | District | Province
    year: int
    body: str  # "ỦY BAN NHÂN DÂN XÃ ĐIỀM HE"
    place: str  # the place before the date in the footer
    unit_label: str  # the stub's "Đơn vị" column: villages or communes
    forms: list[FilledForm]
    pending: int = 0

    @property
    def subtitle(self) -> str:
        """The line under each form's title (Excel and PDF): the year and the review it reports."""
        return _("Năm {year} (kết quả rà soát cuối năm {before})").format(year=self.year, before=self.year - 1)

    def form(self, number: int) -> FilledForm:
        return next(f for f in self.forms if f.number == number)

    @property
    def exportable(self) -> bool:
        return all(not f.failures for f in self.forms)


@dataclass
class _Unit:
    key: int
    label: str
    villages: list[measures.VillageFigures]
    group: District | None = None  # the district in effect (a province's forms before the two-level government)


def _families(year: int, figures: list[measures.VillageFigures], limit: int) -> tuple[dict[str, list[Item]], set]:
    standard = standard_for_or_none(year)
    indicators = Indicator.objects.filter(standard=standard).order_by("number") if standard else []
    ethnic, others = measures.ethnic_items(figures, limit)
    return {
        "indicator": [Item(str(i.pk), f"{i.number}. {i.name}") for i in indicators],
        "cause": [Item(c.code, c.name) for c in causes()],
        "ethnic_group": ethnic,
    }, others


def _sum_known(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _merge(figures: list[measures.VillageFigures]) -> dict[str, int]:
    merged: dict[str, int] = defaultdict(int)
    for f in figures:
        for key, value in f.values.items():
            merged[key] += value
    return dict(merged)


def _derive(columns: list[Column], values: dict, parts: dict) -> None:
    """Fill the derived columns of a row from its measure columns (sums, then rates; a sum may use a
    later sum, as form 9's total uses its minority total); `parts` holds the counts behind rates of
    measures that are not on the sheet (forms 5 and 7)."""
    by_key = {c.key: c for c in columns}

    def sum_of(c: Column) -> int | None:
        if c.key not in values:
            terms = [sum_of(by_key[k]) if by_key[k].kind == "sum" else values.get(k) for _, k in c.terms]
            known = all(t is not None for t in terms)
            values[c.key] = sum(s * t for (s, _), t in zip(c.terms, terms, strict=True)) if known else None
        return values[c.key]

    for c in columns:
        if c.kind == "sum":
            sum_of(c)
    for c in columns:
        if c.kind == "rate":
            values[c.key] = rate(values.get(c.part), values.get(c.whole))
        elif c.kind == "rate_of":
            values[c.key] = rate(parts.get(c.part_key), values.get(c.whole))


def _fill(expanded: Expanded, units: list[_Unit], unit_values: dict[int, dict], year: int, label: str) -> FilledForm:
    d = expanded.definition
    columns = expanded.columns
    needs_registry = "registry" in d.needs
    needs_previous = "previous_year" in d.needs
    has = {u.key: any(f.source == measures.REGISTRY for f in u.villages) for u in units}
    previous = {u.key: any(f.has_previous for f in u.villages) for u in units}
    with_data = {u.key: any(f.source != measures.NONE for f in u.villages) for u in units}
    if not any(with_data.values()):
        return FilledForm(expanded, [], False, _("Không có số liệu năm {year}.").format(year=year))
    if needs_registry and not any(has.values()):
        reason = _(
            "Không có số liệu: biểu này cần sổ hộ (danh sách hộ đã rà soát) năm {year}; chỉ có số liệu tổng hợp."
        )
        return FilledForm(expanded, [], False, reason.format(year=year))
    if needs_previous and not any(has[k] and previous[k] for k in has):
        reason = _("Không có số liệu: biểu này cần kết quả rà soát của cả năm {before} và năm {year} trong sổ hộ.")
        return FilledForm(expanded, [], False, reason.format(before=year - 1, year=year))
    sublabels = [(_("Hộ"), ""), (_("Nhân khẩu"), "#persons")] if d.persons_rows else [("", "")]
    rows: list[Row] = []
    lacking: list[str] = []
    groups: list[tuple[object, int, int]] = []
    for number, unit in enumerate(units, start=1):
        values_in = unit_values[unit.key][1 if needs_registry else 0]
        missing = ""
        if not with_data[unit.key]:
            missing = _("không có số liệu")
        elif needs_registry and not has[unit.key]:
            missing = _("không có số liệu (chỉ có số liệu tổng hợp)")
        elif needs_previous and not previous[unit.key]:
            missing = _("không có số liệu năm {before}").format(before=year - 1)
        if missing:
            lacking.append(unit.label)
        if groups and groups[-1][0] == unit.group:
            groups[-1] = (unit.group, groups[-1][1], len(rows) + len(sublabels) - 1)
        else:
            groups.append((unit.group, len(rows), len(rows) + len(sublabels) - 1))
        for sublabel, suffix in sublabels:
            values: dict = {}
            row = Row(unit.label, "unit", values, number=number, sublabel=sublabel, missing=missing)
            if not missing:
                for c in columns:
                    if c.kind == "measure":
                        values[c.key] = values_in.get(c.measure + suffix)
                    elif c.kind == "rate_of":
                        row.expected[c.part_key] = values_in.get(c.measure + suffix)
                    if c.equals:
                        row.expected[c.key] = values_in.get(c.equals + suffix)
                _derive(columns, values, row.expected)
            rows.append(row)
    unit_rows = list(rows)
    out: list[Row] = []
    grouped = any(g is not None for g, _, _ in groups)
    subtotals: list[int] = []
    for group, first, last in groups:
        block = unit_rows[first : last + 1]
        if grouped:
            out.append(Row(_("Trực thuộc tỉnh") if group is None else capfirst(str(group)), "group", {}))
        start = len(out)
        out += block
        if grouped:
            for offset, (sublabel, _suffix) in enumerate(sublabels):
                members = [r for r in block if r.sublabel == sublabel]
                name = _("trực thuộc tỉnh") if group is None else str(group)
                sub = _total_row(columns, members, _("Cộng {unit}").format(unit=name), sublabel, "subtotal")
                sub.first, sub.last = start + offset, start + len(block) - 1
                subtotals.append(len(out))
                out.append(sub)
    units_end = len(out)
    for offset, (sublabel, _suffix) in enumerate(sublabels):
        members = [r for r in unit_rows if r.sublabel == sublabel]
        total = _total_row(columns, members, _("Tổng cộng"), sublabel, "total")
        if grouped:
            total.parts = [i for i in subtotals if out[i].sublabel == sublabel]
        else:
            total.first, total.last = offset, units_end - 1
        out.append(total)
    notes = list(d.notes)
    if lacking:
        notes.append(_("Không có số liệu: {units}.").format(units=", ".join(lacking)))
    notes += _unknown_figures(columns, unit_rows)
    return FilledForm(expanded, out, True, notes=notes)


def _unknown_figures(columns: list[Column], unit_rows: list[Row]) -> list[str]:
    """A note per unit whose row leaves figures unknown (typed counts give no persons, a village's
    near-poor may be untyped): the totals add up only the units that state the figure."""
    notes = []
    for row in unit_rows:
        if row.missing or row.sublabel == _("Nhân khẩu"):
            continue
        unknown = [str(c.number) for c in columns if c.kind == "measure" and row.values.get(c.key) is None]
        if unknown:
            notes.append(
                _(
                    "{unit}: không có số liệu cột {columns} (chỉ có số liệu tổng hợp); tổng cộng chỉ gồm các đơn vị có số liệu."
                ).format(unit=row.label, columns=", ".join(unknown))
            )
    return notes


def _total_row(columns: list[Column], members: list[Row], label: str, sublabel: str, kind: str) -> Row:
    """A subtotal or the total of unit rows: each count the sum of the rows that state it (a unit
    without the figure is named in the form's notes), the derived columns computed from those sums."""
    values: dict = {}
    row = Row(label, kind, values, sublabel=sublabel)
    counted = [r for r in members if not r.missing]
    for c in columns:
        if c.kind == "measure":
            values[c.key] = _sum_known([r.values.get(c.key) for r in counted])
    for key in {k for r in counted for k in r.expected}:
        row.expected[key] = _sum_known([r.expected.get(key) for r in counted])
    _derive(columns, values, row.expected)
    return row


def _units_values(units: list[_Unit], families, others, village_ids, year: int, unit_of) -> dict[int, tuple]:
    """Per unit: its figures from every source, and from its registry villages only (the forms that
    need the registry count only those, so that a base and its breakdown come from the same households)."""
    flows_by_unit = flows.movements(village_ids, year, unit_of)
    out = {}
    for unit in units:
        for f in unit.villages:
            measures.registry_defaults(f, families)
        measures.fold_other_ethnic(unit.villages, others)
        values = _merge([f for f in unit.villages if f.source != measures.NONE])
        registry = _merge([f for f in unit.villages if f.source == measures.REGISTRY])
        if any(f.source == measures.REGISTRY for f in unit.villages):
            registry.update(flows_by_unit.get(unit.key, {}))
            flows.zero_filled(registry)
        out[unit.key] = (values, registry)
    return out


def _pack(unit, year: int, units: list[_Unit], village_ids, unit_of, body: str, place: str, label: str) -> Pack:
    figures = [f for u in units for f in u.villages]
    limit = min(d.max_ethnic_groups for d in definitions().values())
    families, others = _families(year, figures, limit)
    unit_values = _units_values(units, families, others, village_ids, year, unit_of)
    forms = []
    for definition in definitions().values():
        expanded = expand(definition, families)
        filled = _fill(expanded, units, unit_values, year, label)
        filled.failures = checks.run(filled)
        forms.append(filled)
    pending = sum(f.pending for f in figures)
    return Pack(unit, year, body, place, label, forms, pending)


def _members(rows: list[Row], row: Row) -> list[Row]:
    """The unit rows a subtotal or the total sums."""
    if row.parts:
        return [r for i in row.parts for r in _members(rows, rows[i])]
    return [r for r in rows[row.first : row.last + 1] if r.kind == "unit" and r.sublabel == row.sublabel]


def body_of(unit) -> str:
    return _("ỦY BAN NHÂN DÂN {unit}").format(unit=str(unit).upper())


def commune_pack(commune: Commune, year: int) -> Pack:
    """The pack of a commune: one row per village, in the commune's order."""
    villages = list(Village.objects.filter(commune=commune).order_by("order", "id"))
    figures = measures.village_figures(villages, year)
    units = [_Unit(f.village.pk, str(f.village), [f]) for f in figures]
    ids = [v.pk for v in villages]
    return _pack(commune, year, units, ids, lambda village: village, body_of(commune), commune.name, _("Thôn"))


def _area_communes(unit: District | Province, year: int) -> list[Commune]:
    """The communes of a district (the one in effect in `year`) or of a province, grouped by the district
    in effect for years under districts, in Vietnamese name order; only those in effect in `year`
    (households.areas)."""
    communes = list(communes_of_area(unit, year))
    grouped = year <= LAST_DISTRICT_YEAR and isinstance(unit, Province)

    def key(c):
        district = c.district_in(year) if grouped else None
        return (district is None, sort_key(district.name) if district else (), sort_key(c.name))

    return sorted(communes, key=key)


def area_pack(unit: District | Province, year: int) -> Pack:
    """The pack of a district or a province: one row per commune (its villages summed)."""
    communes = _area_communes(unit, year)
    grouped = year <= LAST_DISTRICT_YEAR and isinstance(unit, Province)
    villages = list(Village.objects.filter(commune__in=[c.pk for c in communes]).order_by("commune", "order", "id"))
    by_commune: dict[int, list] = defaultdict(list)
    commune_of = {v.pk: v.commune_id for v in villages}
    for f in measures.village_figures(villages, year):
        by_commune[f.village.commune_id].append(f)
    units = [
        _Unit(c.pk, capfirst(str(c)), by_commune[c.pk], c.district_in(year) if grouped else None) for c in communes
    ]
    place = unit.name
    return _pack(unit, year, units, list(commune_of), commune_of.get, body_of(unit), place, _("Xã, phường"))

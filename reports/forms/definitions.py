"""The review-result forms as data: reports/forms/definitions/formNN.json, loaded and validated here.

A definition names the form's number, its title as printed, its stub columns (TT, Đơn vị...), its rows
(one per unit, or two per unit, households and persons, for forms 2-3), the data it needs (the registry,
the previous year's registry) and its header tree. The tree's leaves are the columns, each one of:

- `measure`: a figure computed from the registry (reports/forms/measures.py), e.g. "poor", "poor#persons";
- `rate`: [part, whole], part / whole * 100 of two columns, 2 decimals, blank where the whole is 0;
- `rate_of` + `over`: a measure (not on the sheet) as a rate of a column (forms 5 and 7);
- `sum`: a signed sum of columns ("-d1"), "@group" standing for a family's columns; with `equals`, a
  measure the sum must equal on every row (the movement identity, checked before any export);
- `each`: one column per item of a family (the year's standard's indicators, the causes of poverty, the
  ethnic groups present), given at expansion time.

A bad definition fails loudly when loaded (`DefinitionError`), so a changed circular is an edited JSON
file and a test run, never a code change. `expand(definition, families)` turns a definition into the
concrete columns and header grid that the page, the Excel file and the PDF all render.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reports import rates

DIRECTORY = Path(__file__).resolve().parent / "definitions"
ROW_KINDS = ("unit", "unit_persons")
NEEDS = ("registry", "previous_year")
FAMILIES = ("indicator", "cause", "ethnic_group")
LEAF_KINDS = ("measure", "rate", "rate_of", "sum", "each")


class DefinitionError(ValueError):
    """A form definition that cannot be rendered: the message names the file and what is wrong."""


@dataclass(frozen=True)
class Item:
    """One item of a family (an indicator, a cause, an ethnic group): its key in the measures, its label."""

    key: str
    label: str


@dataclass
class Column:
    """A concrete column of a form: its number (1, 2, ...), its key, what it holds."""

    key: str
    label: str
    number: int
    kind: str  # "measure", "rate", "rate_of", "sum"
    measure: str = ""  # measure / rate_of: the measure's key
    part: str = ""  # rate: the part column's key
    whole: str = ""  # rate / rate_of: the whole column's key
    terms: list[tuple[int, str]] = field(default_factory=list)  # sum: (sign, column key)
    equals: str = ""  # sum: the measure it must equal
    needs_registry: bool = False

    @property
    def is_rate(self) -> bool:
        return self.kind in ("rate", "rate_of")

    @property
    def part_key(self) -> str:
        """rate_of: the key under which a row holds the count this column is the rate of (Row.expected)."""
        return f"{self.key}:part"


@dataclass(frozen=True)
class HeaderCell:
    """A header label with its place in the header grid (0-based row, column after the stub) and spans."""

    label: str
    row: int
    column: int
    rowspan: int
    colspan: int


@dataclass
class Definition:
    number: int
    title: str
    sheet: str
    rows: str
    needs: tuple[str, ...]
    stub: list[dict]
    notes: list[str]
    header: list[dict]
    checks: list[dict]
    max_ethnic_groups: int = 8
    source: str = ""

    @property
    def persons_rows(self) -> bool:
        return self.rows == "unit_persons"

    def families(self) -> set[str]:
        found: set[str] = set()
        _walk(self.header, lambda leaf: found.add(leaf["each"]) if "each" in leaf else None)
        return found


@dataclass
class Expanded:
    """A definition with its families expanded: the columns, the header grid, the column-number row."""

    definition: Definition
    columns: list[Column]
    header: list[HeaderCell]
    depth: int
    numbers: list[str]  # the column-number row after the stub: "1", "4=3/1*100", ...

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _walk(nodes: list[dict], visit) -> None:
    for node in nodes:
        if "children" in node:
            _walk(node["children"], visit)
        else:
            visit(node)


def _fail(source: str, message: str):
    raise DefinitionError(f"{source}: {message}")


def _validate_node(source: str, node, keys: set[str], groups: set[str]) -> None:
    if not isinstance(node, dict):
        _fail(source, f"a header node must be an object, not {node!r}")
    if "children" in node:
        if not node.get("label") or not isinstance(node["children"], list) or not node["children"]:
            _fail(source, f"a header group needs a label and children: {node!r}")
        for child in node["children"]:
            _validate_node(source, child, keys, groups)
        return
    kinds = ["each"] if "each" in node else [k for k in LEAF_KINDS if k in node]
    if len(kinds) != 1:
        _fail(source, f"a column needs exactly one of {', '.join(LEAF_KINDS)}: {node!r}")
    if kinds[0] == "each":
        if node["each"] not in FAMILIES:
            _fail(source, f"unknown family {node['each']!r}")
        if not node.get("group") or node["group"] in groups or node["group"] in keys:
            _fail(source, f"a family's columns need a group name of their own: {node!r}")
        if not ("measure" in node or ("rate_of" in node and "over" in node)):
            _fail(source, f"a family's columns need a measure, or rate_of and over: {node!r}")
        groups.add(node["group"])
        return
    if not node.get("label") or not node.get("key"):
        _fail(source, f"a column needs a label and a key: {node!r}")
    if node["key"] in keys or node["key"] in groups:
        _fail(source, f"column key {node['key']!r} used twice")
    if kinds[0] == "rate" and (not isinstance(node["rate"], list) or len(node["rate"]) != 2):
        _fail(source, f"a rate is [part, whole]: {node!r}")
    if kinds[0] == "rate_of" and not node.get("over"):
        _fail(source, f"rate_of needs over: {node!r}")
    if kinds[0] == "sum" and (not isinstance(node["sum"], list) or not node["sum"]):
        _fail(source, f"a sum needs its terms: {node!r}")
    keys.add(node["key"])


def _references(node: dict) -> list[str]:
    if "rate" in node:
        return list(node["rate"])
    if "sum" in node:
        return [t.lstrip("-") for t in node["sum"]]
    if "over" in node:
        return [node["over"]]
    return []


def validate(data: dict, source: str) -> Definition:
    """A Definition from a form's JSON, or DefinitionError saying what is wrong."""
    if not isinstance(data, dict):
        _fail(source, "a definition is an object")
    required = ("number", "title", "rows", "needs", "stub", "header")
    missing = [k for k in required if k not in data]
    if missing:
        _fail(source, f"missing {', '.join(missing)}")
    if not isinstance(data["number"], int) or data["number"] < 1:
        _fail(source, "number must be a positive integer")
    if not isinstance(data["title"], str) or not data["title"].strip():
        _fail(source, "the title is empty")
    if data["rows"] not in ROW_KINDS:
        _fail(source, f"rows must be one of {', '.join(ROW_KINDS)}")
    if any(n not in NEEDS for n in data["needs"]):
        _fail(source, f"needs must be among {', '.join(NEEDS)}")
    stub = data["stub"]
    if not stub or any(not s.get("label") or not s.get("number") for s in stub):
        _fail(source, "each stub column needs a label and a number")
    if not isinstance(data["header"], list) or not data["header"]:
        _fail(source, "the header has no column")
    keys: set[str] = set()
    groups: set[str] = set()
    for node in data["header"]:
        _validate_node(source, node, keys, groups)
    leaves: list[dict] = []
    _walk(data["header"], leaves.append)
    for leaf in leaves:
        for ref in _references(leaf):
            name = ref[1:] if ref.startswith("@") else ref
            if name not in (groups if ref.startswith("@") else keys):
                _fail(source, f"{leaf.get('key') or leaf.get('group')!r} refers to unknown column {ref!r}")
    for check in data.get("checks", []):
        refs = [*check.get("within", []), check.get("whole", "")]
        if not check.get("within") or any(r not in keys for r in refs):
            _fail(source, f"a check names unknown columns: {check!r}")
    return Definition(
        number=data["number"],
        title=data["title"].strip(),
        sheet=data.get("sheet") or f"Biểu {data['number']}",
        rows=data["rows"],
        needs=tuple(data["needs"]),
        stub=stub,
        notes=list(data.get("notes", [])),
        header=data["header"],
        checks=list(data.get("checks", [])),
        max_ethnic_groups=int(data.get("max_ethnic_groups", 8)),
        source=source,
    )


def load_directory(directory: Path) -> dict[int, Definition]:
    """Every form*.json of a directory, by form number; numbers must run 1, 2, ... without a gap."""
    forms: dict[int, Definition] = {}
    for path in sorted(directory.glob("form*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DefinitionError(f"{path.name}: not JSON ({exc})") from exc
        definition = validate(data, path.name)
        if definition.number in forms:
            _fail(path.name, f"form {definition.number} is defined twice")
        forms[definition.number] = definition
    if sorted(forms) != list(range(1, len(forms) + 1)):
        raise DefinitionError(f"{directory}: the forms must be numbered 1 to {len(forms)}")
    return forms


@cache
def definitions() -> dict[int, Definition]:
    """The shipped forms 1-10."""
    return load_directory(DIRECTORY)


def expand(definition: Definition, families: dict[str, list[Item]]) -> Expanded:
    """The concrete columns and header grid, each family replaced by one column per item."""
    columns: list[Column] = []
    group_keys: dict[str, list[str]] = {}
    cells: list[tuple[str, int, int, int, bool]] = []  # label, depth, first column, last column, is leaf

    def add(node: dict, depth: int) -> None:
        if "children" in node:
            first = len(columns)
            for child in node["children"]:
                add(child, depth + 1)
            if len(columns) > first:
                cells.append((node["label"], depth, first, len(columns) - 1, False))
            return
        if "each" in node:
            keys = group_keys.setdefault(node["group"], [])
            for item in families.get(node["each"], []):
                key = f"{node['group']}:{item.key}"
                keys.append(key)
                if "measure" in node:
                    column = Column(key, item.label, 0, "measure", measure=f"{node['measure']}.{item.key}")
                else:
                    column = Column(key, item.label, 0, "rate_of", measure=f"{node['rate_of']}.{item.key}")
                    column.whole = node["over"]
                column.needs_registry = True
                cells.append((item.label, depth, len(columns), len(columns), True))
                columns.append(column)
            return
        column = Column(node["key"], node["label"], 0, "measure")
        if "measure" in node:
            column.measure = node["measure"]
        elif "rate" in node:
            column.kind, (column.part, column.whole) = "rate", node["rate"]
        elif "rate_of" in node:
            column.kind, column.measure, column.whole = "rate_of", node["rate_of"], node["over"]
        else:
            column.kind, column.equals = "sum", node.get("equals", "")
            column.terms = [(-1 if t.startswith("-") else 1, t.lstrip("-")) for t in node["sum"]]
        column.needs_registry = node.get("needs") == "registry" or "registry" in definition.needs
        cells.append((node["label"], depth, len(columns), len(columns), True))
        columns.append(column)

    for node in definition.header:
        add(node, 0)
    for number, column in enumerate(columns, start=1):
        column.number = number
    for column in columns:  # "@group" terms become the group's columns
        terms = []
        for sign, key in column.terms:
            if key.startswith("@"):
                terms += [(sign, k) for k in group_keys.get(key[1:], [])]
            else:
                terms.append((sign, key))
        column.terms = terms
    depth = max(d for _, d, _, _, _ in cells) + 1
    header = [
        HeaderCell(label, d, first, (depth - d) if leaf else 1, last - first + 1)
        for label, d, first, last, leaf in sorted(cells, key=lambda c: (c[1], c[2]))
    ]
    by_key = {c.key: c for c in columns}
    numbers = [_number_text(c, by_key) for c in columns]
    return Expanded(definition, columns, header, depth, numbers)


def _number_text(column: Column, by_key: dict[str, Column]) -> str:
    """The column-number row's text: "4=3/1*100", "9=1-2-3-4+5+6+7+8", "2=3+...+14"."""
    n = column.number
    if column.kind == "rate":
        return f"{n}={rates.expression(str(by_key[column.part].number), str(by_key[column.whole].number))}"
    if column.kind == "sum" and column.terms:
        numbers = [(sign, by_key[k].number) for sign, k in column.terms]
        run = [m for _, m in numbers]
        if len(numbers) > 3 and all(s > 0 for s, _ in numbers) and run == list(range(run[0], run[0] + len(run))):
            return f"{n}={run[0]}+...+{run[-1]}"
        text = "".join(f"{'-' if s < 0 else '+'}{m}" for s, m in numbers).lstrip("+")
        return f"{n}={text}"
    return str(n)

"""The five published plans (plans/data/seeds/*.json, transcribed from tests/data/seeds/*.txt) loaded as
demo plans: one JSON file becomes one draft plan that reproduces its document.

`load_seed(path_or_name, *, by)` creates the plan of the file's unit and year in one transaction, or returns
the unit's plan of that year untouched when there already is one (loading twice changes nothing). The
plan is `transcribed` (the grid also keeps the figures as printed) and stays a draft: the extraction shows
no number and no date of issue, so it cannot pass for the issued document (its PDF carries DỰ THẢO).

What goes where (plans/data/seeds/README.md describes the format):
- header, legal bases, preamble, recipients, signature, closing: onto the plan and its rows; a header
  value the extraction does not show (null) takes the app's default for the unit;
- the outline: one OutlineNode per node, keyed by its path ("s1", "s2-1", "s2-2-1") or, for the node
  placing a part, by the part ("village-table", "projects": the page's anchors), its paragraphs joined
  by "\\n";
- targets, projects (their `item` found in the year's program catalogue), responsibilities (tasks joined
  by "\\n"), funding sources, reporting items: the rows of the parts the outline places;
- the village table: one VillageTarget per printed row with the typed figures (exits) and the printed
  ones (rates, year-end counts), its officer by name (created for the commune, as plans/demo.py does),
  and the totals row as printed. Start figures are the demo counts' (never retyped, as for every plan).

The creation is recorded like any plan's (PlanEvent with its snapshot, audit entry `plan.create`), with
the reason naming the seed file: a demo load, not somebody's typing.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from households.models import Commune, District, Village
from plans.creation import _default_header, program_for
from plans.findings import refresh_counts
from plans.models import (
    FundingSource,
    LegalBasis,
    Officer,
    OutlineNode,
    Plan,
    PlanEvent,
    PlanProject,
    PlanStatus,
    ProgramItem,
    Recipient,
    ReportingItem,
    Responsibility,
    Target,
    VillageTarget,
)
from plans.snapshot import snapshot
from povertyplan.audit import record as audit
from povertyplan.audit.models import Action

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"

# The village-table columns typed on a plan's row: JSON column -> VillageTarget field.
ROW_FIELDS = {
    "exits_poor": "exits_poor",
    "exits_near_poor": "exits_near_poor",
    "printed_poor_rate": "printed_poor_rate",
    "printed_near_poor_rate": "printed_near_poor_rate",
    "poor_end": "printed_poor_end",
    "near_poor_end": "printed_near_poor_end",
}
DECIMAL_FIELDS = {"printed_poor_rate", "printed_near_poor_rate"}
# "Dự án 2", "Tiểu dự án 1 Dự án 3": the program catalogue's kind and number.
ITEM = re.compile(r"^(?:Tiểu dự án (?P<sub>\w+) )?Dự án (?P<project>\w+)$")


class SeedError(ValueError):
    """A seed file the loader cannot place (an unknown unit, village or program item)."""


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.json"))


def _path(path_or_name: str | Path) -> Path:
    path = Path(path_or_name)
    if not path.is_absolute() and not path.exists():
        path = SEEDS / path.name
    if path.suffix != ".json":
        path = path.with_suffix(".json")
    return path


def read_seed(path_or_name: str | Path) -> dict:
    return json.loads(_path(path_or_name).read_text(encoding="utf-8"))


def unit_of(data: dict) -> tuple[Commune | None, District | None]:
    unit = data["unit"]
    if unit["level"] == "district":
        found = District.objects.filter(name=unit["name"], province__name=unit["province"]).first()
        if found is None:
            raise SeedError(f"{data['seed']}: no district {unit['name']} ({unit['province']}) in the demo units")
        return None, found
    # The seed names the district of its year; since 1 July 2025 that is the commune's former district.
    found = (
        Commune.objects.filter(name=unit["name"], province__name=unit["province"])
        .filter(Q(district__name=unit["district"]) | Q(former_district__name=unit["district"]))
        .first()
    )
    if found is None:
        raise SeedError(f"{data['seed']}: no commune {unit['name']} ({unit['district']}) in the demo units")
    return found, None


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _header(data: dict, commune: Commune | None, district: District | None) -> dict:
    """The plan's header fields: the seed's where it shows them, the app's default where null."""
    header = data["header"]
    values = _default_header(commune, district, data["year"])
    for name in ("parent_body", "issuing_body", "place", "summary"):
        if header[name] is not None:
            values[name] = header[name]
    if header["symbol"] is not None:
        values["symbol"] = header["symbol"]
    values["number"] = header["number"]
    values["issue_date"] = _date(header["issue_date"])
    return values


def program_item(plan: Plan, label: str) -> ProgramItem:
    """'Dự án 2' / 'Tiểu dự án 1 Dự án 3' in the plan's program catalogue; an item not found is an error."""
    match = ITEM.match(label.strip())
    item = None
    if match:
        project = ProgramItem.objects.filter(
            version=plan.program, kind=ProgramItem.Kind.PROJECT, number=match["project"], parent=None
        ).first()
        item = project
        if project is not None and match["sub"]:
            item = ProgramItem.objects.filter(
                version=plan.program, kind=ProgramItem.Kind.SUBPROJECT, number=match["sub"], parent=project
            ).first()
    if item is None:
        raise SeedError(f"no program item {label!r} in {plan.program.code}")
    return item


def _outline(plan: Plan, nodes: list[dict], parent: OutlineNode | None = None, path: str = "s") -> None:
    for order, node in enumerate(nodes, start=1):
        key = f"{path}{order}" if parent is None else f"{path}-{order}"
        created = OutlineNode(
            plan=plan,
            parent=parent,
            order=order,
            # A node placing a part is named after it ("#village-table", as in the default outline).
            key=node["part"] or key,
            style=node["style"],
            heading=node["heading"],
            text="\n".join(node["paragraphs"]),
            part=node["part"] or "",
            annex_title=node["annex_title"] or "",
        )
        created.full_clean(exclude=["plan", "parent"])
        created.save()
        _outline(plan, node["children"], created, key)


def _rows(plan: Plan, model, rows: list[dict]) -> None:
    for order, values in enumerate(rows, start=1):
        row = model(plan=plan, order=order, **values)
        # A legal basis printed in the same paragraph as the one before it has no verb of its own.
        row.full_clean(exclude=["plan", "verb"] if model is LegalBasis and not values["verb"] else ["plan"])
        row.save()


def _parts(plan: Plan, data: dict) -> None:
    _rows(
        plan,
        LegalBasis,
        [{**b, "doc_date": _date(b["doc_date"])} for b in data["legal_bases"]],
    )
    _rows(plan, Target, [{"text": text} for text in data["targets"]])
    projects = []
    for project in data["projects"]:
        values = {k: v for k, v in project.items() if k != "item"}
        projects.append({"item": program_item(plan, project["item"]), **values})
    _rows(plan, PlanProject, projects)
    _rows(plan, Responsibility, [{"unit": r["unit"], "tasks": "\n".join(r["tasks"])} for r in data["responsibilities"]])
    _rows(plan, FundingSource, data["funding_sources"])
    _rows(plan, ReportingItem, [{**r, "due_date": _date(r["due_date"])} for r in data["reporting"]])
    _rows(plan, Recipient, data["recipients"])


def _village_table(plan: Plan, table: dict | None) -> None:
    if not table:
        return
    commune = plan.commune
    if commune is None:
        raise SeedError("a district plan has no village table")
    villages = {v.name: v for v in Village.objects.filter(commune=commune)}
    for order, row in enumerate(table["rows"], start=1):
        village = villages.get(row["village"])
        if village is None:
            raise SeedError(f"no village {row['village']!r} in {commune}")
        target = VillageTarget(plan=plan, village=village, order=order)
        for column, name in ROW_FIELDS.items():
            if column in row and row[column] is not None:
                value = row[column]
                setattr(target, name, Decimal(value) if name in DECIMAL_FIELDS else value)
        if row.get("officer"):
            target.officer, _ = Officer.objects.get_or_create(commune=commune, name=row["officer"])
        target.save()
    plan.printed_totals = {k: v for k, v in (table["printed_totals"] or {}).items() if k != "officer"}


@transaction.atomic
def load_seed(path_or_name: str | Path, *, by) -> Plan:
    """The plan of one seed file, created as a transcribed draft (or the existing plan of its unit and year)."""
    data = read_seed(path_or_name)
    commune, district = unit_of(data)
    unit_filter = {"commune": commune} if commune else {"district": district, "commune__isnull": True}
    existing = Plan.objects.filter(year=data["year"], **unit_filter).order_by("revision").first()
    if existing is not None:
        return existing
    signature = data["signature"]
    plan = Plan(
        commune=commune,
        district=district,
        year=data["year"],
        program=program_for(data["year"]),
        status=PlanStatus.DRAFT,
        created_by=by,
        transcribed=True,
        preamble="\n".join(data["preamble"]),
        closing=data["closing"],
        signing_authority=signature["signing_authority"],
        signer_deputy=signature["signer_deputy"],
        signer_title=signature["signer_title"],
        signer_name=signature["signer_name"],
        **_header(data, commune, district),
    )
    try:
        plan.full_clean(exclude=["program"])
    except ValidationError as exc:
        raise SeedError(f"{data['seed']}: {exc.messages}") from exc
    plan.save()
    _parts(plan, data)
    _outline(plan, data["outline"])
    _village_table(plan, data["village_table"])
    plan.save(update_fields=["printed_totals"])
    refresh_counts(plan)
    reason = f"Nạp kế hoạch mẫu từ văn bản đã ban hành ({_path(path_or_name).name})."
    PlanEvent.objects.create(
        plan=plan, from_status="", to_status=PlanStatus.DRAFT, by=by, reason=reason, snapshot=snapshot(plan)
    )
    audit.record(
        by,
        Action.PLAN_CREATE,
        plan,
        before={},
        after=audit.state(plan, ("status", "year", "revision", "transcribed")),
        reason=reason,
    )
    return plan


def load_seeds(*, by_unit, without: tuple[str, ...] = ()) -> list[Plan]:
    """Every seed file's plan but those named in `without` (file stems); `by_unit(commune, district)` names
    who loads each."""
    plans = []
    for path in seed_paths():
        if path.stem in without:
            continue
        commune, district = unit_of(read_seed(path))
        plans.append(load_seed(path, by=by_unit(commune, district)))
    return plans


__all__ = ["SEEDS", "SeedError", "load_seed", "load_seeds", "program_item", "read_seed", "seed_paths"]

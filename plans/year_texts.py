"""What the year check (plans/checks_years.py) reads from a plan: its texts with their anchors, the year
they were carried over from, the units and programs no longer in effect for its year.

Read only where it can find something, so that a plan of the old structure written from scratch asks
nothing more of the database: a plan whose texts were carried over from an earlier year's plan, or a
plan of a year after the two-level government began (LAST_DISTRICT_YEAR).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from households.models import LAST_DISTRICT_YEAR, District, PovertyStandard
from plans.checks import CarriedText, YearTexts
from plans.models import OutlineNode, Part, Plan, ProgramItem, ProgramVersion, Section, Target

_PERIOD = re.compile(r"(\d{4})\s{0,3}[-–—]\s{0,3}(\d{4})")
_DECISION = re.compile(r"\d{1,4}/[\wĐđ-]{1,20}")


# How far up the chain of `previous` plans the year check looks for the years texts came down from.
CHAIN = ("year", "previous__year", "previous__previous__year", "previous__previous__previous__year")


def carried_years(plan: Plan) -> tuple[int, ...]:
    """The earlier years of the plans the texts were carried over from, nearest first: up the chain of
    `previous` (a revision's previous is the same year's plan, skipped), looked up in one query."""
    if plan.previous_id is None:
        return ()
    found = Plan.objects.filter(pk=plan.previous_id).values_list(*CHAIN).first() or ()
    return tuple(dict.fromkeys(y for y in found if y is not None and y < plan.year))


def source_year(plan: Plan) -> int | None:
    """The year of the plan the texts were carried over from: the nearest earlier year up the chain."""
    years = carried_years(plan)
    return years[0] if years else None


def _periods(*names: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for name in names for a, b in _PERIOD.findall(name or ""))


def _abolished(plan: Plan) -> tuple[str, ...]:
    """The district the commune was under before the reform when it is not in effect for the plan's
    year, as texts name it ("huyện Văn Quan")."""
    commune = plan.commune
    if commune is None or plan.year <= LAST_DISTRICT_YEAR:
        return ()
    now = commune.district_in(plan.year)
    ids = {commune.former_district_id} - {getattr(now, "pk", None), None}
    return tuple(str(d) for d in District.objects.filter(pk__in=ids).order_by("pk"))


def _outline(nodes: Iterable[OutlineNode]) -> list[CarriedText]:
    nodes = list(nodes)
    by_id = {n.pk: n for n in nodes}

    def previous_results(node: OutlineNode) -> bool:
        while node is not None:
            heading = " ".join((node.heading or "").split()).casefold()
            if node.key == Section.PREVIOUS or heading.startswith("kết quả"):
                return True
            node = by_id.get(node.parent_id)
        return False

    texts = []
    for node in nodes:
        text = "\n".join(part for part in (node.heading, node.text) if part)
        if text:
            where = node.heading or ""  # no heading: the message names the text's first words
            texts.append(
                CarriedText(
                    anchor=f"text:{node.key}",
                    where=where,
                    text=text,
                    previous_results=previous_results(node),
                    projects_heading=node.part == Part.PROJECTS and bool(node.heading),
                )
            )
    return texts


def year_texts(plan: Plan, nodes: Iterable[OutlineNode], targets: Iterable[Target]) -> YearTexts | None:
    """The year check's input for `plan` (None where nothing can be stale: see the module's docstring)."""
    chain = carried_years(plan)
    source = chain[0] if chain else None
    if source is None and plan.year <= LAST_DISTRICT_YEAR:
        return None
    texts = _outline(nodes)
    texts += [
        CarriedText(anchor=f"text:targets-{i}", where=_("Chỉ tiêu %(n)s") % {"n": i + 1}, text=t.text)
        for i, t in enumerate(targets)
        if t.text
    ]
    for anchor, where, text in (
        (Section.HEADER, _("Trích yếu"), plan.summary),
        (Section.LEGAL, _("Lời mở đầu"), plan.preamble),
        (Section.SIGNATURE, _("Câu kết"), plan.closing),
    ):
        if text:
            texts.append(CarriedText(anchor=str(anchor), where=str(where), text=text))
    for i, basis in enumerate(plan.legal_bases.all(), start=1):
        described = " ".join(
            p for p in (basis.doc_type, basis.doc_number and f"số {basis.doc_number}", basis.title) if p
        )
        where = _("Căn cứ %(n)s") % {"n": i}
        texts.append(CarriedText(anchor=str(Section.LEGAL), where=where, text=described, legal_basis=True))
    for recipient in plan.recipients.all():
        texts.append(CarriedText(anchor=str(Section.RECIPIENTS), where=_("Nơi nhận"), text=recipient.name))
    program = plan.program
    standard = PovertyStandard.objects.for_year(plan.year)
    old = list(ProgramVersion.objects.filter(last_year__lt=plan.year).exclude(pk=program.pk).order_by("first_year"))
    old_programs = tuple(
        (number, version.name) for version in old for number in _DECISION.findall(version.legal_basis)[:1]
    )
    kinds_by_version: dict[int, set[str]] = {}
    for version_id, kind in ProgramItem.objects.order_by().values_list("version", "kind").distinct():
        kinds_by_version.setdefault(version_id, set()).add(str(ProgramItem.Kind(kind).label))
    own = kinds_by_version.get(program.pk, set())
    older = set().union(*(kinds_by_version.get(v.pk, set()) for v in old)) - own
    return YearTexts(
        old_kinds=tuple(sorted(older)),
        kinds=tuple(label for label in map(str, ProgramItem.Kind.labels) if label in own),
        year=plan.year,
        source_year=source,
        carried_years=chain,
        texts=tuple(texts),
        abolished=_abolished(plan),
        old_programs=old_programs,
        periods=_periods(program.name, standard.name if standard else ""),
        program=program.name,
    )

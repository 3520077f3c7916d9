"""How a row of a plan's list parts is named: "Nơi nhận: Lưu: VT", "Căn cứ: Quyết định số 90/QĐ-TTg ...".

`PlanPart.__str__` answers with `part_label`: its kind (the model's verbose_name) and what the row says,
on one line, shortened to LABEL_LENGTH. The record copies that name as the object's label
(povertyplan.audit.record.label), so the history says which row changed. Nothing here reads the
database beyond what the row already holds (a project's item: read with the row, select_related).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.text import capfirst

# How long a part's name may be (the history lists it on one line).
LABEL_LENGTH = 80


def short_label(text: str, limit: int = LABEL_LENGTH) -> str:
    """`text` on one line, cut at a word to `limit` characters with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def _legal_basis(basis) -> str:
    if not basis.doc_type and not basis.doc_number:
        return basis.title  # not a document: "Thực hiện chỉ tiêu giảm hộ nghèo năm 2024"
    words = [basis.doc_type]
    if basis.doc_number:
        words.append(f"số {basis.doc_number}")
    if basis.doc_date:
        words.append(f"ngày {basis.doc_date:%d/%m/%Y}")
    if basis.issuer:
        words.append(f"của {basis.issuer}")
    words.append(basis.title)
    return " ".join(w for w in words if w)


def _project(project) -> str:
    # The item read live, the one the edit chose; the frozen copy only for a row without one.
    if project.item_id is not None or project._meta.get_field("item").is_cached(project):
        return str(project.item)
    return f"{project.get_item_kind_display()} {project.item_number}: {project.item_name}" if project.item_name else ""


def _village_target(target) -> str:
    return target.village_label or (str(target.village) if target.village_id else "")


# What each part's row says, by model name.
DESCRIBE: dict[str, Callable] = {
    "legalbasis": _legal_basis,
    "target": lambda t: t.text,
    "villagetarget": _village_target,
    "planproject": _project,
    "responsibility": lambda r: r.unit,
    "fundingsource": lambda f: f.source,
    "reportingitem": lambda r: r.what,
    "recipient": lambda r: f"{r.name} ({r.purpose})" if r.purpose else r.name,
    "outlinenode": lambda n: n.heading or n.key,
}


def part_label(part) -> str:
    """ "<Kind>: <what the row says>", shortened to LABEL_LENGTH."""
    kind = capfirst(str(part._meta.verbose_name))
    describe = DESCRIBE.get(part._meta.model_name)
    what = describe(part) if describe is not None else ""
    return short_label(f"{kind}: {what}" if what else kind)

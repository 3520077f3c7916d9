"""The seed plans transcribed as data (plans/data/seeds/*.json) are faithful to their texts (tests/data/seeds).

Pure Python: no database. Every heading, paragraph, target, task, project field, legal basis, recipient and
signer of a transcription occurs in its seed text (compared after joining the lines the extraction broke
and collapsing whitespace); headings occur in the JSON's order; the village tables equal
plans/data/seed_tables.py; numbering styles are consistent. The format: plans/data/seeds/README.md.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from plans.data import seed_tables

ROOT = Path(__file__).resolve().parent.parent
JSON_DIR = ROOT / "plans" / "data" / "seeds"
TEXT_DIR = Path(__file__).resolve().parent / "data" / "seeds"

SEEDS = {
    "000_diem_he_2024.json": "000_4e2b3c15941893c7.txt",
    "001_xuan_hoa_2024.json": "001_e67283eeb0ab3ca1.txt",
    "002_ha_trung_2024.json": "002_a1a2395b49cf0501.txt",
    "003_di_su_2024.json": "003_b4b79a351991533e.txt",
    "004_thanh_liem_2021.json": "004_63297a24b7d2dec5.txt",
}

# Glyphs the extraction lost (restored in the transcription) and page numbers it printed inside the text
# (dropped): applied to the collapsed seed text before comparing. Listed in the seeds' README.
RESTORED = {
    "001_e67283eeb0ab3ca1.txt": [
        ("hỗ tr ", "hỗ trợ "),
        ("chất lư ng", "chất lượng"),
        ("h p tác", "hợp tác"),
        ("tr giúp", "trợ giúp"),
        ("của 4 Chủ tịch", "của Chủ tịch"),
        ("dưới 16 tuổi 5 thuộc", "dưới 16 tuổi thuộc"),
    ],
}

# A list held as rows whose part no outline node places, and a part placed without rows (the README says why).
UNPLACED = {("000_diem_he_2024.json", "reporting"), ("004_thanh_liem_2021.json", "reporting")}
PLACED_WITHOUT_ROWS = {("003_di_su_2024.json", "village-table")}
# A reporting item's `what` composed from the sentence (004 prints "báo cáo kết quả 06 tháng ..., năm ...").
COMPOSED = {"báo cáo kết quả năm"}

STYLES = {"roman", "arabic", "letter", "dash", "plus", "none"}
PARTS = {"figures", "targets", "village-table", "projects", "funding", "responsibilities", "reporting"}
PART_LISTS = {
    "targets": "targets",
    "village-table": "village_table",
    "projects": "projects",
    "funding": "funding_sources",
    "responsibilities": "responsibilities",
    "reporting": "reporting",
}
KEYS = {
    "seed", "unit", "year", "header", "legal_bases", "preamble", "outline", "village_table", "targets", "projects",
    "responsibilities", "funding_sources", "reporting", "recipients", "signature", "closing", "notes",
}  # fmt: skip
NODE_KEYS = {"style", "heading", "paragraphs", "part", "annex_title", "children"}
PROJECT_FIELDS = (
    "objective", "beneficiaries", "content", "funding", "lead_body", "coordinating_bodies", "time_frame",
)  # fmt: skip
UNIT_KINDS = {"xã", "thị trấn", "phường", "huyện"}


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_text(name: str) -> str:
    """The seed's text as one line: Markdown marks of the extraction dropped, broken lines joined."""
    raw = (TEXT_DIR / name).read_text(encoding="utf-8")
    raw = raw.replace("<b>", "").replace("</b>", "").replace("*", "")
    raw = "\n".join(re.sub(r"^\s*#+\s*", "", line) for line in raw.splitlines())
    text = collapse(raw)
    for extracted, restored in RESTORED.get(name, []):
        assert extracted in text, extracted
        text = text.replace(extracted, restored)
    return text


def load(name: str) -> dict:
    return json.loads((JSON_DIR / name).read_text(encoding="utf-8"))


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node["children"])


def date_or_none(value) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def printed_forms(day: datetime.date) -> set[str]:
    """The ways a document prints a date: 18/01/2022, 18/1/2022, ngày 18 tháng 01 năm 2022, ..."""
    days = {str(day.day), f"{day.day:02d}"}
    months = {str(day.month), f"{day.month:02d}"}
    out = set()
    for d in days:
        for m in months:
            out |= {f"{d}/{m}/{day.year}", f"ngày {d} tháng {m} năm {day.year}"}
    return out


params = pytest.mark.parametrize("name", sorted(SEEDS))


def test_every_seed_text_is_copied_and_every_transcription_is_listed():
    assert sorted(p.name for p in JSON_DIR.glob("*.json")) == sorted(SEEDS)
    for text in SEEDS.values():
        assert (TEXT_DIR / text).is_file(), text


@params
def test_the_file_has_every_key_with_its_type(name):
    data = load(name)
    assert set(data) == KEYS
    assert data["seed"] == Path(SEEDS[name]).stem
    unit = data["unit"]
    assert set(unit) == {"level", "name", "kind", "district", "province"}
    assert unit["level"] in {"commune", "district"} and unit["kind"] in UNIT_KINDS
    assert isinstance(data["year"], int)
    header = data["header"]
    assert set(header) == {"parent_body", "issuing_body", "number", "symbol", "place", "issue_date", "summary"}
    assert header["number"] is None or isinstance(header["number"], int)
    date_or_none(header["issue_date"])
    assert all(isinstance(header[k], str | None) for k in ("parent_body", "issuing_body", "symbol", "place"))
    for basis in data["legal_bases"]:
        assert set(basis) == {"verb", "doc_type", "doc_number", "doc_date", "issuer", "title"}
        date_or_none(basis["doc_date"])
    assert all(isinstance(p, str) and p for p in data["preamble"] + data["targets"] + data["notes"])
    for node in walk(data["outline"]):
        assert set(node) == NODE_KEYS
        assert node["style"] in STYLES and (node["part"] is None or node["part"] in PARTS)
        assert all(isinstance(p, str) and p for p in node["paragraphs"])
    for project in data["projects"]:
        assert set(project) == {"item", *PROJECT_FIELDS}
    for row in data["responsibilities"]:
        assert set(row) == {"unit", "tasks"} and row["tasks"] and all(row["tasks"])
    for row in data["funding_sources"]:
        assert set(row) == {"source", "amount", "note"} and (row["amount"] is None or isinstance(row["amount"], int))
    for row in data["reporting"]:
        assert set(row) == {"what", "to_whom", "due_date", "due_text"}
        date_or_none(row["due_date"])
    for row in data["recipients"]:
        assert set(row) == {"name", "purpose"} and row["purpose"] in {"b/c", "t/h", "p/h", ""}
    signature = data["signature"]
    assert set(signature) == {"signing_authority", "signer_deputy", "signer_title", "signer_name"}
    assert isinstance(signature["signer_deputy"], bool)
    assert isinstance(data["closing"], str) and data["closing"]


def texts_of(data: dict) -> list[str]:
    """Every transcribed string that must occur in the seed text."""
    out = [data["header"]["summary"], data["closing"], data["signature"]["signer_name"], *data["preamble"]]
    out += data["targets"]
    for node in walk(data["outline"]):
        out += [node["heading"], *node["paragraphs"], node["annex_title"]]
    for basis in data["legal_bases"]:
        out += [basis["title"], basis["issuer"], basis["doc_type"], basis["verb"]]
    for row in data["responsibilities"]:
        out += [row["unit"], *row["tasks"]]
    for project in data["projects"]:
        out += [line for field in PROJECT_FIELDS for line in project[field].split("\n")]
    for row in data["reporting"]:
        out += [row["to_whom"], row["due_text"]] + ([] if row["what"] in COMPOSED else [row["what"]])
    out += [row["source"] for row in data["funding_sources"]]
    out += [row["name"] for row in data["recipients"]]
    table = data["village_table"]
    if table:
        out += [row["village"] for row in table["rows"]]
        out += [row["officer"] for row in table["rows"] if "officer" in row]
    return [collapse(t) for t in out if t and t.strip()]


@params
def test_every_transcribed_text_occurs_in_the_seed(name):
    text = seed_text(SEEDS[name])
    missing = [t for t in texts_of(load(name)) if t not in text]
    assert missing == []


@params
def test_legal_numbers_and_dates_occur_in_the_seed(name):
    text = seed_text(SEEDS[name])
    spaceless = text.replace(" ", "")
    for basis in load(name)["legal_bases"]:
        assert basis["doc_number"].replace(" ", "") in spaceless
        if basis["doc_date"]:
            assert any(form in text for form in printed_forms(date_or_none(basis["doc_date"]))), basis["doc_date"]


@params
def test_headings_occur_in_the_order_of_the_outline(name):
    text = seed_text(SEEDS[name])
    position = 0
    for node in walk(load(name)["outline"]):
        if node["heading"]:
            found = text.find(collapse(node["heading"]), position)
            assert found >= 0, node["heading"]
            position = found + len(node["heading"])


@params
def test_numbering_styles_are_consistent(name):
    """Siblings are all numbered in one style, or none of them is; a part is placed at most once."""
    data = load(name)
    for siblings in [data["outline"], *[node["children"] for node in walk(data["outline"])]]:
        assert len({node["style"] for node in siblings}) <= 1
    parts = [node["part"] for node in walk(data["outline"]) if node["part"]]
    assert len(parts) == len(set(parts))
    assert all(data["outline"]) and {node["style"] for node in data["outline"]} == {"roman"}


@params
def test_a_placed_part_has_its_rows_and_rows_have_their_part(name):
    data = load(name)
    placed = {node["part"] for node in walk(data["outline"]) if node["part"]}
    for part, key in PART_LISTS.items():
        exception = (name, part) in UNPLACED | PLACED_WITHOUT_ROWS
        assert (bool(data[key]) == (part in placed)) != exception, part


@params
def test_village_keys_are_the_demo_units(name):
    data = load(name)
    if not data["village_table"]:
        return
    with (ROOT / "households" / "data" / "demo_units.csv").open(encoding="utf-8") as f:
        units = [r for r in csv.DictReader(f) if r["level"] == "village" and r["commune"] == data["unit"]["name"]]
    assert [row["village"] for row in data["village_table"]["rows"]] == [u["name"] for u in units]


def figures(row: dict, columns: list[str]) -> tuple:
    return tuple(Decimal(row[c]) if c.startswith("printed_") else row[c] for c in columns)


def test_diem_he_table_equals_the_published_table():
    table = load("000_diem_he_2024.json")["village_table"]
    plan = seed_tables.diem_he_2024()
    columns = table["columns"]
    assert [(r["village"], r["label"], *figures(r, columns)) for r in table["rows"]] == [
        (r.key, r.label, *(getattr(r, c) for c in columns)) for r in plan.rows
    ]
    assert figures(table["printed_totals"], columns) == tuple(getattr(plan.totals, c) for c in columns)
    # The seed's own mistake, kept: Nà Súng's near-poor rate printed 0,93 for 11 / 166.
    na_sung = next(r for r in table["rows"] if r["village"] == "Nà Súng")
    assert (na_sung["near_poor_start"], na_sung["households"], na_sung["printed_near_poor_rate"]) == (11, 166, "0.93")


# Tiểu khu (named as the demo units name them: "1" is Tiểu khu 1) -> officer in charge, as seed 002 prints them.
HA_TRUNG_OFFICERS = {
    "1": "Nguyễn Ngọc Khanh",
    "2": "Nguyễn Thanh Tình",
    "3": "Nguyễn Thị Liễu",
    "4": "Mai Thị Bình",
    "5": "Nguyễn Thị Trang",
    "6": "Phạm Thế Đức",
    "Tương Lạc": "Dương Văn Thái",
    "Thượng Quý": "Đỗ Thanh Huyền",
    "Phong Vận": "Phạm Quốc Đông",
    "Trang Các": "Trịnh Đức Quân",
}


def test_ha_trung_table_equals_the_published_table():
    table = load("002_ha_trung_2024.json")["village_table"]
    plan = seed_tables.ha_trung_2024()
    columns = [c for c in table["columns"] if c != "officer"]
    assert "households" not in table["columns"]  # not printed
    assert [(r["village"], *figures(r, columns)) for r in table["rows"]] == [
        (r.key, *(getattr(r, c) for c in columns)) for r in plan.rows
    ]
    assert {r["village"]: r["officer"] for r in table["rows"]} == HA_TRUNG_OFFICERS
    text = seed_text(SEEDS["002_ha_trung_2024.json"])
    assert all(f"{i} {r['label']} {r['poor_start']} " in text for i, r in enumerate(table["rows"], start=1))
    assert figures(table["printed_totals"], columns) == tuple(getattr(plan.totals, c) for c in columns)
    # The seed's own mistake, kept: poor at the end printed 31 where the rows sum to 22.
    assert (table["printed_totals"]["poor_end"], sum(r["poor_end"] for r in table["rows"])) == (31, 22)


def test_xuan_hoa_keeps_its_breakdown_mistake_and_its_schedule():
    data = load("001_xuan_hoa_2024.json")
    assert "05 hộ cận nghèo" in data["targets"][0] and "hộ cận nghèo có khả năng lao động 6 hộ" in data["targets"][0]
    assert [(r["what"], r["due_date"]) for r in data["reporting"]] == [
        ("báo cáo hàng quý", None),
        ("báo cáo 6 tháng", "2024-06-20"),
        ("báo cáo năm", "2024-12-10"),
    ]
    assert [p["item"] for p in data["projects"]][:3] == ["Dự án 2", "Tiểu dự án 1 Dự án 3", "Tiểu dự án 2 Dự án 3"]


def test_every_value_fits_its_model_field():
    """The loader can save each value: none is longer than its field's max_length (model metadata only)."""
    from plans import models

    too_long, checked = [], 0
    for name in sorted(SEEDS):
        data = load(name)
        rows = [(models.Plan, data["header"]), (models.Plan, data["signature"]), (models.Plan, data)]
        rows += [(models.LegalBasis, b) for b in data["legal_bases"]]
        rows += [(models.PlanProject, p) for p in data["projects"]]
        rows += [(models.Responsibility, {**r, "tasks": "\n".join(r["tasks"])}) for r in data["responsibilities"]]
        rows += [(models.FundingSource, f) for f in data["funding_sources"]]
        rows += [(models.ReportingItem, r) for r in data["reporting"]]
        rows += [(models.Recipient, r) for r in data["recipients"]]
        rows += [(models.Target, {"text": t}) for t in data["targets"]]
        for model, row in rows:
            fields = {f.name: f for f in model._meta.get_fields()}
            for key, value in row.items():
                field = fields.get(key)
                if isinstance(value, str) and getattr(field, "max_length", None):
                    checked += 1
                    if len(value) > field.max_length:
                        too_long.append((name, model.__name__, key, len(value)))
    assert too_long == [] and checked > 300

"""Texts carried over from an earlier plan that still speak of that plan's year, of a unit abolished since,
or of the old program (inputs: plans.checks.YearTexts; every finding a warning, on the text's anchor).

What a plan's own texts name, and what is stale when they are carried into the plan of `year` from the
plan of `source` (S):

- **Years.** "năm S" and "năm S-1" (the source plan's year and the year-end its figures started from),
  in any case ("MỤC TIÊU NĂM 2024"); in a legal basis only "năm S" (a basis names its own horizon,
  "đến năm 2023"). Not a date: "ngày 22 tháng 3 năm 2024" and "10/01/2024" name a
  date, not the plan's year, and a document number "351/2025/NĐ-CP" names no year at all. When S-1 or S
  is last year (year-1), sentences about last year stay true: such a year is fine in the previous
  year's results and after "cuối" ("cuối năm 2026"); elsewhere it is flagged.
- **Periods.** "giai đoạn A-B" with A <= S <= B < year: the period of the source plan, over before this
  plan's year ("giai đoạn 2021-2025" in a 2027 plan), unless it is still the period of the plan's
  program or standard ("chuẩn nghèo giai đoạn 2022-2025" still applies in 2026).
- **Units.** "huyện Văn Quan" (each name in `abolished`) outside the legal bases: an old document's
  issuer or title names the district it was issued by, which is not a mistake.
- **Program.** A legal basis naming an old program's decision ("Quyết định số 90/QĐ-TTg"); the heading
  of the section placing the program's items naming only an old program's kinds ("Dự án, tiểu dự án"
  under the 2026-2035 program of Hợp phần and Nội dung thành phần).

Texts are split into sentences-sized chunks first and every pattern repeat is bounded (no quadratic
scans over long texts).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from django.utils.translation import gettext

from plans.checks import (
    ABOLISHED_UNIT_TEXT,
    OLD_PROGRAM_BASIS,
    OLD_PROGRAM_STRUCTURE,
    STALE_YEAR_TEXT,
    WARNING,
    CarriedText,
    Finding,
    YearTexts,
)

_YEAR = re.compile(r"(?<!\w)(?:(cuối)\s{1,3})?(?:(tháng)\s{1,3}\d{1,2}\s{1,3})?năm\s{1,3}(\d{4})(?!\d)", re.IGNORECASE)
_PERIOD = re.compile(r"(?<!\w)giai\s{1,3}đoạn\s{1,3}(\d{4})\s{0,3}[-–—]\s{0,3}(\d{4})(?!\d)", re.IGNORECASE)
_CHUNK = re.compile(r"[^.;:!?\n]{1,2000}")
_SNIPPET = 60


def _chunks(text: str) -> Iterator[str]:
    yield from _CHUNK.findall(unicodedata.normalize("NFC", text))


def _quoted(phrases: list[str]) -> str:
    return ", ".join(f"“{p}”" for p in dict.fromkeys(phrases))


def _stale_years(item: CarriedText, years: YearTexts) -> list[str]:
    source, year = years.source_year, years.year
    if source is None or source >= year:
        return []
    # A legal basis names its own horizon ("đến năm 2023"): only the years of the plans the text came down
    # from are stale there; elsewhere the year before each too (its "kết quả năm 2023").
    chain = set(years.carried_years or (source,))
    stale = chain if item.legal_basis else chain | {y - 1 for y in chain}
    found = []
    for chunk in _chunks(item.text):
        for match in _YEAR.finditer(chunk):
            end_of, month, value = match.group(1), match.group(2), int(match.group(3))
            if month or value not in stale:
                continue  # a date in words, or another year
            if value == year - 1 and (item.previous_results or end_of):
                continue  # last year's results, or its year-end figures: still true
            found.append(match.group(0).strip())
        for match in _PERIOD.finditer(chunk):
            first, last = int(match.group(1)), int(match.group(2))
            if any(first <= y <= last < year for y in chain) and (first, last) not in years.periods:
                found.append(match.group(0).strip())
    return found


def _abolished(item: CarriedText, years: YearTexts) -> list[str]:
    if item.legal_basis or not years.abolished:
        return []
    text = unicodedata.normalize("NFC", item.text).casefold()
    return [name for name in years.abolished if name.casefold() in text]


def _where(item: CarriedText) -> str:
    """The text's name in a message: its heading, or its first words; without a trailing colon."""
    where = " ".join((item.where or item.text).split()).rstrip(":.")
    return where if len(where) <= _SNIPPET else where[: _SNIPPET - 1] + "…"


def check_year_texts(years: YearTexts | None) -> list[Finding]:
    """The stale texts of a plan: `stale_year_text`, `abolished_unit_text`, `old_program_basis`,
    `old_program_structure` (warnings)."""
    if years is None:
        return []
    findings = []
    for item in years.texts:
        if phrases := _stale_years(item, years):
            message = gettext(
                "%(where)s: văn bản chuyển từ kế hoạch năm %(source)s còn ghi %(phrases)s; kế hoạch này là của "
                "năm %(year)s: hãy kiểm tra lại."
            ) % {"where": _where(item), "source": years.source_year, "phrases": _quoted(phrases), "year": years.year}
            findings.append(Finding(WARNING, STALE_YEAR_TEXT, message, item.anchor))
        if names := _abolished(item, years):
            message = gettext("%(where)s: còn ghi %(names)s, đơn vị không còn trong năm %(year)s.") % {
                "where": _where(item),
                "names": _quoted(names),
                "year": years.year,
            }
            findings.append(Finding(WARNING, ABOLISHED_UNIT_TEXT, message, item.anchor))
        if item.projects_heading and years.kinds:
            heading = item.text.casefold()
            if [k for k in years.old_kinds if k.casefold() in heading] and not [
                k for k in years.kinds if k.casefold() in heading
            ]:
                message = gettext(
                    "%(where)s: tên mục theo Chương trình cũ; Chương trình năm %(year)s gồm %(kinds)s."
                ) % {
                    "where": _where(item),
                    "year": years.year,
                    "kinds": ", ".join(years.kinds),
                }
                findings.append(Finding(WARNING, OLD_PROGRAM_STRUCTURE, message, item.anchor))
        if item.legal_basis:
            for number, program in years.old_programs:
                if number.casefold() in item.text.casefold():
                    message = gettext(
                        "%(where)s: “%(number)s” là văn bản của %(old)s; kế hoạch năm %(year)s thực hiện %(new)s."
                    ) % {
                        "where": _where(item),
                        "number": number,
                        "old": program,
                        "year": years.year,
                        "new": years.program,
                    }
                    findings.append(Finding(WARNING, OLD_PROGRAM_BASIS, message, item.anchor))
    return findings

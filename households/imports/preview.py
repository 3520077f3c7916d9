"""What an import would do, before anything is saved: rows created, changed, left alone, and errors.

Both parsers (`counts`, `households`) read the sheet the same way: a header row naming the columns (in
any order), then one row per village or household. Every problem is an `Issue` with its row number,
column letter and header, and a reason in Vietnamese. The preview is plain JSON: it is kept on the
ImportJob, shown by the page, printed by the commands, and its `plan` is what `apply` saves.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from households.imports.guard import Formula
from households.names import search_key

# How often (in rows) a parser reports its progress.
PROGRESS_EVERY = 500

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Issue:
    """One problem of the file: row 0 is the file itself, row 1 the header."""

    row: int
    column: str
    header: str
    message: str

    def line(self) -> str:
        """How a command prints it: "Dòng 3, cột C (Hộ nghèo): ..."."""
        if self.row == 0:
            return self.message
        if not self.column:
            return _("Dòng {row}: {message}").format(row=self.row, message=self.message)
        return _("Dòng {row}, cột {column} ({header}): {message}").format(
            row=self.row, column=self.column, header=self.header, message=self.message
        )


@dataclass
class Preview:
    """The outcome of parsing: rows shown per outcome, the issues, and the plan `apply` saves."""

    kind: str
    created: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    plan: list[dict] = field(default_factory=list)
    rows_read: int = 0
    # Villages whose typed counts of the year the import would replace by counts from the household list:
    # {"village", "message"}; saving them needs an explicit confirmation.
    replaced: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> dict:
        return {
            "rows": self.rows_read,
            "created": len(self.created),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "errors": len(self.issues),
        }

    def as_json(self) -> dict:
        return {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "plan": self.plan,
            "replaced": self.replaced,
        }

    def errors_json(self) -> list[dict]:
        return [asdict(issue) for issue in self.issues]

    def digest(self) -> str:
        """A fingerprint of the plan: saving refuses a plan that is no longer the one previewed."""
        text = json.dumps(self.plan, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_key(text) -> str:
    """A header compared loosely: case, diacritics, spaces and a trailing "*" do not matter."""
    text = re.sub(r"\s+", " ", str(text or "")).strip().rstrip("*").strip()
    return search_key(text)


def cell(value):
    """A cell as the forms read it: text stripped, whole floats as int, other floats as typed decimals.

    Numbers stay numbers (the number fields accept them as they are); a float with decimals becomes the
    text the parser refuses or reads ("4,7"), never a silently rounded figure.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return str(Decimal(repr(value))).replace(".", ",")
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value).replace(".", ",")
    return str(value).strip()


def is_blank(row: Iterable) -> bool:
    return all(cell(v) == "" for v in row)


@dataclass
class Columns:
    """Where each expected column is in the sheet: key -> index, with the header as written."""

    index: dict[str, int]
    headers: dict[str, str]

    def get(self, row: tuple, key: str):
        i = self.index.get(key)
        return cell(row[i]) if i is not None and i < len(row) else ""

    def issue(self, row: int, key: str, message: str) -> Issue:
        i = self.index.get(key)
        return Issue(row, column_letter(i) if i is not None else "", self.headers.get(key, ""), str(message))


def read_header(
    header: tuple, expected: dict[str, str], required: Iterable[str], unknown: Callable[[str], str]
) -> tuple[Columns, list[Issue]]:
    """Match the header row against `expected` (key -> header text); issues for missing and unknown ones.

    `unknown(header)` words the message for a column not in the template.
    """
    by_text = {header_key(text): key for key, text in expected.items()}
    index, headers, issues = {}, {}, []
    for i, text in enumerate(header):
        if cell(text) == "":
            continue
        key = by_text.get(header_key(text))
        if key is None:
            issues.append(Issue(1, column_letter(i), str(text), unknown(str(text))))
        elif key in index:
            issues.append(Issue(1, column_letter(i), str(text), _("Cột này bị lặp lại.")))
        else:
            index[key], headers[key] = i, str(text).strip()
    for key in required:
        if key not in index:
            issues.append(
                Issue(
                    1,
                    "",
                    expected[key],
                    _("Thiếu cột “{header}”: hãy dùng mẫu của phần mềm.").format(header=expected[key]),
                )
            )
    return Columns(index, headers), issues


def data_rows(
    rows: Iterator[tuple], progress: Progress | None, columns: Columns | None = None, issues: list | None = None
) -> Iterator[tuple[int, tuple]]:
    """(row number, row) for the data rows after the header, blank rows skipped, progress reported.

    A row with a formula saved without its value (`guard.Formula`) in one of `columns` is not yielded:
    an issue per such cell goes to `issues` (a formula in a column not read is left out, as blank).
    """
    for number, row in enumerate(rows, start=2):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number - 1)
        if columns is not None and any(isinstance(v, Formula) for v in row):
            found = formula_issues(row, number, columns)
            if found:
                issues.extend(found)
                continue
            row = tuple("" if isinstance(v, Formula) else v for v in row)
        if not is_blank(row):
            yield number, row


def formula_issues(row: tuple, number: int, columns: Columns) -> list[Issue]:
    message = _("Ô chứa công thức, không có giá trị: hãy dán giá trị (Paste values) rồi tải lại.")
    return [
        columns.issue(number, key, message)
        for key, i in sorted(columns.index.items(), key=lambda item: item[1])
        if i < len(row) and isinstance(row[i], Formula)
    ]


def form_issues(form, columns: Columns, row: int, fields: dict[str, str]) -> list[Issue]:
    """A row form's errors as issues: each field's under its column (`fields`: form field -> column key)."""
    issues = []
    for name, errors in form.errors.items():
        key = fields.get(name, "")
        for message in errors:
            issues.append(columns.issue(row, key, message) if key else Issue(row, "", "", str(message)))
    return issues

"""Where imported village counts come from, kept in the counts' own `source` field (no new column).

Counts saved from a sheet have the source "Nhập từ Excel (<file name>): <the Nguồn typed>", cut to the
field's 200 characters. The prefix is stored data, not translated; `typed` gives back the Nguồn part,
which a later import of the same figures compares with.
"""

from __future__ import annotations

import re

PREFIX = "Nhập từ Excel"
MAX_LENGTH = 200
PATTERN = re.compile(r"^Nhập từ Excel \((?P<name>.*?)\)(?:: (?P<typed>.*))?$", re.DOTALL)


def excel_source(file_name: str, typed: str) -> str:
    """The source stored for counts imported from `file_name` with the Nguồn text `typed`."""
    name = file_name.strip().replace("(", "").replace(")", "")[:80]
    text = f"{PREFIX} ({name})" + (f": {typed}" if typed else "")
    return text[:MAX_LENGTH]


def typed(source: str) -> str:
    """The Nguồn text of a stored source: the text itself for counts typed on the page."""
    match = PATTERN.match(source or "")
    return (match.group("typed") or "") if match else (source or "")


def is_excel(source: str) -> bool:
    return bool(PATTERN.match(source or ""))

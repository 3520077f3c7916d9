"""openpyxl's read-only reader with its strings read lighter: the same cells, values and types.

openpyxl builds a `Text` object (its descriptor machinery, per child element) for every shared string and
every inline string only to take its plain text: a third of the time a 10.000-row household sheet took to
read. Here the shared strings table and the inline-string cells take the text straight from the parsed
elements, as `Text.content` gives it (the item's text, then each run's, phonetic runs left out); every
other cell goes through openpyxl's own `parse_cell`. The XML is parsed by openpyxl's iterparse (defusedxml
when installed, as it is here). Written against openpyxl 3.1.5 (pinned in uv.lock);
tests/test_import_households.py reads the same workbooks through both.
"""

from __future__ import annotations

import io

from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.utils import coordinate_to_tuple
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

_SI, _R, _T = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "r", "t"))


def plain_text(node) -> str:
    """`openpyxl.cell.text.Text.from_tree(node).content`: the text of `node`'s <t>, then of each run's."""
    parts = []
    plain = node.find(_T)
    if plain is not None and plain.text:
        parts.append(plain.text)
    for run in node.iterfind(_R):
        text = run.find(_T)
        if text is not None and text.text:
            parts.append(text.text)
    return "".join(parts)


def shared_strings(source) -> list[str]:
    """openpyxl's `read_string_table(source)`, without an object per string."""
    strings = []
    for _event, node in iterparse(source):
        if node.tag == _SI:
            strings.append(plain_text(node).replace("x005F_", ""))
            node.clear()
    return strings


class _Parser(WorkSheetParser):
    def parse_cell(self, element):
        """openpyxl's `parse_cell`, with an inline string's text read as `plain_text`."""
        if element.get("t") != "inlineStr" or (not self.data_only and element.find(FORMULA_TAG) is not None):
            return super().parse_cell(element)
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        coordinate = element.get("r")
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        value, data_type = None, "inlineStr"
        child = element.find(INLINE_STRING)
        if child is not None:
            value, data_type = plain_text(child), "s"
        return {"row": row, "column": column, "value": value, "data_type": data_type, "style_id": style_id}


class _Sheet(ReadOnlyWorksheet):
    def _cells_by_row(self, min_col, min_row, max_col, max_row, values_only=False):
        """openpyxl's `ReadOnlyWorksheet._cells_by_row` (3.1.5) with `_Parser`, values only."""
        if not values_only:
            yield from super()._cells_by_row(min_col, min_row, max_col, max_row, values_only)
            return
        max_col = max_col or self.max_column
        max_row = max_row or self.max_row
        empty_row = (None,) * (max_col + 1 - min_col) if max_col is not None else []
        counter = min_row
        idx = 1
        with self._get_source() as src:
            parser = _Parser(
                src,
                self._shared_strings,
                data_only=self.parent.data_only,
                epoch=self.parent.epoch,
                date_formats=self.parent._date_formats,
                timedelta_formats=self.parent._timedelta_formats,
            )
            for idx, row in parser.parse():
                if max_row is not None and idx > max_row:
                    break
                for _ in range(counter, idx):  # rows missing from the file
                    counter += 1
                    yield empty_row
                if counter <= idx:
                    counter += 1
                    yield self._get_row(row, min_col, max_col, values_only)
        if max_row is not None and max_row < idx:
            for _ in range(counter, max_row + 1):
                yield empty_row


class _Reader(ExcelReader):
    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = shared_strings(source)


def load_workbook(data: bytes, *, data_only: bool):
    """openpyxl's `load_workbook(BytesIO(data), read_only=True, data_only=...)`, its sheets read by `_Sheet`."""
    reader = _Reader(io.BytesIO(data), read_only=True, keep_vba=False, data_only=data_only, keep_links=False)
    reader.read()
    for sheet in reader.wb._sheets:
        if type(sheet) is ReadOnlyWorksheet:
            sheet.__class__ = _Sheet
    return reader.wb

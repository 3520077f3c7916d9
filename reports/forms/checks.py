"""The hard checks run on every filled form before it may be exported.

- no rate above 100 % (a real provincial sheet printed 2.040 % for 204 poor against 10 households);
- poor + near-poor within the households (and within the persons), the form's declared `within` checks;
- every sum column declared `equals` a measure agrees with it on every row: the movement identity of
  forms 2-3 (column 9 = 1 - 2 - 3 - 4 + 5 + 6 + 7 + 8 equal to the registry's count at the end).

A failure names the form, the row and the column, in Vietnamese: the export is refused with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from povertyplan.numbers import HUNDRED, format_number, format_rate


@dataclass(frozen=True)
class Failure:
    form: int
    row: str
    column: str
    message: str

    def __str__(self) -> str:
        return _("Biểu {form}, dòng “{row}”, cột {column}: {message}").format(
            form=self.form, row=self.row, column=self.column, message=self.message
        )


def _row_name(row) -> str:
    return f"{row.label} ({row.sublabel})" if row.sublabel else row.label


def run(filled) -> list[Failure]:
    """Every failing check of a filled form (none for a form that has no data to print)."""
    if not filled.available:
        return []
    failures: list[Failure] = []
    columns = filled.expanded.columns
    by_key = {c.key: c for c in columns}
    number = filled.number
    for row in filled.rows:
        if row.kind == "group" or row.missing:
            continue
        for c in columns:
            value = row.values.get(c.key)
            if c.is_rate and value is not None and value > HUNDRED:
                failures.append(
                    Failure(
                        number,
                        _row_name(row),
                        str(c.number),
                        _("tỷ lệ {rate} lớn hơn 100%.").format(rate=format_rate(value)),
                    )
                )
            if c.equals:
                expected = row.expected.get(c.key)
                if value is not None and expected is not None and value != expected:
                    terms = filled.expanded.numbers[c.number - 1].partition("=")[2]
                    failures.append(
                        Failure(
                            number,
                            _row_name(row),
                            str(c.number),
                            _(
                                "{terms} = {value} nhưng sổ hộ có {expected} cuối kỳ (có hộ đầu kỳ chưa được rà soát "
                                "lại và không có biến động được ghi)."
                            ).format(terms=terms, value=format_number(value), expected=format_number(expected)),
                        )
                    )
        for check in filled.definition.checks:
            parts = [row.values.get(k) for k in check["within"]]
            whole = row.values.get(check["whole"])
            if whole is None or any(p is None for p in parts):
                continue
            if sum(parts) > whole:
                names = "+".join(str(by_key[k].number) for k in check["within"])
                failures.append(
                    Failure(
                        number,
                        _row_name(row),
                        names,
                        _("{parts} lớn hơn tổng số ở cột {whole} ({total} > {count}).").format(
                            parts=names,
                            whole=by_key[check["whole"]].number,
                            total=format_number(sum(parts)),
                            count=format_number(whole),
                        ),
                    )
                )
    return failures


def refusal(failures: list[Failure]) -> str:
    """The message an export is refused with."""
    lines = [_("Không xuất được biểu: số liệu không nhất quán.")]
    lines += [str(f) for f in failures]
    return "\n".join(lines)

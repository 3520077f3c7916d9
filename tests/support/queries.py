"""Reading the statements a CaptureQueriesContext caught."""

from __future__ import annotations


def row_writes(queries, table: str) -> list[str]:
    """The statements that wrote new rows into `table`: INSERTs, and on PostgreSQL the COPY of insert_many."""
    heads = (f'INSERT INTO "{table}"', f'COPY "{table}"')
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(heads)]

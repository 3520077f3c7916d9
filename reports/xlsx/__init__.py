"""Excel exports of the plan's tables and the household lists (openpyxl).

- cells.py: the one way a value goes into a cell (user text never a formula, unknown never 0);
- formats.py: the number formats and the workbook's language;
- sheet.py: the sheet's furniture (title rows, header, frozen panes, printing one page wide);
- grid.py: a per-village table or the district roll-up, with its totals and rates as formulas;
- households.py: a village's or a commune's household list (write-only, streamed from one query);
- exports.py: the exports (bytes and a file name) the views and the command call.
"""

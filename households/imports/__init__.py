"""Importing a commune's figures from Excel: guard the file, parse it into a preview, apply it at once.

`guard` opens an upload safely (before openpyxl ever sees it); `templates` builds the files the app
offers; `counts` and `households` turn rows into a `Preview` (`preview`); `apply` saves a preview
all-or-nothing; `jobs` runs a job (parse, progress, save) for the pages and the commands.
"""

"""The review-result pack (biểu mẫu báo cáo kết quả rà soát), forms 1 to 10.

- definitions/formNN.json and definitions.py: each form as data (title, header tree, columns), validated;
- measures.py, flows.py: the figures from the registry, in a bounded number of GROUP BY queries;
- build.py: the pack of a commune (rows: villages) or an area (rows: communes) filled for a year;
- checks.py: the hard checks that refuse an export.
The Excel file is written by reports/xlsx/forms.py, the PDF by reports/pdf/forms.py, from the same pack.
"""

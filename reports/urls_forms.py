"""The review-result pack (reports/forms_views.py): a commune's, and a district's or a province's.

One view per job (the page, the pack's Excel, a form's Excel or PDF), reached at the commune's paths and
at the area's paths (`<level:level>`, the converter of every area route)."""

from django.urls import path

import households.converters  # noqa: F401  (registers the level converter)
from reports import forms_views as v

COMMUNE = "xa/<int:pk>/bieu-ra-soat/<int:year>/"
AREA = "<level:level>/<int:pk>/bieu-ra-soat/<int:year>/"
XLSX, PDF = {"kind": "xlsx"}, {"kind": "pdf"}

urlpatterns = [
    path(COMMUNE, v.pack_page, name="review_forms"),
    path(f"{COMMUNE}bieu-mau.xlsx", v.pack_xlsx, name="review_forms_xlsx"),
    path(f"{COMMUNE}<int:form>.xlsx", v.form_file, XLSX, name="review_form_xlsx"),
    path(f"{COMMUNE}<int:form>.pdf", v.form_file, PDF, name="review_form_pdf"),
    path(AREA, v.pack_page, name="area_review_forms"),
    path(f"{AREA}bieu-mau.xlsx", v.pack_xlsx, name="area_review_forms_xlsx"),
    path(f"{AREA}<int:form>.xlsx", v.form_file, XLSX, name="area_review_form_xlsx"),
    path(f"{AREA}<int:form>.pdf", v.form_file, PDF, name="area_review_form_pdf"),
]

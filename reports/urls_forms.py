"""The review-result pack (reports/forms_views.py): a commune's, and a district's or a province's."""

from django.urls import path, register_converter

from reports import forms_views as v


class LevelConverter:
    """An area's level in the URL: "huyen" (a district, years under districts) or "tinh" (a province)."""

    regex = "huyen|tinh"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LevelConverter, "level")

COMMUNE = "xa/<int:pk>/bieu-ra-soat/<int:year>/"
AREA = "<level:level>/<int:pk>/bieu-ra-soat/<int:year>/"

urlpatterns = [
    path(COMMUNE, v.review_forms, name="review_forms"),
    path(f"{COMMUNE}bieu-mau.xlsx", v.review_forms_xlsx, name="review_forms_xlsx"),
    path(f"{COMMUNE}<int:form>.xlsx", v.review_form_xlsx, name="review_form_xlsx"),
    path(f"{COMMUNE}<int:form>.pdf", v.review_form_pdf, name="review_form_pdf"),
    path(AREA, v.area_review_forms, name="area_review_forms"),
    path(f"{AREA}bieu-mau.xlsx", v.area_review_forms_xlsx, name="area_review_forms_xlsx"),
    path(f"{AREA}<int:form>.xlsx", v.area_review_form_xlsx, name="area_review_form_xlsx"),
    path(f"{AREA}<int:form>.pdf", v.area_review_form_pdf, name="area_review_form_pdf"),
]

"""Routes of the results reports (plans/result_views.py): a plan's reports, a report, its PDF and Excel, an
area's communes against their targets (level "huyen" or "tinh")."""

from django.urls import path

import households.converters  # noqa: F401  (registers the level converter)
import plans.urls  # noqa: F401  (registers the year converter)
from plans import result_views

urlpatterns = [
    path("ke-hoach/<int:pk>/ket-qua/", result_views.plan_results, name="plan_results"),
    path("bao-cao-ket-qua/<int:pk>/", result_views.result_report, name="result_report"),
    path("bao-cao-ket-qua/<int:pk>/pdf/", result_views.result_report_pdf, name="result_report_pdf"),
    path("bao-cao-ket-qua/<int:pk>/xlsx/", result_views.result_report_xlsx, name="result_report_xlsx"),
    path("ket-qua/<level:level>/<int:pk>/<year:year>/", result_views.area_results, name="area_results"),
]

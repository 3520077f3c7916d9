from django.urls import path

from plans import urls as plans_urls  # noqa: F401  (registers the "year" converter)
from reports import views

urlpatterns = [
    path("ke-hoach/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("ke-hoach/<int:pk>/bang-thon.pdf", views.plan_village_table_pdf, name="plan_village_table_pdf"),
    path("huyen/<int:pk>/tong-hop/<year:year>/pdf/", views.rollup_pdf, name="rollup_pdf"),
    path("tinh/<int:pk>/tong-hop/<year:year>/pdf/", views.province_rollup_pdf, name="province_rollup_pdf"),
]

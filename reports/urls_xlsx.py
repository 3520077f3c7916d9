"""The Excel downloads (reports/xlsx_views.py), included from povertyplan/urls.py."""

from django.urls import path

from reports import xlsx_views

urlpatterns = [
    path("ke-hoach/<int:pk>/bang-thon.xlsx", xlsx_views.plan_village_table, name="plan_village_table_xlsx"),
    path("huyen/<int:pk>/tong-hop/<int:year>/xlsx/", xlsx_views.district_rollup, name="district_rollup_xlsx"),
    path("tinh/<int:pk>/tong-hop/<int:year>/xlsx/", xlsx_views.province_rollup, name="province_rollup_xlsx"),
    path("thon/<int:pk>/ho.xlsx", xlsx_views.village_households, name="village_households_xlsx"),
    path("xa/<int:pk>/ho.xlsx", xlsx_views.commune_households, name="commune_households_xlsx"),
]

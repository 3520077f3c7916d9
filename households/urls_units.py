"""Routes of the units pages (households/units_views.py): a province administrator's units."""

from django.urls import path

from households import units_views

urlpatterns = [
    path("tinh/<int:pk>/don-vi/", units_views.province_units, name="province_units"),
    path("xa/<int:pk>/thon/", units_views.commune_villages, name="commune_villages"),
    path("xa/<int:pk>/sap-nhap/", units_views.commune_merge, name="commune_merge"),
]

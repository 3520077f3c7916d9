"""The history pages, beside the pages of the objects they belong to (routed from povertyplan/urls.py)."""

from django.urls import path

from povertyplan.audit import views

urlpatterns = [
    path("ho/<int:pk>/lich-su/", views.household_history, name="household_history"),
    path("ke-hoach/<int:pk>/lich-su/", views.plan_history, name="plan_history"),
]

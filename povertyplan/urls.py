from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("households.urls")),
    path("", include("plans.urls")),
    path("", include("reports.urls")),
    path("", include("povertyplan.audit.urls")),
    path("", include("reports.urls_xlsx")),
    path("", include("reports.urls_issue")),
    path("", include("households.urls_review")),
    path("", include("households.urls_units")),
    path("", include("reports.urls_forms")),
    path("", include("plans.urls_results")),
]

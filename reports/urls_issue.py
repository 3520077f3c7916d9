from django.urls import path

from reports import issue_views

urlpatterns = [
    path("ban-hanh/<int:pk>/", issue_views.issued_record, name="issued_record"),
    path("ban-hanh/<int:pk>/ban-goc.pdf", issue_views.issued_original, name="issued_original"),
    path("ban-hanh/<int:pk>/ban-da-ky/", issue_views.signed_upload, name="signed_upload"),
    path("ban-da-ky/<int:pk>/tai-ve/", issue_views.signed_download, name="signed_download"),
    path("so-dang-ky/", issue_views.register, name="issued_register"),
    path("xa/<int:pk>/so-dang-ky/", issue_views.commune_register, name="commune_register"),
    path("xac-thuc/", issue_views.verify, name="verify"),
    path("xac-thuc/<str:code>/", issue_views.verify_code, name="verify_code"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from households import import_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("xa/<int:pk>/", views.commune, name="commune"),
    path("xa/<int:pk>/so-lieu/<int:year>/", views.counts_edit, name="counts_edit"),
    path("thon/<int:pk>/", views.village, name="village"),
    path("thon/<int:pk>/them-ho/", views.household_create, name="household_create"),
    path("ho/<int:pk>/", views.household, name="household"),
    path("ho/<int:pk>/sua/", views.household_edit, name="household_edit"),
    path("xa/<int:pk>/nhap-excel/<str:kind>/", import_views.upload, name="import_upload"),
    path("xa/<int:pk>/nhap-excel/<str:kind>/mau.xlsx", import_views.template, name="import_template"),
    path("nhap-excel/<int:pk>/", import_views.job, name="import_job"),
    path("nhap-excel/<int:pk>/tien-do/", import_views.progress, name="import_progress"),
    path("nhap-excel/<int:pk>/luu/", import_views.save, name="import_save"),
    path("nhap-excel/<int:pk>/huy/", import_views.cancel, name="import_cancel"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from households import views

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
]

"""Routes of the review year (households/review_views.py)."""

from django.urls import path

from households import review_views as views

urlpatterns = [
    path("xa/<int:pk>/ra-soat/<int:year>/", views.review, name="review"),
    path("xa/<int:pk>/ra-soat/<int:year>/mo/", views.review_open, name="review_open"),
    path("xa/<int:pk>/ra-soat/<int:year>/ket-thuc/", views.review_close, name="review_close"),
    path("xa/<int:pk>/ra-soat/<int:year>/quyet-dinh.pdf", views.review_decision_pdf, name="review_decision_pdf"),
    path("thon/<int:pk>/ra-soat/<int:year>/giu-nguyen/", views.review_confirm, name="review_confirm"),
    path("thon/<int:pk>/ra-soat/<int:year>/them/<slug:kind>/", views.review_add, name="review_add"),
    path("ho/<int:pk>/bien-dong/<int:year>/", views.review_event, name="review_event"),
]

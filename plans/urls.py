from django.urls import path, register_converter

from plans import outline_views, review_views, views


class YearConverter:
    """A four-digit year: "0" or "99999" never reach a view (the view then checks the program's years)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


register_converter(YearConverter, "year")

urlpatterns = [
    path("xa/<int:pk>/ke-hoach/", views.commune_plans, name="commune_plans"),
    path("xa/<int:pk>/can-bo/", views.officers, name="officers"),
    path("tham-dinh/", views.review_queue, name="review_queue"),
    path("huyen/<int:pk>/tong-hop/<year:year>/", views.district_rollup, name="district_rollup"),
    path("tinh/<int:pk>/tong-hop/<year:year>/", views.province_rollup, name="province_rollup"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:pk>/bang-thon/", views.grid_edit, name="plan_grid"),
    path("ke-hoach/<int:pk>/chi-tieu-da-in/", views.figures_edit, name="plan_figures"),
    path("ke-hoach/<int:pk>/phan/<slug:part>/", views.part_edit, name="plan_part"),
    path("ke-hoach/<int:pk>/dan-y/", outline_views.plan_outline, name="plan_outline"),
    path("ke-hoach/<int:pk>/dan-y/them/", outline_views.plan_outline_add, name="plan_outline_add"),
    path("ke-hoach/<int:pk>/dan-y/<slug:key>/", outline_views.plan_outline_node, name="plan_outline_node"),
    path(
        "ke-hoach/<int:pk>/dan-y/<slug:key>/chuyen/<slug:direction>/",
        outline_views.plan_outline_move,
        name="plan_outline_move",
    ),
    path("ke-hoach/<int:pk>/dan-y/<slug:key>/xoa/", outline_views.plan_outline_delete, name="plan_outline_delete"),
    path("ke-hoach/<int:pk>/chuyen/<slug:name>/", review_views.plan_transition, name="plan_transition"),
    path("ke-hoach/<int:pk>/xoa/", review_views.plan_delete, name="plan_delete"),
    path("ke-hoach/<int:pk>/ban-sua-doi/", review_views.plan_new_revision, name="plan_new_revision"),
    path("ke-hoach/<int:pk>/y-kien/", review_views.plan_comment, name="plan_comment"),
    path("ke-hoach/<int:pk>/thay-doi/", review_views.plan_changes, name="plan_changes"),
    path("y-kien/<int:pk>/xong/", review_views.comment_resolve, name="comment_resolve"),
]

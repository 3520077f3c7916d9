"""Routes of this part of the app. Placeholder: filled by its branch."""

urlpatterns: list = []

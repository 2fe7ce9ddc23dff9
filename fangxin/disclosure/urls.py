"""The public site's pages (no sign-in), under ``/public/``."""

app_name = "disclosure"

urlpatterns: list = []

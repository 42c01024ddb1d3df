from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("enterprises/<int:pk>/", views.enterprise_month, name="enterprise"),
    path("points/<int:pk>/", views.point_detail, name="point"),
    path("flags/", views.flag_list, name="flags"),
    path("flags/<int:pk>/", views.flag_detail, name="flag"),
    path("import/", views.import_view, name="import"),
    path("rejected/", views.rejected, name="rejected"),
]

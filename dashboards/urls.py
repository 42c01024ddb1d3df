from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("map.json", views.dashboard_map, name="map"),
    path("ranking/", views.ranking, name="ranking"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/<int:pk>/<slug:fmt>/", views.bulletin_file, name="bulletin_file"),
    path("orders/", views.order_list, name="orders"),
    path("orders/new/<int:enterprise_pk>/", views.order_new, name="order_new"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
]

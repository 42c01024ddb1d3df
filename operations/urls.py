from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("intervals/<int:pk>/verify/", views.interval_verify, name="interval_verify"),
    path("campaigns/new/", views.campaign_form, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_form, name="campaign_edit"),
    path("rates/new/", views.rate_new, name="rate_new"),
]

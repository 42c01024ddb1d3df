from django.urls import path

from . import views, views_search

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("limits/", views.limit_list, name="limits"),
    path("search/", views_search.search, name="search"),
    path("pick/", views_search.pick, name="pick"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/units/new/", views.unit_form, name="unit_create"),
    path("<int:pk>/units/<int:unit_pk>/edit/", views.unit_form, name="unit_edit"),
    path("<int:pk>/points/new/", views.point_form, name="point_create"),
    path("<int:pk>/points/<int:point_pk>/edit/", views.point_form, name="point_edit"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
]

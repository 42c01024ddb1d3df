from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("<slug:name>.<slug:fmt>", views.export, name="export"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/download/", views.download, name="download"),
]

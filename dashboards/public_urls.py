from django.urls import path

from . import public

app_name = "public_inspections"

urlpatterns = [
    path("", public.inspections, name="list"),
    path("export.<slug:fmt>", public.inspections_export, name="export"),
]

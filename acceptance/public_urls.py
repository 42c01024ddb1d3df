from django.urls import path

from . import public

app_name = "public_ule"

urlpatterns = [
    path("", public.ule_list, name="list"),
    path("changes/", public.ule_changes, name="changes"),
]

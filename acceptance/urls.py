from django.urls import path

from . import views

app_name = "acceptance"

urlpatterns = [
    path("claims/", views.claim_list, name="claims"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/resubmit/", views.evaluation_resubmit, name="evaluation_resubmit"),
    path("evaluation-files/<int:pk>/", views.evaluation_file, name="evaluation_file"),
]

from django.urls import path

from . import views, views_listing

app_name = "acceptance"

urlpatterns = [
    path("claims/", views.claim_list, name="claims"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/resubmit/", views.evaluation_resubmit, name="evaluation_resubmit"),
    path("evaluation-files/<int:pk>/", views.evaluation_file, name="evaluation_file"),
    path("list/", views_listing.listing, name="listing"),
    path("list/<int:pk>/", views_listing.listing_detail, name="listing_detail"),
    path("enterprises/<int:enterprise_pk>/", views_listing.status, name="status"),
    path("enterprises/<int:enterprise_pk>/scope/", views_listing.scope_edit, name="scope"),
    path(
        "enterprises/<int:enterprise_pk>/publicity/",
        views_listing.publicity_new,
        name="publicity_new",
    ),
    path("publicity/<int:pk>/", views_listing.publicity_detail, name="publicity_detail"),
    path("publicity/<int:pk>/close/", views_listing.publicity_close, name="publicity_close"),
    path(
        "publicity/<int:pk>/withdraw/", views_listing.publicity_withdraw, name="publicity_withdraw"
    ),
]

from django.urls import path

from village.matching import views

app_name = "matching"
urlpatterns = [
    path("needs/<int:pk>/match/", views.match_page, name="match"),
    path("schools/<int:pk>/allocations/new/", views.allocation_new, name="allocation_new"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
    path("allocations/<int:pk>/approve/", views.allocation_approve, name="allocation_approve"),
    path("referrals/gaps/", views.gap_page, name="gaps"),
    path("referrals/gaps.csv", views.gap_csv, name="gaps_csv"),
]

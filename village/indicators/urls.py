from django.urls import path

from village.indicators import views

app_name = "indicators"
urlpatterns = [
    path("districts/<slug:slug>/indicators/", views.framework, name="framework"),
    path("districts/<slug:slug>/indicators/new/", views.indicator_edit, name="indicator_new"),
    path("districts/<slug:slug>/indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path(
        "districts/<slug:slug>/indicators/<int:pk>/translate/<str:language>/",
        views.indicator_translate,
        name="indicator_translate",
    ),
    path("districts/<slug:slug>/indicators/periods/new/", views.period_new, name="period_new"),
    path("districts/<slug:slug>/indicators/refresh/", views.refresh, name="refresh"),
    path("districts/<slug:slug>/indicators/import/", views.import_page, name="import"),
    path("districts/<slug:slug>/indicators/import/attendance/", views.import_attendance_page, name="import_attendance"),
    path("districts/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("districts/<slug:slug>/dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("districts/<slug:slug>/celebrations/new/", views.celebration_new, name="celebration_new"),
    path("schools/<int:pk>/dashboard/", views.school_dashboard, name="school_dashboard"),
    path("schools/<int:pk>/dashboard.csv", views.school_dashboard_csv, name="school_dashboard_csv"),
    path("schools/<int:pk>/practices/", views.practice, name="practice"),
    path("organizations/<int:pk>/shared-metrics/", views.partner_dashboard, name="partner_dashboard"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/actions/", views.review_action_add, name="review_action_add"),
    path("reviews/<int:pk>/actions/<int:action_pk>/done/", views.review_action_done, name="review_action_done"),
    path("reviews/<int:pk>/close/", views.review_close, name="review_close"),
]

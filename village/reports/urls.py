from django.urls import path

from village.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/<slug:slug>/", views.public_district_report, name="public_district"),
    path("reports/<slug:slug>/schools/<int:pk>/", views.public_school_report, name="public_school"),
    path("reports/<slug:slug>/report.pdf", views.public_district_pdf, name="public_district_pdf"),
    path("reports/<slug:slug>/schools/<int:pk>/report.pdf", views.public_school_pdf, name="public_school_pdf"),
]

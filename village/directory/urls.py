from django.urls import path

from village.directory.views import coverage, exchange, finder, manage

app_name = "directory"
urlpatterns = [
    path("directory/", finder.finder_page, name="finder"),
    path("directory/services/<int:pk>/", finder.service_detail, name="service"),
    path("directory/services/<int:pk>/edit/", manage.service_edit, name="service_edit"),
    path("directory/services/<int:pk>/hours/", manage.service_hours, name="service_hours"),
    path("directory/services/<int:pk>/verify/", manage.service_verify, name="service_verify"),
    path("directory/organizations/<int:pk>/", manage.listings, name="listings"),
    path("directory/organizations/<int:pk>/services/new/", manage.service_create, name="service_create"),
    path("directory/organizations/<int:pk>/places/new/", manage.location_create, name="location_create"),
    path("directory/places/<int:pk>/edit/", manage.location_edit, name="location_edit"),
    path("directory/coverage/", coverage.coverage_page, name="coverage"),
    path("directory/coverage.csv", coverage.coverage_csv, name="coverage_csv"),
    path("directory/imports/", exchange.import_page, name="import"),
    path("directory/imports/<int:pk>/", exchange.import_job, name="import_job"),
    path("directory/imports/<int:pk>/rejections.csv", exchange.import_rejections, name="import_rejections"),
    path("directory/imports/<int:pk>/not-kept.csv", exchange.import_changes, name="import_changes"),
    path("directory/export/<slug:slug>.json", exchange.export_json, name="export_json"),
    path("directory/export/<slug:slug>.zip", exchange.export_package, name="export_package"),
]

from django.urls import path

from village.orgs import views

app_name = "orgs"
urlpatterns = [
    path("districts/<slug:slug>/", views.district_detail, name="district"),
    path("districts/<slug:slug>/schools/new/", views.school_create, name="school_create"),
    path("districts/<slug:slug>/partners/", views.partner_list, name="partners"),
    path("districts/<slug:slug>/partners/new/", views.organization_create, name="organization_create"),
    path("schools/<int:pk>/edit/", views.school_edit, name="school_edit"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("districts/<slug:slug>/people/", views.people, name="people"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
]

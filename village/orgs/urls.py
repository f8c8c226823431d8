from django.urls import path

from village.orgs.views import district, outbox, partners, people, schools

app_name = "orgs"
urlpatterns = [
    path("districts/<slug:slug>/", district.district_detail, name="district"),
    path("regions/<slug:slug>/districts/new/", district.district_start, name="district_start"),
    path("districts/<slug:slug>/schools/new/", schools.school_create, name="school_create"),
    path("districts/<slug:slug>/partners/", partners.partner_list, name="partners"),
    path("districts/<slug:slug>/partners/new/", partners.organization_create, name="organization_create"),
    path("schools/<int:pk>/edit/", schools.school_edit, name="school_edit"),
    path("organizations/<int:pk>/", partners.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", partners.organization_edit, name="organization_edit"),
    path("districts/<slug:slug>/people/", people.people, name="people"),
    path("memberships/<int:pk>/end/", people.membership_end, name="membership_end"),
    path("districts/<slug:slug>/outbox/", outbox.outbox, name="outbox"),
    path("districts/<slug:slug>/outbox/<int:pk>/retry/", outbox.retry, name="outbox_retry"),
    path("districts/<slug:slug>/texts-received/", outbox.texts_received, name="texts_received"),
]

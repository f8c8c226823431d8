from django.urls import path

from village.community.views import staff, volunteers

app_name = "community"
urlpatterns = [
    path("schools/<int:pk>/volunteering/", staff.school_opportunities, name="school"),
    path("schools/<int:pk>/volunteering/new/", staff.opportunity_new, name="new"),
    path("volunteering/<int:pk>/", staff.opportunity_detail, name="opportunity"),
    path("volunteering/<int:pk>/open/", staff.set_open, name="set_open"),
    path("volunteering/sign-ups/<int:pk>/decide/", staff.decide, name="decide"),
    path("volunteering/sign-ups/<int:pk>/clearance/", staff.clearance, name="clearance"),
    path("volunteering/hours/<int:pk>/confirm/", staff.confirm, name="confirm"),
    path("v/<str:token>/", volunteers.signup, name="signup"),
    path("volunteer/<str:token>/", volunteers.volunteer, name="volunteer"),
]

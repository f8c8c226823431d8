from django.urls import path

from village.community.views import mentoring, mentors, staff, volunteers

app_name = "community"
urlpatterns = [
    path("schools/<int:pk>/volunteering/", staff.school_opportunities, name="school"),
    path("schools/<int:pk>/volunteering/new/", staff.opportunity_new, name="new"),
    path("volunteering/<int:pk>/", staff.opportunity_detail, name="opportunity"),
    path("volunteering/<int:pk>/open/", staff.set_open, name="set_open"),
    path("volunteering/sign-ups/<int:pk>/decide/", staff.decide, name="decide"),
    path("volunteering/sign-ups/<int:pk>/clearance/", staff.clearance, name="clearance"),
    path("volunteering/hours/<int:pk>/confirm/", staff.confirm, name="confirm"),
    path("schools/<int:pk>/mentoring/", mentoring.school_programs, name="mentoring"),
    path("schools/<int:pk>/mentoring/new/", mentoring.program_new, name="program_new"),
    path("mentoring/<int:pk>/", mentoring.program, name="program"),
    path("mentoring/<int:pk>/mentors/new/", mentoring.mentor_add, name="mentor_add"),
    path("mentoring/<int:pk>/referrals/<int:referral_pk>/join/", mentoring.mentee_add, name="mentee_add"),
    path("mentoring/<int:pk>/pair/", mentoring.pair_one, name="pair_one"),
    path("mentoring/<int:pk>/cohort/", mentoring.cohort_page, name="cohort"),
    path("mentoring/<int:pk>/figures/", mentoring.figures_page, name="figures"),
    path("mentoring/matches/<int:pk>/", mentoring.pair_page, name="pair"),
    path("mentoring/check-ins/<int:pk>/read/", mentoring.read_check_in, name="read_check_in"),
    path("volunteer/<str:token>/mentoring/<int:pk>/", mentors.mentor_match, name="mentor_match"),
    path("check-in/<str:token>/", mentors.check_in, name="check_in"),
    path("v/<str:token>/", volunteers.signup, name="signup"),
    path("volunteer/<str:token>/", volunteers.volunteer, name="volunteer"),
]

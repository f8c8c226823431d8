from django.urls import path

from village.events.views import attend, calendars, organize

app_name = "events"
urlpatterns = [
    path("schools/<int:pk>/events/", organize.school_events, name="school"),
    path("schools/<int:pk>/events/new/", organize.event_new, name="new"),
    path("schools/<int:pk>/events.ics", calendars.school_feed, name="school_feed"),
    path("organizations/<int:pk>/events.ics", calendars.organization_feed, name="organization_feed"),
    path("schools/<int:pk>/school-calendar/", calendars.school_calendar, name="calendar"),
    path("events/<int:pk>/", organize.event_detail, name="event"),
    path("events/<int:pk>/edit/", organize.event_edit, name="edit"),
    path("events/<int:pk>/attendance/", organize.attendance, name="attendance"),
    path("e/<str:token>/", attend.show, name="show"),
    path("e/<str:token>/withdraw/", attend.withdraw, name="withdraw"),
    path("e/<str:token>/event.ics", attend.event_ics, name="ics"),
    path("rsvp/<str:token>/", attend.cancel, name="cancel"),
    path("calendar/", calendars.mine, name="mine"),
    path("calendar/new-address/", calendars.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", calendars.personal_feed, name="feed"),
]

from django.urls import path

from .views import feeds

urlpatterns = [
    path("agenda/feed/<slug:token>.ics", feeds.personal_feed, name="personal_feed"),
    path("agenda/feed/<slug:token>/raad/<slug:slug>.ics", feeds.council_feed, name="council_feed"),
    path("agenda/openbaar.ics", feeds.public_feed, name="public_feed"),
    path("agenda/activiteit/<int:pk>.ics", feeds.activity_ics, name="activity_ics"),
    path("agenda/overleg/<int:pk>.ics", feeds.meeting_ics, name="meeting_ics"),
    path("agenda/mijn-feed/", feeds.my_feed, name="my_feed"),
]

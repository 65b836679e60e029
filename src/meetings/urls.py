from django.urls import include, path

app_name = "meetings"
urlpatterns = [
    path("", include("meetings.urls_activities")),
    path("", include("meetings.urls_meetings")),
    path("", include("meetings.urls_feeds")),
]

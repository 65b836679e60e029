from django.urls import path

from . import views

app_name = "social"
urlpatterns = [
    path("sociale-media/", views.post_list_view, name="posts"),
    path("sociale-media/nieuw/", views.post_create_view, name="post_create"),
    path("sociale-media/voorbeeld/", views.preview_view, name="preview"),
    path("sociale-media/<int:pk>/", views.post_view, name="post"),
    path("sociale-media/<int:pk>/plaatsen/", views.post_submit_view, name="submit"),
    path("sociale-media/<int:pk>/terugnemen/", views.post_unschedule_view, name="unschedule"),
    path("sociale-media/<int:pk>/stand/", views.post_status_view, name="status"),
    path("sociale-media/plaatsing/<int:pk>/opnieuw/", views.publication_retry_view, name="retry"),
    path(
        "sociale-media/plaatsing/<int:pk>/gevonden/",
        views.publication_confirm_view,
        name="confirm",
    ),
    path("sociale-media/kanalen/", views.channel_list_view, name="channels"),
    path(
        "sociale-media/kanalen/nieuw/<str:platform>/",
        views.channel_connect_view,
        name="channel_connect",
    ),
    path("sociale-media/kanalen/<int:pk>/", views.channel_view, name="channel"),
    path(
        "sociale-media/kanalen/<int:pk>/ontkoppelen/",
        views.channel_disconnect_view,
        name="channel_disconnect",
    ),
]

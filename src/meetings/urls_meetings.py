from django.urls import path

from .views import meetings as views

urlpatterns = [
    path("overleg/", views.meetings_index, name="meetings"),
    path("overleg/nieuw/", views.meeting_create, name="meeting_create"),
    path("overleg/landelijk/", views.national, name="national"),
    path(
        "overleg/landelijk/vertegenwoordiger/",
        views.national_representative,
        name="national_representative",
    ),
    path("overleg/<int:pk>/", views.meeting_view, name="meeting"),
    path("overleg/<int:pk>/documenten/", views.meeting_document_add, name="meeting_document_add"),
    path(
        "overleg/<int:pk>/documenten/<int:doc_pk>/",
        views.meeting_document,
        name="meeting_document",
    ),
    path("overleg/<int:pk>/antwoord/", views.meeting_rsvp, name="meeting_rsvp"),
    path("overleg/<int:pk>/notulen/", views.meeting_minutes, name="meeting_minutes"),
    path(
        "overleg/<int:pk>/notulen/vaststellen/",
        views.meeting_minutes_approve,
        name="meeting_minutes_approve",
    ),
    path("overleg/<int:pk>/acties/", views.meeting_action_add, name="meeting_action_add"),
    path(
        "overleg/actie/<int:pk>/status/", views.meeting_action_status, name="meeting_action_status"
    ),
    path("overleg/<int:pk>/agenda/", views.meeting_agenda_add, name="meeting_agenda_add"),
    path(
        "overleg/agenda/<int:item_pk>/verplaats/",
        views.meeting_agenda_move,
        name="meeting_agenda_move",
    ),
    path("overleg/<int:pk>/verzetten/", views.meeting_reschedule, name="meeting_reschedule"),
    path("overleg/<int:pk>/afgelasten/", views.meeting_cancel, name="meeting_cancel"),
    path("overleg/<int:pk>/aanwezig/", views.meeting_attendance, name="meeting_attendance"),
    path(
        "overleg/<int:pk>/aanschuiven/", views.meeting_guest_request, name="meeting_guest_request"
    ),
    path(
        "overleg/aanschuiven/<int:req_pk>/besluit/",
        views.meeting_guest_decide,
        name="meeting_guest_decide",
    ),
]

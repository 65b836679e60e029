from django.urls import path

from .views import advices

urlpatterns = [
    path("vinger-aan-de-pols/adviezen/", advices.advice_index, name="advices"),
    path("vinger-aan-de-pols/adviezen/nieuw/", advices.advice_create, name="advice_create"),
    path("vinger-aan-de-pols/advies/<int:pk>/", advices.advice_view, name="advice"),
    path(
        "vinger-aan-de-pols/advies/<int:pk>/bijlage/",
        advices.advice_attachment,
        name="advice_attachment",
    ),
    path(
        "vinger-aan-de-pols/advies/<int:pk>/bijlage/<int:attachment_pk>/",
        advices.advice_attachment_file,
        name="advice_attachment_file",
    ),
    path("vinger-aan-de-pols/advies/<int:pk>/versturen/", advices.advice_send, name="advice_send"),
    path(
        "vinger-aan-de-pols/advies/<int:pk>/antwoord/", advices.advice_answer, name="advice_answer"
    ),
    path(
        "vinger-aan-de-pols/advies/<int:pk>/antwoord/brief/",
        advices.advice_answer_file,
        name="advice_answer_file",
    ),
    path(
        "vinger-aan-de-pols/advies/<int:pk>/reactie/",
        advices.advice_follow_up,
        name="advice_follow_up",
    ),
]

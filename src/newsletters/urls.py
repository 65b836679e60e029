from django.urls import path

from . import views

app_name = "newsletters"
urlpatterns = [
    path("nieuwsflits/", views.subscribe_view, name="subscribe"),
    path("nieuwsflits/bevestigen/<str:token>/", views.confirm_view, name="confirm"),
    path("nieuwsflits/beheren/<str:token>/", views.manage_view, name="manage"),
    path("nieuwsflits/afmelden/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("nieuwsflits/redactie/", views.flash_list_view, name="flashes"),
    path("nieuwsflits/redactie/nieuw/", views.flash_create_view, name="flash_create"),
    path("nieuwsflits/redactie/<int:pk>/", views.flash_view, name="flash"),
    path("nieuwsflits/redactie/<int:pk>/voorbeeld/", views.flash_preview_view, name="preview"),
    path("nieuwsflits/redactie/<int:pk>/test/", views.flash_test_view, name="test"),
    path("nieuwsflits/redactie/<int:pk>/verzenden/", views.flash_send_view, name="send"),
    path("nieuwsflits/redactie/<int:pk>/opnieuw/", views.flash_resend_view, name="resend"),
    path("nieuwsflits/redactie/<int:pk>/voortgang/", views.flash_progress_view, name="progress"),
]

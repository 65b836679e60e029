from django.urls import path

from . import views

app_name = "handbook"
urlpatterns = [
    path("mijn/handboek/", views.home, name="home"),
    path("mijn/handboek.pdf", views.pdf, name="pdf"),
    path("mijn/handboek/<slug:chapter>/versies/", views.versions, name="versions"),
    path("mijn/handboek/<slug:chapter>/versies/<int:revision>/", views.version, name="version"),
    path("mijn/handboek/<slug:chapter>/gelezen/", views.mark_read, name="mark_read"),
]

from django.urls import path

from . import views

app_name = "handbook"
urlpatterns = [
    path("mijn/handboek/", views.home, name="home"),
    path("mijn/handboek.pdf", views.pdf, name="pdf"),
]

from django.urls import include, path

app_name = "proposals"
urlpatterns = [
    path("", include("proposals.urls_plans")),
    path("", include("proposals.urls_advices")),
    path("", include("proposals.urls_pulse")),
]

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("jaarverslag/", views.report_list_view, name="list"),
    path("jaarverslag/<int:year>/", views.report_national_view, name="national"),
    path("jaarverslag/<int:year>/bewerken/", views.report_edit_view, name="national_edit"),
    path("jaarverslag/<int:year>/<slug:slug>.pdf", views.report_pdf_view, name="pdf"),
    path("jaarverslag/<int:year>/<slug:slug>.html", views.report_html_view, name="html"),
    path("jaarverslag/<int:year>/<slug:slug>.docx", views.report_docx_view, name="docx"),
    path("jaarverslag/<int:year>/<slug:slug>/", views.report_council_view, name="council"),
    path("jaarverslag/<int:year>/<slug:slug>/bewerken/", views.report_edit_view, name="edit"),
]

"""One namespace, ``surveys``; each part of the app keeps its own list."""

from __future__ import annotations

from . import urls_answer, urls_author, urls_exports, urls_polls, urls_results

app_name = "surveys"
urlpatterns = [
    *urls_author.urlpatterns,
    *urls_answer.urlpatterns,
    *urls_results.urlpatterns,
    *urls_exports.urlpatterns,
    *urls_polls.urlpatterns,
]

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    name = "sitesearch"
    verbose_name = _("Zoeken")

    def ready(self):
        # Each app says in its own ``search_index.py`` what it puts in the search index.
        autodiscover_modules("search_index")

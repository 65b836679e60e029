from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        # Apps whose objects can be linked to a dossier say how in their ``dossier_links.py``.
        autodiscover_modules("dossier_links")

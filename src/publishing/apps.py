from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publieke site")

    def ready(self):
        from django.core import checks

        from .embed import check_embed_origins

        checks.register(check_embed_origins)

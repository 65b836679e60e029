from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = _("Nieuwsflitsen")

    def ready(self):
        from councils.models import Council

        from .lists import council_list, lists_sync

        post_migrate.connect(lambda **kwargs: lists_sync(), sender=self, weak=False)
        post_save.connect(
            lambda instance, raw=False, **kwargs: None if raw else council_list(instance),
            sender=Council,
            weak=False,
            dispatch_uid="newsletters.council_list",
        )

    def resume_after_worker_stop(self):
        """Called by common.tasks when a worker starts: flashes a killed worker left."""
        from .services import flashes_resume

        flashes_resume()

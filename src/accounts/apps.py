from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from .roles_setup import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import receivers  # noqa: F401  (audit entries for log-ins)

        # Groups need the permissions Django creates after migrate, so they are set up then.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="accounts.roles_sync")

"""``manage.py demo``: load every app's demo data (each app's ``demo.load``), in the order of
INSTALLED_APPS so the platform comes first. Idempotent. ``--if-empty`` does nothing when the
database already has councils or users, so ``make run`` never touches real data."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Laad demogegevens (fictief) voor alle onderdelen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Alleen als er nog geen gebruikers zijn."
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("De database heeft al gegevens; demo overgeslagen.")
            self.print_logins()
            return
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name.startswith(("django.", "wagtail", "allauth")) or not find_spec(
                config.name
            ):
                continue
            if find_spec(module_name) is None:
                continue
            import_module(module_name).load(stdout=self.stdout)
            self.stdout.write(f"demo: {config.label} geladen")
        # Some demo data is written without the services that keep the search index in step.
        call_command("search_rebuild", stdout=self.stdout)
        self.print_logins()

    def print_logins(self):
        from councils.demo import LOGINS
        from councils.demo.data import DEMO_TOTP_SECRET, DOMAIN, PASSWORD

        self.stdout.write(f"\nDemo-logins (wachtwoord voor allemaal: {PASSWORD})")
        for local, _first, _last, what, *_rest, group, _wg in LOGINS:
            mfa = "  + code uit authenticator-app" if group else ""
            self.stdout.write(f"  {what:<28} {local}@{DOMAIN}{mfa}")
        self.stdout.write(
            f"TOTP-geheim voor de demo-accounts met tweestapsverificatie: {DEMO_TOTP_SECRET}\n"
            "(voeg het toe in een authenticator-app, of: make totp)"
        )

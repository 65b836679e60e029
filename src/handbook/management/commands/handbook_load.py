"""``manage.py handbook_load``: put the first edition of the handbook on the site. Idempotent:
creates the handbook and the chapters that are missing, never changes a chapter that exists."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from handbook.services import HandbookLoadError, handbook_load


class Command(BaseCommand):
    help = "Zet het handboek (eerste editie) op de site, als het er nog niet is."

    def handle(self, *args, **options):
        try:
            result = handbook_load()
        except HandbookLoadError as error:
            raise CommandError(str(error)) from error
        index = result["index"]
        if result["created_index"]:
            self.stdout.write(f"Handboek gemaakt: {index.get_url() or index.url_path}")
        if result["created"]:
            self.stdout.write(f"{len(result['created'])} hoofdstukken gepubliceerd.")
        else:
            self.stdout.write("Alle hoofdstukken staan er al; niets veranderd.")

from django.core.management.base import BaseCommand

from sitesearch.index import kinds, rebuild


class Command(BaseCommand):
    help = "Build the search index again from its sources (all kinds, or the ones named)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help=f"kinds: {', '.join(kinds()) or '-'}")

    def handle(self, *args, **options):
        unknown = set(options["kinds"]) - set(kinds())
        if unknown:
            self.stderr.write(f"Onbekende soort: {', '.join(sorted(unknown))}")
            return
        for kind, count in rebuild(options["kinds"] or None).items():
            self.stdout.write(f"{kind}: {count}")

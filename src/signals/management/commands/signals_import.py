from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from signals.importer import signals_import


class Command(BaseCommand):
    help = (
        "Importeer oude signalen uit CSV of XLSX (kolommen: datum, tekst; en eventueel "
        "postcode, regeling, onderwerp, raad). Een bestand met fouten wordt niet "
        "geïmporteerd, tenzij --skip-errors. Een datum zonder tijd is die dag, 00:00 in "
        "Amsterdam; een getal is een Excel-datum. Regels die al eerder geïmporteerd zijn, "
        "worden gemeld en niet nog eens opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Alleen controleren.")
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="Importeer de goede regels en sla de foute over.",
        )

    def handle(self, *args, file, dry_run, skip_errors, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Bestand niet gevonden: {path}")
        result = signals_import(path, skip_errors=skip_errors, dry_run=dry_run)
        for line, message in result.errors:
            self.stderr.write(f"regel {line}: {message}")
        for line, reference in result.duplicates:
            self.stdout.write(
                f"regel {line}: al eerder geïmporteerd als {reference}; niet nog eens opgeslagen."
            )
        duplicates = (
            f", {len(result.duplicates)} al eerder geïmporteerd (overgeslagen)"
            if result.duplicates
            else ""
        )
        if dry_run:
            self.stdout.write(
                f"Gecontroleerd: {len(result.rows)} goed, "
                f"{len(result.errors)} met fouten{duplicates}. Niets geïmporteerd."
            )
            if result.errors:
                raise CommandError("Het bestand heeft fouten.")
            return
        if result.errors and not skip_errors:
            raise CommandError(
                f"{len(result.errors)} regel(s) met fouten: niets geïmporteerd. "
                "Verbeter het bestand, of gebruik --skip-errors."
            )
        self.stdout.write(
            f"Geïmporteerd: {result.imported} signalen"
            + (f", {len(result.errors)} regels met fouten overgeslagen" if result.errors else "")
            + f"{duplicates}."
        )

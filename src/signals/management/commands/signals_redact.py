import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from signals.redaction import redact


class Command(BaseCommand):
    help = "Haal persoonsgegevens uit teksten: elke regel JSON met 'text' krijgt 'redacted'."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True)
        parser.add_argument("--output", required=True)

    def handle(self, *args, input, output, **options):
        source = Path(input)
        if not source.exists():
            raise CommandError(f"Bestand niet gevonden: {source}")
        count = 0
        with source.open(encoding="utf-8") as fin, Path(output).open("w", encoding="utf-8") as fout:
            for number, line in enumerate(fin, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    text = item["text"]
                except (json.JSONDecodeError, KeyError, TypeError) as error:
                    raise CommandError(
                        f"regel {number}: geen JSON-object met 'text' ({error})"
                    ) from error
                item["redacted"] = redact(text)
                fout.write(json.dumps(item, ensure_ascii=False) + "\n")
                count += 1
        self.stdout.write(f"{count} teksten verwerkt.")

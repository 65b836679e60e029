import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from signals.redaction import redact
from signals.themes import classify


class Command(BaseCommand):
    help = (
        "Geef elke regel JSON met 'text' een 'regeling', 'onderwerp' en 'confidence'. "
        "Traint eerst een model uit de voorbeelden als er nog geen is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True)
        parser.add_argument("--output", required=True)
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, input, output, batch, **options):
        source = Path(input)
        if not source.exists():
            raise CommandError(f"Bestand niet gevonden: {source}")
        items = []
        with source.open(encoding="utf-8") as fin:
            for number, line in enumerate(fin, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    str(item["text"])
                except (json.JSONDecodeError, KeyError, TypeError) as error:
                    raise CommandError(
                        f"regel {number}: geen JSON-object met 'text' ({error})"
                    ) from error
                items.append(item)
        with Path(output).open("w", encoding="utf-8") as fout:
            for start in range(0, len(items), batch):
                chunk = items[start : start + batch]
                themes = classify([redact(str(item["text"])) for item in chunk])
                for item, theme in zip(chunk, themes, strict=True):
                    item["regeling"] = theme.regeling
                    item["onderwerp"] = theme.onderwerp
                    item["confidence"] = round(theme.confidence, 4)
                    fout.write(json.dumps(item, ensure_ascii=False) + "\n")
        self.stdout.write(f"{len(items)} teksten ingedeeld.")

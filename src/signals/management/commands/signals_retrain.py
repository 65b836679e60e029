from django.core.management.base import BaseCommand

from signals.themes import classifier_train


class Command(BaseCommand):
    help = "Train het themamodel opnieuw (voorbeelden plus alle thema's die leden kozen)."

    def handle(self, *args, **options):
        record = classifier_train()
        self.stdout.write(
            f"Model {record.version} actief ({record.n_examples} voorbeelden, "
            f"waarvan {record.n_member_labels} van leden)."
        )

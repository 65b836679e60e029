"""Advice attachments move from the public media folder to private storage under a random name:
an attachment of a draft advice could be fetched by anyone who guessed its media URL."""

import uuid
from pathlib import Path

from django.core.files.storage import storages
from django.db import migrations, models

import proposals.models


def move_to_private(apps, schema_editor):
    Attachment = apps.get_model("proposals", "AdviceAttachment")
    public, private = storages["default"], storages["private"]
    for attachment in Attachment.objects.exclude(file="").iterator():
        old = attachment.file.name
        if not public.exists(old):
            continue  # already gone (or already moved by an earlier, interrupted run)
        new = f"advices/attachments/{uuid.uuid4().hex}{Path(old).suffix.lower()}"
        with public.open(old, "rb") as handle:
            new = private.save(new, handle)
        Attachment.objects.filter(pk=attachment.pk).update(file=new)
        public.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_advice_answer_file"),
    ]

    operations = [
        migrations.AlterField(
            model_name="adviceattachment",
            name="file",
            field=models.FileField(
                storage=proposals.models._private_storage,
                upload_to=proposals.models._attachment_path,
                verbose_name="bestand",
            ),
        ),
        migrations.RunPython(move_to_private, migrations.RunPython.noop),
    ]

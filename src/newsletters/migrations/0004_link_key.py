"""Opaque links (issue 17): every subscriber gets a random key that the manage and unsubscribe
links name instead of their address. Added without the unique constraint, filled per row, then
made unique (a callable default gives every existing row the same value)."""

import secrets

from django.db import migrations, models

import newsletters.models


def fill_keys(apps, schema_editor):
    Subscriber = apps.get_model("newsletters", "Subscriber")
    for pk in Subscriber.objects.values_list("pk", flat=True).iterator():
        Subscriber.objects.filter(pk=pk).update(link_key=secrets.token_urlsafe(16))


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0003_plain_list_names")]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="link_key",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscriber",
            name="link_key",
            field=models.CharField(
                default=newsletters.models.new_link_key,
                editable=False,
                max_length=32,
                unique=True,
            ),
        ),
    ]

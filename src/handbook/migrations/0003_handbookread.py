# The version of a chapter a member marked as read. Until now a visit counted as reading: the
# version each member saw last becomes the version they read, so nobody loses their place.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def visits_to_reads(apps, schema_editor):
    HandbookVisit = apps.get_model("handbook", "HandbookVisit")
    HandbookRead = apps.get_model("handbook", "HandbookRead")
    HandbookRead.objects.bulk_create(
        [
            HandbookRead(
                user_id=visit.user_id,
                chapter_id=visit.chapter_id,
                revision_id=visit.revision_id,
                at=visit.at,
            )
            for visit in HandbookVisit.objects.iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('handbook', '0002_secondeditorapprovaltask'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HandbookRead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField()),
                ('chapter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='handbook.handbookchapter')),
                ('revision', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='handbook_reads', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('user', 'chapter'), name='handbook_read_once')],
            },
        ),
        migrations.RunPython(visits_to_reads, migrations.RunPython.noop),
    ]

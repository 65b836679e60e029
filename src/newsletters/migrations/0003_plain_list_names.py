"""Plain words on the public sign-up page (issue 14): "Voor achterbanorganisaties: Vakbond"
becomes "Voor organisaties: Vakbond" for the lists the sync made; renamed lists keep their name."""

from django.db import migrations

OLD, NEW = "Voor achterbanorganisaties: ", "Voor organisaties: "


def plain_names(apps, schema_editor):
    NewsList = apps.get_model("newsletters", "NewsList")
    for news_list in NewsList.objects.filter(name__startswith=OLD):
        name = NEW + news_list.name.removeprefix(OLD)
        if not NewsList.objects.filter(name=name).exists():
            news_list.name = name
            news_list.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0002_claims")]

    operations = [migrations.RunPython(plain_names, migrations.RunPython.noop)]

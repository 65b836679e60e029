"""The news index shows in the menu and the footer ("Nieuws", issue 14): on for the news
indexes that exist, as new ones get it by default."""

from django.db import migrations


def news_in_menus(apps, schema_editor):
    apps.get_model("publishing", "NewsIndexPage").objects.update(show_in_menus=True)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0002_newsindexpage_blogpost_newsitem_vlog")]

    operations = [migrations.RunPython(news_in_menus, migrations.RunPython.noop)]

from django.urls import path

from . import views, views_embed
from .feeds import NewsAtomFeed, NewsRSSFeed

app_name = "publishing"

urlpatterns = [
    path("nieuws/feed/rss/", NewsRSSFeed(), name="news_rss"),
    path("nieuws/feed/atom/", NewsAtomFeed(), name="news_atom"),
    path("nieuws/feed/<slug:council_slug>/rss/", NewsRSSFeed(), name="council_news_rss"),
    path("nieuws/feed/<slug:council_slug>/atom/", NewsAtomFeed(), name="council_news_atom"),
    path("nieuws/feed.json", views.json_feed, name="news_json"),
    path("nieuws/delen/mastodon/<int:page_id>/", views.share_mastodon, name="share_mastodon"),
    path("nieuws/blok/", views.news_block, name="news_block"),
    path("inbedden/nieuws/", views_embed.embed_news, name="embed_news"),
    path("inbedden/activiteiten/", views_embed.embed_activities, name="embed_activities"),
    path("inbedden/signaal/", views_embed.embed_signal, name="embed_signal"),
    path("agenda/openbaar.json", views_embed.activities_json, name="activities_json"),
    path("voor-webmasters/", views_embed.webmasters, name="embed_help"),
    path("nieuws/export/<int:page_id>.html", views.export_html, name="news_export_html"),
    path("nieuws/export/<int:page_id>.docx", views.export_docx, name="news_export_docx"),
]

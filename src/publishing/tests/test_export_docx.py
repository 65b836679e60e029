"""The staff-magazine article of a news item, blog or vlog as DOCX (issue 17): ours (author,
dates, Dutch), the picture with its alt text (not printed as a paragraph), live links, and a
vlog's link to its video. Read back with python-docx."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from common.site import page_full_url
from common.tests import docx_checks
from publishing.demo_news import demo_image
from publishing.models import Vlog
from publishing.tests.test_news import _document, _item

pytestmark = pytest.mark.django_db


def _export(client, roles, page) -> object:
    client.force_login(roles["editor"])
    response = client.get(f"/nieuws/export/{page.pk}.docx")
    assert response.status_code == 200
    return docx_checks.read(response.content)


def test_the_article_is_ours_with_alt_text_and_a_live_source_link(news, client, roles):
    page = _item(news, title="Voor het personeelsblad", image=demo_image())
    doc = _export(client, roles, page)
    docx_checks.assert_ours(doc)
    assert docx_checks.alt_texts(doc) == [page.alt_text]
    assert not any(page.alt_text in p.text for p in doc.paragraphs)
    assert (page_full_url(page), page_full_url(page)) in docx_checks.links(doc)


def _vlog(news, **fields):
    vlog = Vlog(title="Uitleg in beeld", intro="Een korte video.", **fields)
    news.add_child(instance=vlog)
    vlog.save_revision().publish()
    return vlog


def test_a_linked_vlog_links_to_its_video(news, client, roles):
    vlog = _vlog(news, embed_url="https://video.example/v/1", transcript="Welkom bij de raad.")
    doc = _export(client, roles, vlog)
    assert ("https://video.example/v/1", "https://video.example/v/1") in docx_checks.links(doc)
    assert any("Welkom bij de raad." in p.text for p in doc.paragraphs)


def test_an_uploaded_vlog_links_to_the_page_that_plays_it(news, client, roles):
    vlog = _vlog(news, video=_document("eigen.mp4"), captions=_document("eigen.vtt", b"WEBVTT\n"))
    doc = _export(client, roles, vlog)
    video = [p for p in doc.paragraphs if p.hyperlinks and "video" in p.text.lower()]
    assert video and video[0].hyperlinks[0].url == page_full_url(vlog)


def test_the_html_article_of_a_vlog_links_to_its_video(news, client, roles):
    vlog = _vlog(news, embed_url="https://video.example/v/2", transcript="Tekst.")
    client.force_login(roles["editor"])
    html = client.get(f"/nieuws/export/{vlog.pk}.html").content.decode()
    link = BeautifulSoup(html, "html.parser").find("a", href="https://video.example/v/2")
    assert link is not None and "video" in link.parent.get_text()

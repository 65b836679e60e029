"""Demo news: a news index with news items, blog posts and a vlog, tagged to councils. ("Word
raadslid" is a page of the recruitment app now.) No downloads: the image is drawn with Pillow.
Idempotent."""

from __future__ import annotations

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone

from councils.models import Council

from .models import BlogPost, NewsIndexPage, NewsItem, Vlog


def _rt(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


ITEMS = [
    (
        NewsItem,
        "brieven-van-uwv-worden-duidelijker",
        "Brieven van UWV worden duidelijker",
        "UWV herschrijft tien brieven over de WW. De cliëntenraden lazen mee.",
        ["centraal"],
        0,
        True,
    ),
    (
        BlogPost,
        "mijn-eerste-jaar-in-de-raad",
        "Mijn eerste jaar in de raad",
        "Een lid vertelt wat zij leerde in haar eerste jaar als lid van een cliëntenraad.",
        ["noord"],
        6,
        False,
    ),
    (
        NewsItem,
        "spreekuur-in-de-bibliotheek",
        "Spreekuur in de bibliotheek",
        "De raad houdt elke maand een spreekuur in de bibliotheek. U bent welkom.",
        ["noord", "limburg"],
        13,
        True,
    ),
    (
        BlogPost,
        "wat-doet-een-secretaris",
        "Wat doet een secretaris?",
        "Onze secretaris vertelt over het werk achter de schermen van de raad.",
        ["limburg"],
        21,
        False,
    ),
    (
        NewsItem,
        "advies-over-de-wachttijd-bij-de-wia",
        "Advies over de wachttijd bij de WIA",
        "De Centrale Cliëntenraad adviseert UWV over de lange wachttijd voor een keuring.",
        ["centraal"],
        30,
        False,
    ),
]

VLOG = {
    "slug": "vlog-zo-werkt-een-cliëntenraad",
    "title": "Vlog: zo werkt een cliëntenraad",
    "intro": "In drie minuten ziet u wat een cliëntenraad doet en hoe u mee kunt praten.",
    "embed_url": "https://video.example/v/zo-werkt-een-clientenraad",
    "transcript": "Welkom. Ik ben lid van de cliëntenraad.\n\n"
    "Wij praten met UWV over hoe het gaat voor cliënten. Wat gaat goed? Wat moet beter?\n\n"
    "Heeft u iets meegemaakt met UWV? Meld het op onze website.",
}


def demo_image():
    """A simple picture drawn here (no download), with its description as alt text."""
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    Image = get_image_model()
    existing = Image.objects.filter(title="Demo: cliëntenraad in gesprek").first()
    if existing:
        return existing
    picture = PILImage.new("RGB", (1200, 630), (0, 82, 147))
    draw = ImageDraw.Draw(picture)
    for i, colour in enumerate([(255, 204, 0), (255, 255, 255), (120, 190, 230)]):
        x = 250 + i * 300
        draw.ellipse((x - 90, 180, x + 90, 360), fill=colour)
        draw.rectangle((x - 110, 380, x + 110, 560), fill=colour)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return Image.objects.create(
        title="Demo: cliëntenraad in gesprek",
        description="Drie leden van een cliëntenraad aan tafel, getekend als figuren.",
        file=ImageFile(io.BytesIO(out.getvalue()), name="demo-nieuws.jpg"),
    )


def _councils(slugs):
    return list(Council.objects.filter(slug__in=slugs))


def load_news(home) -> NewsIndexPage:
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsIndexPage(
            title="Nieuws",
            slug="nieuws",
            intro="Nieuws, blogs en vlogs van de cliëntenraden.",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    if index.get_children().exists():
        return index
    image = demo_image()
    today = timezone.localdate()
    for model, slug, title, intro, councils, days_ago, with_image in ITEMS:
        page = model(
            title=title,
            slug=slug,
            intro=intro,
            date=today - datetime.timedelta(days=days_ago),
            image=image if with_image else None,
            body=[
                (
                    "paragraph",
                    _rt(
                        intro,
                        "Wilt u reageren? Meld een signaal of neem contact op met de raad bij u "
                        "in de buurt.",
                    ),
                )
            ],
        )
        page.councils.set(_councils(councils))
        index.add_child(instance=page)
        page.save_revision().publish()
    vlog = Vlog(
        title=VLOG["title"],
        slug="vlog-zo-werkt-een-clientenraad",
        intro=VLOG["intro"],
        date=today - datetime.timedelta(days=3),
        embed_url=VLOG["embed_url"],
        transcript=VLOG["transcript"],
        image=image,
        image_alt="Stilstaand beeld uit de vlog: drie leden van de raad aan tafel.",
    )
    vlog.councils.set(_councils(["noord", "centraal"]))
    index.add_child(instance=vlog)
    vlog.save_revision().publish()
    return index

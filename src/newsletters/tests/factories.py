from __future__ import annotations

import factory
from django.utils import timezone

from newsletters.models import Flash, NewsList, Subscriber


class NewsListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsList

    name = factory.Sequence(lambda n: f"Nieuws van lijst {n}")


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"abonnee{n}@example.org")
    confirmed_at = factory.LazyFunction(timezone.now)
    consent_text = "Ja, stuur mij de nieuwsflitsen."
    consent_at = factory.LazyFunction(timezone.now)
    consent_source = "/nieuwsflits/"

    @factory.post_generation
    def lists(self, create, extracted, **kwargs):
        if create and extracted:
            self.lists.add(*extracted)


class FlashFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flash
        skip_postgeneration_save = True

    subject = factory.Sequence(lambda n: f"Nieuwsflits {n}")
    intro = "Dit deden de raden deze maand."

    @factory.post_generation
    def lists(self, create, extracted, **kwargs):
        if create and extracted:
            self.lists.add(*extracted)


def news_item_with_image(index):
    """A published news item under ``index`` with a summary and an image with alt text, as a
    flash links it."""
    from publishing.demo_news import demo_image
    from publishing.models import NewsItem

    item = NewsItem(
        title="De raad sprak met de directie",
        intro="Wat de raad vroeg en wat de directie beloofde.",
        image=demo_image(),
        image_alt="Vijf raadsleden aan een lange tafel",
    )
    index.add_child(instance=item)
    item.save_revision().publish()
    return item

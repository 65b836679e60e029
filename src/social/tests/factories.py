from __future__ import annotations

import factory
from django.utils import timezone

from social.crypto import encrypt
from social.models import Channel, Post, Publication


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        exclude = ["secrets"]

    platform = Channel.Platform.MASTODON
    name = factory.Sequence(lambda n: f"Kanaal {n}")
    api_base = "http://127.0.0.1:9"  # nothing listens there: a test that forgets its fake fails
    account_name = "@raad@mastodon.example"
    secrets = factory.LazyAttribute(lambda o: {"access_token": "geheim-token"})
    credentials = factory.LazyAttribute(lambda o: encrypt(o.secrets))
    connected_at = factory.LazyFunction(timezone.now)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"Bericht {n}: de raad zoekt nieuwe leden.")

    @factory.post_generation
    def channels(self, create, extracted, **kwargs):
        if create and extracted:
            self.channels.add(*extracted)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    post = factory.SubFactory(PostFactory, status=Post.Status.SUBMITTED)
    channel = factory.SubFactory(ChannelFactory)
    text = factory.LazyAttribute(lambda o: o.post.text)
    next_attempt_at = factory.LazyFunction(timezone.now)

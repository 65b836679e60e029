"""Reads for the social media screens; a page's query count does not grow with its rows."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from .models import Attempt, Channel, Post, Publication


def posts_for_list(limit: int = 100):
    status = Publication.Status
    return (
        Post.objects.select_related("created_by", "page")
        .prefetch_related("channels")
        .annotate(
            n_published=Count("publications", filter=Q(publications__status=status.PUBLISHED)),
            n_waiting=Count(
                "publications",
                filter=Q(publications__status__in=[status.QUEUED, status.SENDING]),
            ),
            n_attention=Count(
                "publications",
                filter=Q(publications__status__in=[status.FAILED, status.UNKNOWN]),
            ),
        )
        .order_by("-created_at")[:limit]
    )


def channels_for_list():
    return Channel.objects.select_related("connected_by").order_by("platform", "name")


def publications_of(post: Post):
    return (
        post.publications.select_related("channel")
        .prefetch_related(Prefetch("tries", queryset=Attempt.objects.order_by("number")))
        .order_by("channel__platform", "channel__name")
    )


def attention_count() -> int:
    """Publications an editor must look at, for the dashboard panel."""
    return Publication.objects.filter(
        status__in=[Publication.Status.FAILED, Publication.Status.UNKNOWN]
    ).count()

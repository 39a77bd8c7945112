from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from apps.cms.models import FAQ, Banner, BlogPost, Page, PostStatus, Testimonial


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>Text.</p>"
    is_published = True


class BlogPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogPost

    title = factory.Sequence(lambda n: f"Post {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    excerpt = "Short."
    body = "<p>Long.</p>"
    status = PostStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class BannerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Banner

    headline = factory.Sequence(lambda n: f"Stay cool {n}")


class TestimonialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Testimonial

    client_name = factory.Sequence(lambda n: f"Client {n}")
    quote = "Quick, clean and on time."
    is_approved = True


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "<p>Answer.</p>"

"""Anonymous pages are cached, never stale after an edit through a domain
service, and never shared with signed-in people; a cached page carries the
current visitor's CSRF token, not a stranger's flash message."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import reverse

from apps.catalog import services as catalog
from apps.catalog.tests.factories import ServiceFactory
from apps.cms import services as cms
from apps.cms.tests.factories import BannerFactory, BlogPostFactory, PageFactory
from apps.portfolio import services as portfolio
from apps.portfolio.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_repeat_visit_is_served_from_the_cache(client, django_assert_num_queries):
    ServiceFactory.create_batch(3)
    first = client.get(reverse("public_site:services"))
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(reverse("public_site:services"))
    assert second["X-Cache"] == "hit"
    assert second["Content-Type"].startswith("text/html")


EDITS = {
    "service": (
        lambda: ServiceFactory(),
        lambda o: reverse("public_site:service", kwargs={"slug": o.slug}),
        lambda o, actor: catalog.update_service(service=o, actor=actor, name="Gas refill R32"),
        "Gas refill R32",
    ),
    "project": (
        lambda: ProjectFactory(),
        lambda o: reverse("public_site:project", kwargs={"slug": o.slug}),
        lambda o, actor: portfolio.update_project(project=o, actor=actor, title="Nyali hotel"),
        "Nyali hotel",
    ),
    "post": (
        lambda: BlogPostFactory(),
        lambda o: reverse("public_site:post", kwargs={"slug": o.slug}),
        lambda o, actor: cms.update_post(post=o, actor=actor, title="Dust and filters"),
        "Dust and filters",
    ),
    "page": (
        lambda: PageFactory(slug="about"),
        lambda o: reverse("public_site:about"),
        lambda o, actor: cms.update_page(page=o, actor=actor, title="About Cool-Light"),
        "About Cool-Light",
    ),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edit_is_visible_on_the_next_request(client, editor_user, kind):
    make, url_of, edit, expected = EDITS[kind]
    record = make()
    url = url_of(record)
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    edit(record, editor_user)
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert expected in response.content.decode()


def test_lists_and_home_follow_an_edit_too(client, editor_user):
    service = ServiceFactory(name="Duct cleaning")
    project = ProjectFactory(title="Kisumu clinic", is_featured=True)
    banner = BannerFactory(headline="Stay cool this season")
    for url in ("/", reverse("public_site:services"), reverse("public_site:portfolio")):
        client.get(url)
    catalog.update_service(service=service, actor=editor_user, name="Duct sanitising")
    portfolio.update_project(project=project, actor=editor_user, is_published=False)
    cms.update_banner(banner=banner, actor=editor_user, headline="Beat the heat")
    home = client.get("/").content.decode()
    assert "Beat the heat" in home and "Kisumu clinic" not in home
    assert "Duct sanitising" in client.get(reverse("public_site:services")).content.decode()
    assert "Kisumu clinic" not in client.get(reverse("public_site:portfolio")).content.decode()


def test_signed_in_people_are_never_served_the_cached_page(client, client_user):
    ServiceFactory()
    url = reverse("public_site:services")
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    client.force_login(client_user)
    response = client.get(url)
    assert "X-Cache" not in response
    assert "My account" in response.content.decode()
    client.logout()
    # …nor is what they saw stored for others.
    assert "My account" not in client.get(url).content.decode()


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page():
    url = reverse("public_site:contact")
    first, second = Client(), Client()
    first_html = first.get(url).content.decode()
    second_response = second.get(url)
    assert second_response["X-Cache"] == "hit"
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', second_response.content.decode()
    )
    assert token and token.group(1) != "__public_cache_csrf_token__"
    assert second.cookies["csrftoken"].value  # set for this visitor
    # The token in the cached page works for the second visitor's POST.
    checked = Client(enforce_csrf_checks=True)
    html = checked.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = checked.post(url, {"csrfmiddlewaretoken": token, "name": ""})
    assert response.status_code == 400  # a form error, not a CSRF refusal (403)
    assert "csrfmiddlewaretoken" in first_html


def test_a_flash_message_is_never_cached_for_others(client, rf):
    url = reverse("public_site:services")
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "You have signed out.")
    response = client.get("/")  # something to carry the cookie on
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    html = client.get(url).content.decode()
    assert "You have signed out." in html
    assert "You have signed out." not in Client().get(url).content.decode()


def test_the_cookie_banner_answer_is_part_of_the_key(client):
    url = reverse("public_site:faq")
    assert 'data-testid="cookie-banner"' in client.get(url).content.decode()
    answered = Client()
    answered.cookies["cookie_consent"] = "essential"
    assert 'data-testid="cookie-banner"' not in answered.get(url).content.decode()
    assert 'data-testid="cookie-banner"' in Client().get(url).content.decode()


def test_errors_and_redirects_are_not_cached(client):
    url = reverse("public_site:service", kwargs={"slug": "later"})
    assert client.get(url).status_code == 404
    ServiceFactory(slug="later")
    assert client.get(url).status_code == 200


def test_head_requests_are_answered_like_get(client):
    ServiceFactory()
    response = client.head(reverse("public_site:services"))
    assert response.status_code == 200 and response.content == b""
    assert client.post(reverse("public_site:services")).status_code == 405

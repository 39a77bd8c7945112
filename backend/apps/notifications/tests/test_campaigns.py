"""Campaigns: segments, batched expansion, rate-limited sending, progress."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.catalog.models import ServiceCategory
from apps.leads.models import Client
from apps.notifications import segments, services
from apps.notifications.models import CampaignStatus, Notification, NotificationStatus
from apps.notifications.selectors import campaign_progress
from apps.notifications.tests.factories import ClientFactory

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _campaign(actor, **kwargs):
    params = {
        "actor": actor,
        "name": "Hot season",
        "subject": "Service your AC, {{ client.name }}",
        "body": "Dear {{ client.name }},\n\nBook a service visit this month.",
    }
    params.update(kwargs)
    return services.create_campaign(**params)


def test_all_opted_in_segment_leaves_out_those_without_consent(admin_user):
    yes = ClientFactory.create_batch(3)
    ClientFactory(marketing_opt_in=False)
    ClientFactory(accepts_email=False)
    ClientFactory(email="")
    assert set(segments.segment_clients("all_opted_in", {})) == set(yes)


def test_service_category_segment(admin_user):
    category = ServiceCategory.objects.create(name="Cold rooms", slug="cold-rooms")
    inside = ClientFactory()
    inside.service_categories.add(category)
    ClientFactory()
    params = segments.clean_segment_params("service_category", {"category": str(category.pk)})
    assert list(segments.segment_clients("service_category", params)) == [inside]
    with pytest.raises(ValidationError):
        segments.clean_segment_params("service_category", {"category": "nope"})


def test_other_apps_can_register_a_segment(admin_user):
    chosen = ClientFactory(town="Kisumu")
    ClientFactory(town="Nairobi")
    segments.register_segment(
        segments.Segment(
            key="test_town",
            label="Clients in a town",
            params=(segments.SegmentParam("date_from", "From", "date"),),
            clients=lambda p: Client.objects.filter(town="Kisumu"),
        )
    )
    try:
        campaign = _campaign(
            admin_user, segment="test_town", segment_params={"date_from": "2026-03-01"}
        )
        assert list(segments.segment_clients(campaign.segment, campaign.segment_params)) == [chosen]
        with pytest.raises(ValidationError) as exc:
            _campaign(admin_user, segment="test_town", segment_params={"date_from": "soon"})
        assert "date_from" in exc.value.message_dict
    finally:
        segments._REGISTRY.pop("test_town")


def test_a_campaign_with_a_broken_body_or_unknown_segment_is_refused(admin_user):
    with pytest.raises(ValidationError) as exc:
        _campaign(admin_user, body="{% if %}", segment="nope")
    assert {"body", "segment"} <= set(exc.value.message_dict)


def test_campaign_is_expanded_in_batches_sent_at_its_rate_and_finishes(
    admin_user, settings, on_commit
):
    settings.NOTIFICATIONS_CAMPAIGN_BATCH = 4
    clients = ClientFactory.create_batch(10)
    ClientFactory(marketing_opt_in=False)
    campaign = _campaign(admin_user, rate_per_minute=6)  # one every 10 s
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        with on_commit():
            services.start_campaign(campaign=campaign, actor=admin_user)
        campaign.refresh_from_db()
        assert campaign.status == CampaignStatus.SENDING
        assert campaign.expansion_done and campaign.recipients_total == 10
        rows = Notification.objects.filter(campaign=campaign).order_by("next_attempt_at")
        assert rows.count() == 10
        gaps = {
            (b.next_attempt_at - a.next_attempt_at).total_seconds()
            for a, b in itertools.pairwise(rows)
        }
        assert gaps == {10.0}
        assert mail.outbox == []  # nothing before the sweeper runs

        services.sweep_outbox()
        assert len(mail.outbox) == 1  # only the first is due
        clock.move_to(start + dt.timedelta(seconds=35))
        services.sweep_outbox()
        progress = campaign_progress(campaign=campaign)
        assert progress["sent"] == 4 and progress["queued"] == 6 and progress["percent"] == 40

        clock.move_to(start + dt.timedelta(minutes=5))
        services.sweep_outbox()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT and campaign.finished_at
    assert len(mail.outbox) == 10
    assert {m.to[0].split("<")[1].strip(">") for m in mail.outbox} == {c.email for c in clients}
    first = mail.outbox[0]
    assert first.subject.startswith("Service your AC, ")
    assert "List-Unsubscribe" in first.extra_headers


def test_expanding_twice_queues_each_recipient_once(admin_user, settings):
    ClientFactory.create_batch(5)
    campaign = _campaign(admin_user)
    services.start_campaign(campaign=campaign, actor=admin_user)  # task not run (no commit)
    assert services.expand_campaign_batch(campaign_id=str(campaign.pk), batch_size=3) is True
    type(campaign).objects.filter(pk=campaign.pk).update(expanded_until="", recipients_total=0)
    services.expand_campaign_batch(campaign_id=str(campaign.pk), batch_size=10)
    assert Notification.objects.filter(campaign=campaign).count() == 5


def test_a_stalled_expansion_is_resumed_by_the_sweeper(admin_user):
    ClientFactory.create_batch(3)
    campaign = _campaign(admin_user)
    services.start_campaign(campaign=campaign, actor=admin_user)  # the task never ran
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=False):
        services.sweep_outbox()
    assert Notification.objects.filter(campaign=campaign).count() == 3


def test_cancelling_stops_what_is_still_queued(admin_user, on_commit):
    ClientFactory.create_batch(3)
    campaign = _campaign(admin_user, rate_per_minute=1)
    with on_commit():
        services.start_campaign(campaign=campaign, actor=admin_user)
    services.cancel_campaign(campaign=campaign, actor=admin_user)
    assert (
        Notification.objects.filter(campaign=campaign, status=NotificationStatus.CANCELLED).count()
        == 3
    )


def test_a_campaign_cannot_be_sent_twice_or_edited_after_sending(admin_user):
    ClientFactory()
    campaign = _campaign(admin_user)
    services.start_campaign(campaign=campaign, actor=admin_user)
    with pytest.raises(ValidationError):
        services.start_campaign(campaign=campaign, actor=admin_user)
    with pytest.raises(ValidationError):
        services.update_campaign(campaign=campaign, actor=admin_user, name="x")


def test_preview_and_test_send(admin_user, on_commit):
    ClientFactory(name="Achieng <b>Otieno</b>")
    campaign = _campaign(admin_user)
    preview = services.preview_campaign(campaign=campaign)
    assert "Achieng &lt;b&gt;Otieno&lt;/b&gt;" in preview.html
    assert "Book a service visit" in preview.text
    with on_commit():
        services.send_campaign_test(campaign=campaign, actor=admin_user)
    assert mail.outbox[0].to == [f"Amina Admin <{admin_user.email}>"]
    assert mail.outbox[0].subject.startswith("[TEST]")

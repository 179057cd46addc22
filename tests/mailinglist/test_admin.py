"""Campaigns and subscribers in the Wagtail admin: send, follow, permissions."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from mailinglist.models import Campaign, Delivery, Subscriber
from mailinglist.services import progress, with_progress
from tests.factories import UserFactory
from tests.smtp import smtp_server_down

pytestmark = pytest.mark.django_db

INDEX_URL = "/admin/newsletter/campaigns/"
ADD_URL = "/admin/newsletter/campaigns/new/"
SUBSCRIBERS_URL = "/admin/newsletter/subscribers/"


def staff_with(*codenames: str, email: str):
    """A staff user who may use the admin and has the given permissions."""
    user = UserFactory(email=email, is_staff=True)
    group, _created = Group.objects.get_or_create(name=f"Group of {email}")
    group.permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        ),
        *Permission.objects.filter(
            codename__in=codenames, content_type__app_label="mailinglist"
        ),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor(db):
    return staff_with("add_campaign", email="editor@example.org")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def outsider_client(client, db):
    """An editor who may use the admin but has no newsletter permission."""
    client.force_login(staff_with(email="outsider@example.org"))
    return client


@pytest.fixture
def audience(empty_list, make_subscriber) -> list[Subscriber]:
    """Two English readers of the news, plus people a filter must leave out."""
    wanted = [
        make_subscriber(email="one@example.org", language="en", interests=["news"]),
        make_subscriber(
            email="two@example.org", language="en", interests=["news", "stories"]
        ),
    ]
    make_subscriber(email="spanish@example.org", language="es", interests=["news"])
    make_subscriber(email="stories@example.org", language="en", interests=["stories"])
    make_subscriber(email="pending@example.org", confirmed=False, interests=["news"])
    return wanted


def choice(page, **extra) -> dict:
    """The POST data of the choose step: English readers of the news."""
    return {
        "page": str(page.pk),
        "subject": "",
        "languages": ["en"],
        "interests": ["news"],
        **extra,
    }


def send_token(response) -> str:
    return re.search(r'name="send_token" value="([^"]+)"', response.content.decode())[1]


@pytest.fixture
def confirm(editor_client, campaign_page, audience):
    """Reach the confirmation screen; returns (response, data to send)."""
    response = editor_client.post(ADD_URL, choice(campaign_page, action="review"))
    data = choice(campaign_page, action="send", send_token=send_token(response))
    return response, data


# -- the flow ------------------------------------------------------------------


def test_choose_step_offers_a_page_chooser_and_the_audience(editor_client):
    response = editor_client.get(ADD_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_page-chooser"' in content
    assert 'name="languages" value="es"' in content
    assert 'name="interests" value="workshops"' in content
    assert 'name="countries" value="BO"' in content


def test_confirmation_shows_how_many_subscribers_will_receive_it(confirm):
    response, _data = confirm
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-recipients="2"' in content
    assert "2 confirmed subscribers" in content
    assert "Send to 2 subscribers" in content
    assert "Return plans for 2026" in content


def test_confirmation_counts_everyone_when_no_filter_is_ticked(
    editor_client, campaign_page, audience
):
    response = editor_client.post(
        ADD_URL, {"page": campaign_page.pk, "action": "review"}
    )
    assert 'data-recipients="4"' in response.content.decode()


def test_reviewing_creates_nothing(confirm):
    assert not Campaign.objects.exists()
    assert mail.outbox == []


def test_test_email_goes_only_to_me_with_test_in_the_subject(
    editor_client, confirm, campaign_page
):
    _response, data = confirm
    response = editor_client.post(
        ADD_URL, {**data, "action": "test", "test_language": "en"}
    )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert mail.outbox[0].subject.startswith("[TEST] ")
    assert "Return plans for 2026" in mail.outbox[0].body
    assert "A test copy was sent to editor@example.org." in response.content.decode()
    assert not Campaign.objects.exists()
    assert not Delivery.objects.exists()


def test_test_email_reaches_a_real_smtp_server(editor_client, confirm, smtp_server):
    _response, data = confirm
    editor_client.post(ADD_URL, {**data, "action": "test", "test_language": "en"})
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received.rcpt_tos == ["editor@example.org"]
    assert received.message["Subject"].startswith("[TEST] ")


def test_test_email_failure_is_reported_and_changes_nothing(editor_client, confirm):
    _response, data = confirm
    with smtp_server_down():
        response = editor_client.post(
            ADD_URL, {**data, "action": "test", "test_language": "en"}
        )
    assert response.status_code == 503
    assert "The test email could not be sent" in response.content.decode()
    assert not Campaign.objects.exists()


def test_send_creates_the_campaign_and_one_delivery_each(
    editor_client, editor, confirm, audience, django_capture_on_commit_callbacks
):
    _response, data = confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(ADD_URL, data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/newsletter/campaigns/{campaign.pk}/"
    assert campaign.created_by == editor
    assert (campaign.languages, campaign.interests, campaign.countries) == (
        ["en"],
        ["news"],
        [],
    )
    assert sorted(
        campaign.deliveries.values_list("subscriber__email", flat=True)
    ) == sorted(s.email for s in audience)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in audience)


def test_repeated_send_post_creates_one_campaign_and_sends_once(
    editor_client, confirm, django_capture_on_commit_callbacks
):
    _response, data = confirm
    with django_capture_on_commit_callbacks(execute=True):
        first = editor_client.post(ADD_URL, data)
    with django_capture_on_commit_callbacks(execute=True):
        second = editor_client.post(ADD_URL, data)
    assert Campaign.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Delivery.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_new_confirmation_may_send_the_same_page_again(
    editor_client, confirm, campaign_page, django_capture_on_commit_callbacks
):
    _response, data = confirm
    editor_client.post(ADD_URL, data)
    again = editor_client.post(ADD_URL, choice(campaign_page, action="review"))
    editor_client.post(
        ADD_URL, {**data, "send_token": send_token(again), "send_again": "1"}
    )
    assert Campaign.objects.count() == 2


def already_received(response) -> int | None:
    found = re.search(r'data-already-received="(\d+)"', response.content.decode())
    return int(found[1]) if found else None


def test_a_second_send_to_those_who_received_it_warns_with_the_overlap(
    editor_client,
    confirm,
    campaign_page,
    make_subscriber,
    django_capture_on_commit_callbacks,
):
    response, data = confirm
    assert already_received(response) is None  # nobody has it yet
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(ADD_URL, data)
    assert len(mail.outbox) == 2
    # A newcomer joins the audience: 3 would receive it, 2 of them twice.
    make_subscriber(email="three@example.org", language="en", interests=["news"])
    review = editor_client.post(ADD_URL, choice(campaign_page, action="review"))
    assert already_received(review) == 2
    assert 'name="send_again"' in review.content.decode()

    # Without the explicit tick: refused, nothing created, nothing sent.
    refused = editor_client.post(ADD_URL, {**data, "send_token": send_token(review)})
    assert refused.status_code == 400
    assert already_received(refused) == 2
    assert Campaign.objects.count() == 1
    assert len(mail.outbox) == 2

    # With it: sent to all three.
    with django_capture_on_commit_callbacks(execute=True):
        sent = editor_client.post(
            ADD_URL,
            {**data, "send_token": send_token(review), "send_again": "1"},
        )
    assert sent.status_code == 302
    assert Campaign.objects.count() == 2
    assert len(mail.outbox) == 5


def test_another_page_to_the_same_audience_does_not_warn(
    editor_client,
    confirm,
    make_standard_page,
    django_capture_on_commit_callbacks,
):
    _response, data = confirm
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(ADD_URL, data)
    other = make_standard_page(title="Another article", slug="another-article")
    review = editor_client.post(ADD_URL, choice(other, action="review"))
    assert review.status_code == 200
    assert already_received(review) is None


def test_send_with_a_tampered_token_creates_nothing(editor_client, confirm):
    _response, data = confirm
    response = editor_client.post(
        ADD_URL, {**data, "send_token": "x" + data["send_token"]}
    )
    assert response.status_code == 400
    assert "confirm again" in response.content.decode()
    assert not Campaign.objects.exists()


def test_send_to_nobody_is_refused(editor_client, campaign_page, audience):
    review = editor_client.post(
        ADD_URL, choice(campaign_page, action="review", languages=["it"])
    )
    assert 'data-recipients="0"' in review.content.decode()
    assert "Send to" not in review.content.decode()
    response = editor_client.post(
        ADD_URL,
        choice(
            campaign_page,
            action="send",
            languages=["it"],
            send_token=send_token(
                editor_client.post(ADD_URL, choice(campaign_page, action="review"))
            ),
        ),
    )
    assert response.status_code == 400
    assert not Campaign.objects.exists()


def test_draft_page_cannot_be_sent(editor_client, make_standard_page, audience):
    draft = make_standard_page(title="Not yet", slug="not-yet")
    draft.unpublish()
    response = editor_client.post(ADD_URL, choice(draft, action="review"))
    assert response.status_code == 400
    assert "Choose a published page" in response.content.decode()


@pytest.mark.parametrize(
    "field, value",
    [
        ("page", "not-a-number"),
        ("page", "999999"),
        ("page", "9" * 30),
        ("languages", "xx"),
        ("interests", "lottery"),
        ("countries", "FR"),
        ("subject", "s" * 201),
    ],
)
def test_bad_choice_is_refused_and_creates_nothing(
    editor_client, campaign_page, audience, field, value
):
    data = choice(campaign_page, action="send", send_token="whatever")
    data[field] = value
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 400
    assert not Campaign.objects.exists()


def test_change_returns_to_the_choice_with_it_filled_in(
    editor_client, confirm, campaign_page
):
    _response, data = confirm
    response = editor_client.post(ADD_URL, {**data, "action": "change"})
    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'value="en"[^>]*checked', content)
    assert f'value="{campaign_page.pk}"' in content


# -- progress ------------------------------------------------------------------


@pytest.fixture
def campaign_in_progress(make_campaign, make_subscriber, editor) -> Campaign:
    """A campaign being sent: 3 sent, 1 failed, 1 skipped, 2 waiting."""
    campaign = make_campaign(status=Campaign.Status.SENDING, created_by=editor)
    statuses = ["sent"] * 3 + ["failed", "skipped"] + ["pending"] * 2
    for status in statuses:
        Delivery.objects.create(
            campaign=campaign, subscriber=make_subscriber(), status=status
        )
    return campaign


def test_progress_is_counted_in_one_query(
    campaign_in_progress, django_assert_num_queries
):
    with django_assert_num_queries(1):
        figures = progress(campaign_in_progress)
    assert figures == {"sent": 3, "failed": 1, "skipped": 1, "pending": 2, "total": 7}


def test_campaign_list_figures_come_with_the_campaigns_in_one_query(
    campaign_in_progress, make_campaign, django_assert_num_queries
):
    make_campaign()
    with django_assert_num_queries(1):
        campaigns = list(with_progress(Campaign.objects.order_by("pk")))
    figures = [
        (c.sent_count, c.failed_count, c.skipped_count, c.total_count)
        for c in campaigns
    ]
    assert figures == [(3, 1, 1, 7), (0, 0, 0, 0)]


def test_detail_page_shows_progress_and_refreshes_while_sending(
    editor_client, editor, campaign_in_progress
):
    response = editor_client.get(f"{INDEX_URL}{campaign_in_progress.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    for name, value in [("sent", 3), ("failed", 1), ("skipped", 1), ("total", 7)]:
        assert f'<dd data-figure="{name}">{value}</dd>' in content
    assert '<progress max="7" value="5">' in content
    assert '<meta http-equiv="refresh" content="5">' in content
    assert f"<dd>{escape(editor.get_full_name())}</dd>" in content  # who sent it


def test_detail_page_stops_refreshing_once_sent(editor_client, campaign_in_progress):
    Campaign.objects.filter(pk=campaign_in_progress.pk).update(
        status=Campaign.Status.SENT
    )
    content = editor_client.get(f"{INDEX_URL}{campaign_in_progress.pk}/").content
    assert b'http-equiv="refresh"' not in content


def test_campaign_list_shows_each_campaign_with_its_figures(
    editor_client, campaign_in_progress
):
    response = editor_client.get(INDEX_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Return plans for 2026" in content
    assert f"{INDEX_URL}{campaign_in_progress.pk}/" in content
    assert "Sending" in content


def test_resume_sends_the_rest_and_nobody_twice(
    editor_client, campaign_in_progress, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"{INDEX_URL}{campaign_in_progress.pk}/resume/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2  # the two waiting deliveries only
    assert not campaign_in_progress.deliveries.filter(status="pending").exists()


# -- permissions ---------------------------------------------------------------


def test_menu_shows_the_newsletter_to_an_editor_who_may_send(editor_client):
    content = editor_client.get("/admin/").content.decode()
    assert INDEX_URL in content
    assert SUBSCRIBERS_URL not in content  # sending does not show the people


def test_menu_hides_the_newsletter_from_an_editor_without_permission(outsider_client):
    content = outsider_client.get("/admin/").content.decode()
    assert "/admin/newsletter/" not in content


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", INDEX_URL),
        ("get", ADD_URL),
        ("post", ADD_URL),
        ("get", "{campaign}"),
        ("post", "{campaign}resume/"),
        ("get", SUBSCRIBERS_URL),
    ],
)
def test_editor_without_permission_gets_403(
    outsider_client, make_campaign, campaign_page, method, url
):
    campaign = make_campaign()
    url = url.format(campaign=f"{INDEX_URL}{campaign.pk}/")
    response = getattr(outsider_client, method)(
        url, choice(campaign_page, action="send") if method == "post" else None
    )
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()
    assert Campaign.objects.count() == 1


def test_viewer_follows_campaigns_but_cannot_send(client, campaign_in_progress):
    client.force_login(staff_with("view_campaign", email="viewer@example.org"))
    assert client.get(INDEX_URL).status_code == 200
    assert client.get(f"{INDEX_URL}{campaign_in_progress.pk}/").status_code == 200
    assert client.get(ADD_URL).status_code == 403


def test_subscribers_are_listed_for_those_who_may_view_them(client, audience):
    client.force_login(staff_with("view_subscriber", email="dpo@example.org"))
    response = client.get(SUBSCRIBERS_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "one@example.org" in content
    assert "pending@example.org" in content
    assert "/admin/newsletter/campaigns/" not in content  # no campaign permission


def test_subscriber_list_is_hidden_from_campaign_senders(editor_client, audience):
    assert editor_client.get(SUBSCRIBERS_URL).status_code == 403


def test_subscribers_filter_by_interest_and_status(client, audience):
    client.force_login(staff_with("view_subscriber", email="dpo@example.org"))
    content = client.get(
        SUBSCRIBERS_URL, {"interest": "stories", "status": "confirmed"}
    ).content.decode()
    assert "two@example.org" in content
    assert "stories@example.org" in content
    assert "one@example.org" not in content
    assert "pending@example.org" not in content


def test_subscribers_filter_by_country_of_interest_or_residence(
    client, audience, make_subscriber
):
    make_subscriber(email="bolivia@example.org", countries=["BO", "PE"])
    make_subscriber(email="in-spain@example.org", residence_country="ES")
    client.force_login(staff_with("view_subscriber", email="dpo@example.org"))
    bolivia = client.get(SUBSCRIBERS_URL, {"country": "BO"}).content.decode()
    spain = client.get(SUBSCRIBERS_URL, {"country": "ES"}).content.decode()
    assert "bolivia@example.org" in bolivia
    assert "in-spain@example.org" not in bolivia
    assert "in-spain@example.org" in spain
    assert "one@example.org" not in spain


def test_subscribers_search_by_address(client, audience):
    client.force_login(staff_with("view_subscriber", email="dpo@example.org"))
    content = client.get(SUBSCRIBERS_URL, {"q": "spanish"}).content.decode()
    assert "spanish@example.org" in content
    assert "one@example.org" not in content


def test_subscriber_list_has_no_add_or_edit_views(admin_client, audience):
    assert admin_client.get(SUBSCRIBERS_URL).status_code == 200
    missing = admin_client.get(SUBSCRIBERS_URL + "new/", follow=True)
    assert missing.status_code == 404
    assert admin_client.get(reverse("newsletter_campaigns:index")).status_code == 200

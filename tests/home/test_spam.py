"""``home.spam``: the honeypot and the rate limit of every public form."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

import home.demo_questions
from home import spam
from mailinglist.forms import SubscribeForm

ACTION = "test_action"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def questions_page(home_page):
    return home.demo_questions.load()


@pytest.fixture
def request_from():
    def make(address: str = "192.0.2.10"):
        return RequestFactory().post("/", REMOTE_ADDR=address)

    return make


@pytest.mark.parametrize(
    ("text", "rates"),
    [
        ("5/10m", [spam.Rate(5, 600)]),
        ("3/h, 10/d", [spam.Rate(3, 3600), spam.Rate(10, 86400)]),
        ("1/s", [spam.Rate(1, 1)]),
        ("", []),
    ],
)
def test_parse_rates(text, rates):
    assert spam.parse_rates(text) == rates


@pytest.mark.parametrize("text", ["5", "5/week", "five/m", "5/m/ip"])
def test_malformed_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured):
        spam.parse_rates(text)


def test_allows_the_rate_then_refuses(settings, request_from):
    settings.FORM_RATE_LIMITS = {ACTION: "2/m"}
    results = [spam.allow(request_from(), ACTION) for _ in range(3)]
    assert results == [True, True, False]


def test_counts_each_client_address_apart(settings, request_from):
    settings.FORM_RATE_LIMITS = {ACTION: "1/m"}
    assert spam.allow(request_from("192.0.2.1"), ACTION)
    assert spam.allow(request_from("192.0.2.2"), ACTION)
    assert not spam.allow(request_from("192.0.2.1"), ACTION)


def test_counts_a_key_apart_from_the_address(settings, request_from):
    settings.FORM_RATE_LIMITS = {ACTION: "1/h"}
    request = request_from()
    assert spam.allow(request, ACTION, key="a@example.org")
    assert spam.allow(request, ACTION, key="b@example.org")
    assert not spam.allow(request, ACTION, key="a@example.org")


def test_every_rate_of_an_action_counts(settings, request_from):
    settings.FORM_RATE_LIMITS = {ACTION: "5/m,2/h"}
    assert [spam.allow(request_from(), ACTION) for _ in range(3)] == [True, True, False]


def test_address_behind_a_trusted_proxy_is_the_client_one(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.FORM_RATE_LIMITS = {ACTION: "1/m"}
    factory = RequestFactory()

    def through_proxy(client: str):
        return factory.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client)

    assert spam.allow(through_proxy("198.51.100.1"), ACTION)
    assert spam.allow(through_proxy("198.51.100.2"), ACTION)
    assert not spam.allow(through_proxy("198.51.100.1"), ACTION)


def test_cache_keys_hold_no_address(settings, request_from):
    settings.FORM_RATE_LIMITS = {ACTION: "1/m"}
    spam.allow(request_from("192.0.2.99"), ACTION, key=None)
    spam.allow(request_from(), ACTION, key="someone@example.org")
    keys = list(cache._cache.keys())  # locmem: the keys as stored
    assert keys
    assert not any("192.0.2.99" in key or "someone@" in key for key in keys)


@pytest.mark.parametrize(
    "options",
    [{}, {"IGNORE_EXCEPTIONS": True}],
    ids=["the cache raises", "the cache swallows its errors"],
)
def test_cache_down_lets_people_through(settings, request_from, options):
    settings.FORM_RATE_LIMITS = {ACTION: "1/m"}
    dead_redis = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on port 9
            "OPTIONS": options,
        }
    }
    with override_settings(CACHES=dead_redis):
        assert [spam.allow(request_from(), ACTION) for _ in range(3)] == [True] * 3


def test_too_many_requests_is_a_429_with_retry_after(settings, request_from, db):
    settings.FORM_RATE_LIMITS = {ACTION: "1/m,5/h"}
    response = spam.too_many_requests(request_from(), ACTION)
    response.render()
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"


def test_honeypot_is_one_field_last_in_every_public_form(questions_page):
    assert list(SubscribeForm().fields)[-1] == spam.HONEYPOT_FIELD
    fields = list(questions_page.get_form_class()().fields)
    assert len(fields) > 1
    assert fields[-1] == spam.HONEYPOT_FIELD


@pytest.mark.parametrize(
    ("value", "robot"), [("", False), ("   ", False), ("http://spam", True)]
)
def test_is_robot(value, robot):
    assert spam.is_robot({spam.HONEYPOT_FIELD: value}) is robot
    assert spam.is_robot({}) is False

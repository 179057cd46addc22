"""``/healthz`` for load balancers, and the headers every response carries."""

import json

import pytest
from django.db import connections
from django.test import override_settings

from tests.portal.test_outages import cache_at, free_port
from tests.redis_server import REDIS_URL, needs_redis

pytestmark = pytest.mark.django_db


def health(client, **extra):
    response = client.get("/healthz", **extra)
    return response.status_code, json.loads(response.content)


def test_healthy_with_the_memory_cache(client):
    assert health(client) == (
        200,
        {"status": "ok", "database": "ok", "cache": "ok"},
    )


@needs_redis
def test_healthy_with_redis(client):
    with cache_at(REDIS_URL):
        assert health(client)[0] == 200


def test_503_names_the_cache_when_it_is_down(client):
    with cache_at(f"redis://127.0.0.1:{free_port()}/0"):
        status, body = health(client)
        # Still down on the next probe, now without waiting for Redis.
        assert health(client) == (status, body)
    assert status == 503
    assert body == {"status": "unavailable", "database": "ok", "cache": "unreachable"}


def test_a_503_does_not_fill_the_log(client, caplog):
    """The load balancer probes every few seconds through an outage."""
    with cache_at(f"redis://127.0.0.1:{free_port()}/0"):
        for _probe in range(3):
            assert health(client)[0] == 503
    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_503_names_the_database_when_it_is_down(client, monkeypatch):
    connection = connections["default"]

    def refuse(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    status, body = health(client)
    assert status == 503
    assert body["database"] == "unreachable"
    assert "refused" not in json.dumps(body)  # details go to the log only


@override_settings(
    SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["portal.example.org"], DEBUG=False
)
def test_not_redirected_to_https_nor_refused_for_its_host(client):
    """A load balancer probes over plain HTTP by the machine's address."""
    assert client.get("/en/", HTTP_HOST="portal.example.org").status_code == 301
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize(
    "url", ["/en/", "/admin/login/", "/healthz", "/en/no-such-page/", "/robots.txt"]
)
def test_permissions_policy_on_every_response(client, url, home_page):
    policy = client.get(url)["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy
    assert "microphone=()" in policy and "payment=()" in policy

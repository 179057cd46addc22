"""A cache server that is down, slow or restarted: the site answers as usual.

The cache is the production one (``portal.cache.FailoverRedisCache`` with
the timeouts of ``portal.settings.base``), pointed at a closed port, at a
server that accepts connections and never answers, or at a real Redis
server this test starts and stops.
"""

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import redis
from django.core.cache import cache, caches
from django.test import override_settings
from wagtail.models import Page

from portal.cache import FailoverRedisCache
from tests.factories import UserFactory, VerifiedUserFactory
from tests.silent_server import SilentServer

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cache_settings(url: str, **options) -> dict:
    from portal.settings import base

    production = {
        "BACKEND": "portal.cache.FailoverRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "outage-test",
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": base.CACHE_TIMEOUT,
            "SOCKET_TIMEOUT": base.CACHE_TIMEOUT,
            "FAILOVER_SECONDS": 5,
            **options,
        },
    }
    return {"default": production}


@contextmanager
def cache_at(url: str, **options):
    with override_settings(CACHES=cache_settings(url, **options)):
        assert isinstance(caches["default"], FailoverRedisCache)
        yield caches["default"]


def public_page_urls() -> list[str]:
    """Every live public page of the demo site, in every language."""
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    urls = [page.get_url() for page in pages]
    assert len(urls) > 40 and all(urls)
    return urls


OTHER_URLS = [
    "/en/search/?q=return",
    "/es/search/?q=retorno",
    "/en/newsletter/",
    "/en/accounts/login/",
    "/en/accounts/signup/",
    "/en/accounts/password/reset/",
    "/sitemap.xml",
    "/robots.txt",
]


def assert_the_site_answers(client) -> None:
    failures = {}
    for url in public_page_urls() + OTHER_URLS:
        response = client.get(url)
        if response.status_code != 200:
            failures[url] = response.status_code
    assert failures == {}


def test_every_page_answers_with_the_cache_server_down(client, demo_content, caplog):
    with cache_at(f"redis://127.0.0.1:{free_port()}/0"):
        assert_the_site_answers(client)
    assert "Cache server unreachable" in caplog.text


def test_login_and_its_rate_limit_work_with_the_cache_server_down(client, demo_content):
    """allauth's lockout still counts (in the process's memory), and a right
    password still logs in: the outage neither locks everybody out nor lifts
    the limits."""
    VerifiedUserFactory(email="person@example.org", password="right-password-123")
    with cache_at(f"redis://127.0.0.1:{free_port()}/0"):
        response = client.post(
            "/en/accounts/login/",
            {"login": "person@example.org", "password": "right-password-123"},
        )
        assert response.status_code == 302
        assert client.get("/en/accounts/profile/").status_code == 200
        client.logout()
        messages = []
        for _ in range(6):
            response = client.post(
                "/en/accounts/login/",
                {"login": "person@example.org", "password": "wrong"},
            )
            messages.append(response.content.decode())
        assert "Too many failed login attempts" in messages[-1]
        assert "Too many failed login attempts" not in messages[0]


def test_a_hung_cache_server_costs_one_timeout_then_is_left_alone(client, demo_content):
    """A server that accepts and never answers: every page still answers,
    and the process waits for it once, not once per cache call."""
    server = SilentServer()
    try:
        with cache_at(f"redis://127.0.0.1:{server.port}/0", FAILOVER_SECONDS=3600):
            assert_the_site_answers(client)
        assert len(server.connections) == 1
    finally:
        server.close()


def test_sessions_survive_a_cache_outage(client, demo_content):
    """Sessions are in the database: a person logged in before the outage is
    still logged in during it, and logging out during it ends the session
    for good once the cache is back."""
    user = UserFactory(email="session@example.org")
    client.force_login(user)
    with cache_at(f"redis://127.0.0.1:{free_port()}/0"):
        assert client.get("/en/accounts/profile/").status_code == 200
        client.post("/en/accounts/logout/")
    assert client.get("/en/accounts/profile/").status_code == 302


@pytest.fixture
def redis_server():
    """A real Redis server of this test's own, which it can stop and start."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs redis-server (Debian package redis-server)")
    port = free_port()

    class Server:
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self) -> None:
            self.process = subprocess.Popen(
                [binary, "--port", str(port), "--bind", "127.0.0.1"]
                + ["--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )
            client = redis.Redis(port=port)
            for _ in range(100):
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    time.sleep(0.05)
            raise RuntimeError("redis-server did not start")

        def stop(self) -> None:
            self.process.terminate()
            self.process.wait(10)

        def direct(self) -> redis.Redis:
            return redis.Redis(port=port)

    server = Server()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_redis_is_used_again_once_it_is_back(redis_server):
    with cache_at(redis_server.url, FAILOVER_SECONDS=0.2) as backend:
        backend.set("before", "in redis", 60)
        assert redis_server.direct().keys("*before")
        redis_server.stop()
        backend.set("during", "in memory", 60)  # no error
        assert backend.get("during") == "in memory"
        assert backend.redis_is_out
        redis_server.start()
        time.sleep(0.3)
        assert not backend.redis_is_out
        backend.set("after", "in redis", 60)
        assert backend.get("after") == "in redis"
        assert redis_server.direct().keys("*after")
        # What went to memory during the outage is not in the new Redis.
        assert backend.get("during") is None


def test_the_cache_proxy_follows_the_settings():
    """The check above is on the cache the site's code uses."""
    with cache_at(f"redis://127.0.0.1:{free_port()}/0") as backend:
        cache.set("key", "value")
        assert backend.standin.get("key") == "value"

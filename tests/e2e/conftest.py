"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test under tests/e2e is marked ``e2e`` (``pytest -m "not e2e"`` leaves them
out). Playwright's own browser download is not used: Chromium is launched from
``CHROMIUM_PATH`` (default ``/usr/bin/chromium``), and the tests are skipped, with
the reason shown, only when that executable is missing.
"""

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from .helpers import DESKTOP, PHONE, PageWatcher, assert_no_serious_axe_violations

# Playwright's sync API keeps an asyncio loop running in the main thread for as
# long as it is open, and Django then refuses ORM calls from that thread
# (SynchronousOnlyOperation), fixtures included. The tests never use the ORM
# while a browser call is in flight, so the documented escape hatch is safe. It
# must be set before any test runs, hence at import time.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

__all__ = ["assert_no_serious_axe_violations"]

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Room for a cold first request (template and image rendition caches), short
# enough that a hang fails fast instead of stalling the run.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


# --- Browser -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM_PATH).is_file():
        pytest.skip(
            f"Chromium not found at {CHROMIUM_PATH}; install Debian's chromium "
            "package (apt-get install chromium) or point CHROMIUM_PATH at one"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _open_context(browser: Browser, **options) -> BrowserContext:
    options.setdefault("viewport", PHONE)
    options.setdefault("locale", "en-GB")
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def new_context(browser) -> Iterator[Callable[..., BrowserContext]]:
    """Factory for more contexts (JavaScript off, other locale...), closed after.

    Keyword arguments go to ``Browser.new_context``; the viewport defaults to a
    phone (390x844).
    """
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        context = _open_context(browser, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    """A fresh page, phone-sized (390x844), in a context of its own."""
    context = _open_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser) -> Iterator[Page]:
    """A fresh page, desktop-sized (1280x800), in a context of its own."""
    context = _open_context(browser, viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def watcher(page) -> PageWatcher:
    """Records ``page``'s console errors and requests from before its first visit."""
    return PageWatcher().attach(page)


# --- Server and content ----------------------------------------------------------


@pytest.fixture
def demo_site(transactional_db, django_db_serialized_rollback, live_server) -> str:
    """The demo content, visible to the live server's thread; returns the server URL.

    ``transactional_db`` commits for real, so that the server thread's connection
    sees the pages, and empties every table after the test. The serialized
    rollback then restores what the migrations had created (Wagtail's root page,
    default locale and site), which the next test's demo content builds on.
    """
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server.url

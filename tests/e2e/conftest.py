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
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.db_snapshot import TableCopy

from .helpers import DESKTOP, PHONE, PageWatcher, assert_no_serious_axe_violations

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


def _missing_chromium() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if Path(CHROMIUM_PATH).is_file():
        return None
    return (
        f"Chromium not found at {CHROMIUM_PATH}; install Debian's chromium "
        "package (apt-get install chromium) or point CHROMIUM_PATH at one"
    )


def pytest_collection_modifyitems(config, items):
    """Mark the tests of this folder ``e2e``; skip them at once without Chromium."""
    missing = _missing_chromium()
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if missing:
                # Before any fixture runs: no test database is built for nothing.
                item.add_marker(pytest.mark.skip(reason=missing))


# --- Browser -------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Debian's Chromium (or CHROMIUM_PATH); the one reason these tests may skip."""
    missing = _missing_chromium()
    if missing:
        pytest.skip(missing)
    return CHROMIUM_PATH


@pytest.fixture(scope="package")
def browser(
    chromium_executable, django_db_setup, django_db_blocker
) -> Iterator[Browser]:
    """Chromium, launched once for the tests of this folder.

    Playwright's sync API keeps an asyncio loop running in the main thread for
    as long as it is open, which has two effects on Django in that thread:

    - ORM calls raise SynchronousOnlyOperation. The tests never touch the
      database while a browser call is in flight, so the documented escape
      hatch, DJANGO_ALLOW_ASYNC_UNSAFE, is safe; it is set only while the
      browser is open (package scope), because set for the whole session it
      would reach every other test and the subprocesses they start (``manage.py
      check --deploy`` then fails with async.E001).
    - asgiref's thread-critical Local hands out *new* connection objects,
      distinct from those the test databases were set up with. They miss
      ``_test_serialized_contents``, so the serialized rollback of
      ``demo_site`` would silently restore nothing: carry it over. Hence the
      dependency on ``django_db_setup``, which must run before the loop starts.
    """
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Close the loop-side connections while they are still reachable, or
        # PostgreSQL refuses to drop a test database that is still in use.
        with django_db_blocker.unblock():
            connections.close_all()


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


@pytest.fixture(scope="package")
def demo_tables(browser, django_db_blocker) -> Iterator[TableCopy]:
    """The demo site's tables, copied once for the tests of this folder.

    The run starts with the demo site built once for all tests (see
    tests/conftest.py; the loaders do nothing when it is there). Each browser
    test commits for real and its database is emptied afterwards, so each
    starts by putting the copy back (a tenth of a second; rebuilding the demo
    took five). After the last test here the demo site is put back for the
    tests that follow. (Depends on ``browser`` so that it runs while the
    loop-side connections are open.)
    """
    with django_db_blocker.unblock():
        call_command("load_demo_content", stdout=io.StringIO())
        tables = TableCopy()
        tables.take()
    yield tables
    with django_db_blocker.unblock():
        tables.restore()
        tables.drop()


@pytest.fixture
def demo_site(demo_tables, transactional_db, live_server, settings) -> str:
    """The demo content, visible to the live server's thread; returns the server URL.

    ``transactional_db`` commits for real, so that the server thread's connection
    sees the pages, and empties every table after the test.

    The test settings keep uploads on disk, where the live server serves them.
    ``SITE_URL`` is the live server's, as it is the public site's in
    production: the links in emails and feeds lead back to it.
    """
    demo_tables.restore()
    settings.SITE_URL = live_server.url
    return live_server.url

import io
import shutil
from pathlib import Path

import PIL.Image
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from home.models import HomePage, StandardPage

from .db_snapshot import TableCopy
from .factories import StandardPageFactory, UserFactory

# Workshop fixtures (workshop_index, make_workshop, make_user, booker,
# coordinator) are used by the workshops, accounts and admin tests.
pytest_plugins = ["tests.workshop_fixtures", "tests.skips"]

# Pages whose images are rendered once for the whole run (renditions are slow).
WARM_UP_URLS = ["/en/", "/en/about/", "/en/news/", "/en/stories/", "/en/countries/"]


def fresh_media_folder() -> None:
    """Empty the test media folder (a new database has no images yet)."""
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)


def redraw_missing_originals() -> int:
    """Give every image whose file is gone (a kept database, a cleaned folder) a
    plain picture of its size again, and drop the renditions to remake them."""
    image_model = get_image_model()
    storage = image_model._meta.get_field("file").storage
    missing = [i for i in image_model.objects.all() if not storage.exists(i.file.name)]
    for image in missing:
        buffer = io.BytesIO()
        PIL.Image.new("RGB", (image.width, image.height), "#0a5c66").save(
            buffer, format="PNG" if image.file.name.endswith(".png") else "JPEG"
        )
        storage.save(image.file.name, ContentFile(buffer.getvalue()))
    if missing:
        get_image_model().get_rendition_model().objects.all().delete()
    return len(missing)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """Migrate, then build the demo site once for the whole run.

    Each test runs in a transaction rolled back at its end, so every test sees
    the demo site as `make run` builds it; the section loaders do nothing when
    their section exists, so fixtures that call them cost nothing. With
    ``--reuse-db`` the kept database keeps its demo site and the media folder
    its files; originals missing from it are redrawn.
    """
    from django.test import Client

    with django_db_blocker.unblock():
        if not request.config.getoption("reuse_db"):
            fresh_media_folder()
        call_command("load_demo_content", stdout=io.StringIO())
        redraw_missing_originals()
        client = Client()
        for url in WARM_UP_URLS:
            client.get(url)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request of an earlier test
    must not leave Spanish active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """``with on_commit():`` runs the on-commit callbacks (the email tasks) as a
    real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(scope="module")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo site as the run built it, for a module whose tests commit for
    real (``transaction=True``); put back after the module's last test.

    pytest-django empties every table after such a test, and the rest of the
    run expects the demo site. Loading it first costs nothing when it is
    there, and rebuilds it once when an earlier test emptied the database (the
    browser tests leave only what the migrations create); as ``demo_content``
    does, without the mailing list's demo. The copy is made of tables in the
    same database (``TableCopy``): putting it back takes a fraction of a
    second, where loading a serialised copy took ten.
    """
    with django_db_blocker.unblock():
        call_command(
            "load_demo_content", skip=["mailinglist.demo"], stdout=io.StringIO()
        )
        snapshot = TableCopy(prefix="demo_snap_")
        snapshot.take()
    yield snapshot
    with django_db_blocker.unblock():
        snapshot.restore()
        snapshot.drop()


@pytest.fixture
def committed_demo(demo_snapshot, transactional_db) -> HomePage:
    """The demo site in a test that commits for real: put back first when the
    previous test's flush emptied the database."""
    if not Page.objects.filter(depth=2).exists():
        demo_snapshot.restore()
    return HomePage.objects.get(depth=2, locale__language_code="en")


@pytest.fixture
def root_page(db) -> Page:
    return Page.get_first_root_node()


@pytest.fixture
def demo_content(db) -> HomePage:
    """The demo site as `make run` builds it.

    The run built it once (``django_db_setup``); this puts back pages a
    browser test's flush removed. The mailing list's demo is left out: the
    newsletter tests empty the list and must find it empty.
    """
    call_command("load_demo_content", skip=["mailinglist.demo"], stdout=io.StringIO())
    return HomePage.objects.get(depth=2, locale__language_code="en")


@pytest.fixture
def english_only(demo_content) -> HomePage:
    """The demo site before its translations: only the default language's
    pages and snippets, for tests of a site whose translations are yet to
    come (rolled back with the test, like everything else)."""
    from home.demo_translations import snippet_models

    default = Locale.get_default()
    for home in Page.objects.filter(depth=2).exclude(locale=default):
        home.delete()
    for model in reversed(snippet_models()):
        model.objects.exclude(locale=default).delete()
    # Wagtail caches the site's root pages in every language: forget them on
    # the way in and on the way out (the rollback brings the homes back).
    Site.clear_site_root_paths_cache()
    yield demo_content
    Site.clear_site_root_paths_cache()


@pytest.fixture
def home_page(demo_content) -> HomePage:
    return demo_content


@pytest.fixture
def site(demo_content) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def about_page(demo_content) -> StandardPage:
    return StandardPage.objects.get(locale__language_code="en", slug="about")


@pytest.fixture
def make_standard_page(home_page):
    """Create and publish a StandardPage under ``parent`` (the home page by default)."""

    def make(parent=None, **fields) -> StandardPage:
        page = StandardPageFactory(parent=parent or home_page, **fields)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def user(db):
    return UserFactory(email="reader@example.org")

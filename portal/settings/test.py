"""Test run: DATABASE_URL when set (CI uses PostgreSQL), else in-memory SQLite."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASE_URL

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

if not DATABASE_URL:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads go to a folder of the project kept between runs, one per pytest-xdist
# worker (each has its own database): with --reuse-db the kept database's
# images still have their files. On disk, so that the live server of the
# browser tests can serve them too. tests/conftest.py empties it when the
# database is new and redraws originals that have gone missing.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
ALLOW_DEMO_ADMIN = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files come from the app folders; there is no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

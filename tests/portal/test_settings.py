"""Settings are checked in fresh interpreters, as a deployment would load them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.redis_server import REDIS_URL, needs_redis

BASE_DIR = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "x7Fq9Lm2Pz8Rt5Wv1Yb4Nc6Hd0Js3Gk" * 2
PRODUCTION_ENV = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "SITE_URL": "https://portal.example.org",
}


def run_manage(*args: str, settings: str, extra_env: dict[str, str]):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(extra_env, DJANGO_SETTINGS_MODULE=settings)
    if args[0] == "shell":
        args = (*args, "--no-imports")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"]
)
def test_production_refuses_to_start_without_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", settings="portal.settings.production", extra_env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "too-short"}
    result = run_manage("check", settings="portal.settings.production", extra_env=env)
    assert result.returncode != 0
    assert "at least 50 random characters" in result.stderr


def test_production_rejects_a_malformed_boolean():
    env = {**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "maybe"}
    result = run_manage("check", settings="portal.settings.production", extra_env=env)
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT must be true or false" in result.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"SITE_URL": "http://portal.example.org"},
            "SITE_URL must be the site's public https://",
        ),
        ({"EMAIL_PORT": "abc"}, "EMAIL_PORT must be a whole number, not 'abc'"),
        ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "not both"),
    ],
)
def test_production_refuses_a_bad_value_with_a_clear_message(extra, message):
    result = run_manage(
        "check",
        settings="portal.settings.production",
        extra_env={**PRODUCTION_ENV, **extra},
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_passes_the_deployment_checklist_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        settings="portal.settings.production",
        extra_env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_uses_the_database_task_queue_and_https():
    code = (
        "from django.conf import settings as s;"
        "print(s.TASKS['default']['BACKEND'], s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.DEBUG)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        settings="portal.settings.production",
        extra_env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_tasks_db.DatabaseBackend",
        "True",
        "True",
        "False",
    ]


@needs_redis
def test_redis_url_gives_a_shared_cache_over_a_real_connection():
    """With REDIS_URL the cache is Redis: a value set in one process is read in another."""
    redis_env = {**PRODUCTION_ENV, "REDIS_URL": REDIS_URL}
    setter = run_manage(
        "shell",
        "-c",
        "from django.core.cache import cache; cache.set('oss-test', 'shared', 30);"
        "from django.core.cache import caches; backend = type(caches['default']);"
        "print(backend.__module__, backend.__name__)",
        settings="portal.settings.production",
        extra_env=redis_env,
    )
    assert setter.returncode == 0, setter.stderr
    assert setter.stdout.strip() == "portal.cache FailoverRedisCache"
    getter = run_manage(
        "shell",
        "-c",
        "from django.core.cache import cache; print(cache.get('oss-test'));"
        "cache.delete('oss-test')",
        settings="portal.settings.production",
        extra_env=redis_env,
    )
    assert getter.stdout.strip() == "shared"


def test_dev_settings_default_to_sqlite_in_the_project():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'])",
        settings="portal.settings.dev",
        extra_env={},
    )
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == BASE_DIR / "db.sqlite3"

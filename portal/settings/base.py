"""Settings shared by every environment.

Everything that differs between machines comes from environment variables
(see the README). Only ``dev.py`` and ``test.py`` have insecure defaults.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name: str, default: str | None = None) -> str | None:
    """Return the environment variable ``name``, or ``default`` when unset or empty."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_int(name: str, default: int) -> int:
    """An integer environment variable; a clear error when it is not one."""
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}."
        ) from None


def env_float(name: str, default: float) -> float:
    """A number environment variable (decimals allowed); a clear error otherwise."""
    value = env(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def env_bool(name: str, default: bool = False) -> bool:
    """A true/false environment variable (1/0, yes/no, on/off are accepted too)."""
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Public address of the site, without a trailing slash. Used in emails, feeds
# and the Wagtail admin's notification emails.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "accounts",
    "home",
    "countries",
    "news",
    "stories",
    "search",
    "workshops",
    "mailinglist",
    "impact",
    "checklist",
    "referrals",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "portal.middleware.permissions_policy",
    # /healthz answers before the host check and the HTTPS redirect.
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known (its 413 page is translated), before
    # anything reads the body.
    "portal.middleware.request_size_limit",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the two above: a preview may be framed by the admin.
    "portal.middleware.preview_frame_options",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Request bodies (portal.middleware.request_size_limit; the proxy in front
# should refuse larger ones first, see docs/deploy.md). The public forms send
# a few kilobytes; the admin uploads images of up to 10 MB and documents.
MAX_REQUEST_BODY = env_int("MAX_REQUEST_BODY", 1024 * 1024)
MAX_ADMIN_REQUEST_BODY = env_int("MAX_ADMIN_REQUEST_BODY", 32 * 1024 * 1024)
# Form data besides files (Django answers 400 above): Django's 2.5 MB, and
# room for the fields of a long page in the admin's editor.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://user:password@host:5432/name.
# dev.py and test.py fall back to SQLite; production requires the variable.
DATABASE_URL = env("DATABASE_URL")
DATABASES = (
    {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if DATABASE_URL
    else {}
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Public accounts (django-allauth): email only, verified before booking.
# Staff keep Wagtail's own login at /admin/login/.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:bookings"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Our subclasses: labels instead of placeholders, and a full name at signup.
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.AddEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# Tell people by email when their password or address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Deleting the account asks for the password again (within five minutes).
ACCOUNT_REAUTHENTICATION_METHODS = ["password"]
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[One Stop Shops] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Rate limits count per client IP: behind load balancers or a CDN, set how
# many proxies append to X-Forwarded-For, or every visitor shares one address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
# allauth's rate limits are on by default (they need a shared cache in
# production: set REDIS_URL when more than one web process runs). Too many
# requests get a 429 page; too many failed logins for one address get a
# "too many failed login attempts" message.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# The public forms without an account (home/spam.py), counted per client
# address as allauth counts them, in the same cache.
FORM_RATE_LIMITS = {
    # Newsletter subscribe form, per IP (a shared office or venue network is
    # one IP): over it, a 429 "try again later" page.
    "newsletter_subscribe": "10/10m",
    # Confirmation emails to one address: over it, the same answer as always
    # but no email (stops a stranger filling someone's inbox).
    "newsletter_subscribe_address": "3/h",
    # "Send me my link" (the newsletter's manage link), per IP: over it, a
    # 429 page; per address: over it, the same answer but no email.
    "newsletter_send_link": "10/10m",
    "newsletter_send_link_address": "3/h",
    # "Email me this checklist", per IP: over it, a 429 page; per address:
    # over it, the same answer but no email.
    "checklist_email": "10/10m",
    "checklist_email_address": "3/h",
    # The questions form page, per IP.
    "question": "5/10m",
    # Acknowledgements to one address: over it, the question is kept and
    # reaches the team, but the address gets no email.
    "question_acknowledgement": "3/h,6/d",
    # "Email me my certificate" (My bookings), per account: over it, a 429.
    "certificate_email": "5/h",
    # Referrals made by one professional's account: over it, a 429.
    "referral": "20/d",
}

# Retention (``manage.py purge_personal_data``, run daily from cron): months
# after a workshop ends before its bookings lose the attendees' names and the
# link to their accounts (the seat and attendance counts stay), and months
# before a question sent through the questions form is deleted.
BOOKING_RETENTION_MONTHS = env_int("BOOKING_RETENTION_MONTHS", 12)
QUESTION_RETENTION_MONTHS = env_int("QUESTION_RETENTION_MONTHS", 24)
# Referrals: days a person has to agree before the referral is deleted
# unsent, and months a referral is kept after its status last changed.
REFERRAL_CONSENT_DAYS = env_int("REFERRAL_CONSENT_DAYS", 30)
REFERRAL_RETENTION_MONTHS = env_int("REFERRAL_RETENTION_MONTHS", 12)

# Cache: Redis when REDIS_URL is set (shared by every web machine), otherwise
# a per-process memory cache. django-redis keeps one client per server
# (Django's own backend builds one per call). A Redis that is down or slow is
# a cache miss, never an error: after CACHE_TIMEOUT seconds without an answer,
# each process uses its own memory for a few seconds and then tries Redis
# again (portal/cache.py says what keeps working meanwhile).
REDIS_URL = env("REDIS_URL")
CACHE_TIMEOUT = env_float("CACHE_TIMEOUT", 0.25)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailoverRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": CACHE_TIMEOUT,
                "SOCKET_TIMEOUT": CACHE_TIMEOUT,
                "FAILOVER_SECONDS": 5,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database only: a cache outage logs nobody out, and no
# cache can bring back a session that was ended.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Internationalisation: four languages, every URL carries its language prefix.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
]
# The project's catalogues first; then the libraries' Brazilian Portuguese
# as "pt" (home/management/commands/vendor_catalogue.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
# The language a visitor chooses in the switcher, remembered for a year
# (home.views.choose_language): "/" sends them back to it before looking at
# Accept-Language.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Date formats: Django's own per language, with English's in 24-hour time
# (portal/formats/en).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Madrid"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# "Translate this page" makes a draft: a translation goes live only when
# someone with publish rights publishes it (through the workflow, if any),
# never by copying the source's live status.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Deleting a translation disables its record instead of dropping it: its
# strings stay for translating again, and the demo loader knows it was there.
WAGTAILLOCALIZE_DISABLE_ON_DELETE = True

# Static files and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email. The backend is SMTP unless an environment file says otherwise.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL "
        "(implicit TLS, usually port 465), not both."
    )
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "One Stop Shops <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Newsletter sending: each message's "sent" mark is committed before the SMTP
# DATA is finished. Off (default): that commit does not wait for the disk, which
# a killed worker cannot lose (only a database crash could, and then those few
# messages go out again). On: slower, never re-sent even after a database crash.
MAILINGLIST_SYNCHRONOUS_COMMIT = env_bool("MAILINGLIST_SYNCHRONOUS_COMMIT", False)

# Background work (django-tasks). Tests and dev run tasks at once; production
# uses the database queue of django-tasks-db, worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Content-Security-Policy (django-csp) for the public site. The Wagtail admin
# keeps its own scripts and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the site never uses, off for it and anything it embeds
# (portal.middleware.permissions_policy). An empty list is "()": nobody.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
    )
}

# Wagtail.
WAGTAIL_SITE_NAME = "One Stop Shops"
# One login for staff and public accounts: allauth's, rate-limited, verified
# addresses only (accounts.views.admin_login replaces Wagtail's login page).
# Wagtail's own password reset is off: allauth's is throttled.
WAGTAILADMIN_LOGIN_URL = "admin_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Staff avatars never load from Gravatar (that would send a hash of each staff
# address to a third party): Wagtail shows its default avatar, or an upload.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Each language stemmed as itself, accents ignored (search/backend.py): on
# PostgreSQL the project's backend, on SQLite Wagtail's database backend.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
# Searches kept for the admin's "Search terms" report (days).
WAGTAILSEARCH_HITS_MAX_AGE = env_int("SEARCH_LOG_DAYS", 30)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # all frames of an animation
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.image_forms.ImageForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin's own language, chosen in each user's account. Wagtail's admin
# and allauth have Brazilian Portuguese but no plain "pt" catalogue, so the
# admin offers pt-br (Python's gettext then also finds the project's "pt").
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("pt-br", "Português (Brasil)"),
    ("it", "Italiano"),
]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = True
# Review before publishing: Wagtail's "Moderators approval" workflow covers the
# whole tree, success stories add a Consent check step (stories.ConsentCheckTask).
# An edit made while a page is in review sends it back to the first step, so
# what gets published is what every step approved.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILADMIN_NOTIFICATION_USE_HTML = True

# The demo superuser of `make run` is refused unless a settings file allows it.
ALLOW_DEMO_ADMIN = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per task run and per page action is noise at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

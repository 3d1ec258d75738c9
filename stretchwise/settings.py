"""The one settings file. Every value comes from the environment, with a safe default.

docs/configuration.md lists every variable; a test fails when one here is undocumented.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import django_stubs_ext
import environ

# Lets forms and querysets be written with type parameters (ModelForm[Client]) at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
# Data lives where the app is run from (a checkout) unless set: never inside site-packages.
VAR_DIR = Path(environ.Env().str("STRETCHWISE_VAR_DIR", default=str(Path.cwd() / "var")))

env = environ.Env()


def _secret_key() -> str:
    """Use SECRET_KEY when given; otherwise keep a random key in var/ so sessions survive restarts.

    Several app servers must share one key, so production sets SECRET_KEY (docs/deployment.md).
    """
    configured: str = env.str("SECRET_KEY", default="")
    if configured:
        return configured
    key_file = VAR_DIR / "secret-key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG: bool = env.bool("DEBUG", default=False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "stretchwise.accounts",
    "stretchwise.clinics",
    "stretchwise.clients",
    "stretchwise.visits",
    "stretchwise.audit",
    "stretchwise.api",
    "stretchwise.library",
    "stretchwise.screening",
    "stretchwise.assessment",
    "stretchwise.plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "stretchwise.clinics.middleware.current_clinic",
    "stretchwise.audit.log.access_log",
    "stretchwise.errors.api_problems",
]

ROOT_URLCONF = "stretchwise.urls"
WSGI_APPLICATION = "stretchwise.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "stretchwise" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stretchwise.clinics.context_processors.clinic",
            ],
        },
    },
]

# SQLite by default, in var/ so a fresh clone runs with no setup; DATABASE_URL switches engines.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'stretchwise.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; IMMEDIATE avoids "database is locked"
    # when two requests upgrade a read transaction to a write at the same moment.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
# Reusing a connection saves the connect and its PRAGMAs (SQLite) or a TCP and auth round trip.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default=None)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "clinics:dashboard"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Invitation and reset links stay valid for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Repeated failed sign-ins for one e-mail address lock it for a while (accounts/throttling.py).
SIGN_IN_MAX_FAILURES: int = env.int("SIGN_IN_MAX_FAILURES", default=5)
SIGN_IN_LOCKOUT_MINUTES: int = env.int("SIGN_IN_LOCKOUT_MINUTES", default=15)
SIGN_IN_MAX_FAILURES_PER_ADDRESS: int = env.int("SIGN_IN_MAX_FAILURES_PER_ADDRESS", default=30)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "stretchwise" / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or not env.bool("STATIC_MANIFEST", default=True)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Stretchwise <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The access log's hash chain becomes an HMAC with this key; keep it outside the database.
AUDIT_CHAIN_KEY: str = env.str("AUDIT_CHAIN_KEY", default="")
# How many reverse proxies in front of the app add themselves to X-Forwarded-For.
TRUSTED_PROXIES: int = env.int("TRUSTED_PROXIES", default=0)

# A minor is anyone younger than this on the day; their guardian consents for them.
AGE_OF_MAJORITY: int = env.int("AGE_OF_MAJORITY", default=18)

# Behind TLS (every real deployment) the cookies and redirects are locked to HTTPS.
HTTPS: bool = env.bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

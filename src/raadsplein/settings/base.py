"""Settings for every mode. Every value comes from the environment through ``env`` (one helper);
the defaults make ``make run`` work on a fresh machine. ``.env.example`` lists every variable."""

from __future__ import annotations

from pathlib import Path

import environ

from raadsplein.search_settings import search_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # src/
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = PROJECT_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # SQLite, task queue and cache files of the embedded default

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "common.views.csrf_failure"  # the site's layout, in plain Dutch (issue 14)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The name mails (and allauth's subject prefix) are signed with.
SITE_NAME = env.str("SITE_NAME", default="Raadsplein")

INSTALLED_APPS = [
    # platform
    "common",
    "accounts",
    "councils",
    "sitesearch",
    # council work
    "signals",
    "meetings",
    "proposals",
    "surveys",
    "dossiers",
    # promotion, public
    "publishing",
    "newsletters",
    "social",
    "recruitment",
    "reports",
    # Council work, but its pages live under the public site's home page: its demo must run
    # after publishing's, which makes that page.
    "handbook",
    # libraries
    "django_htmx",
    "csp",
    "huey.contrib.djhuey",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # allauth's security-key pages use it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.pagecache.PublicPageCacheMiddleware",  # before sessions and CSRF (issue 18)
    "common.middleware.ContentSecurityPolicyMiddleware",
    "accounts.middleware.IdleSessionMiddleware",  # Django's, plus the idle warning's needs
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.membercache.MemberPageCacheMiddleware",  # a member's POST renews their pages
    "common.middleware.CurrentUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "common.keep_typed.KeepTypedMiddleware",  # after auth and messages (issue 15)
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "raadsplein.urls"
WSGI_APPLICATION = "raadsplein.wsgi.application"

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
                "common.context_processors.site",
            ],
        },
    },
    {
        # Plain-text e-mail: the same templates, without HTML escaping ("&" stays "&").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default: WAL so readers never block the writer, IMMEDIATE transactions
# so two writers queue on the busy timeout instead of failing with "database is locked".
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'raadsplein.sqlite3'}")
}
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA busy_timeout=20000;"
    "PRAGMA cache_size=-20000;"
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": SQLITE_PRAGMAS}
    )
# A worker keeps its connection between requests: opening one (and, on SQLite, running the
# pragmas above) cost more than a logged-in page's own queries once it is kept (issue 18).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and tasks ------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        # The public pages' cache (common.pagecache): its own key prefix, never flushed whole.
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        },
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env.str("HUEY_NAME", default="raadsplein"),
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env.int("WORKERS", default=4), "worker_type": "thread"},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Sessions live here too (cached_db): room for a few thousand.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # The public pages' cache (common.pagecache), shared by every worker process.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache-pages"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "raadsplein",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": False,
        "consumer": {"workers": env.int("WORKERS", default=2), "worker_type": "thread"},
    }

# --- Mail -----------------------------------------------------------------------------------
# Every message goes through the outbox (common.outbox) and is sent by a task.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Mail that libraries send through Django (Wagtail's moderation notices) goes to the outbox too;
# the outbox sends with the transport from EMAIL_URL.
OUTBOX_EMAIL_BACKEND = EMAIL_BACKEND  # noqa: F821 (set by the line above)
EMAIL_BACKEND = "common.mail.OutboxEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Raadsplein <noreply@raadsplein.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# A Date in local time (+0100/+0200) on anything sent without one; common.site.message_headers
# sets it on every message the outbox writes.
EMAIL_USE_LOCALTIME = True
# A sender's claim on a message (common.outbox) holds this long; after it, a killed worker's
# message is sent by another. Empty: 2 x EMAIL_TIMEOUT + 5 seconds.
MAIL_CLAIM_LEASE_SECONDS = env.int("MAIL_CLAIM_LEASE_SECONDS", default=None)
# News flashes: messages per second sent to the SMTP server, and the address in each flash's
# List-Unsubscribe header for clients that unsubscribe by mail (RFC 2369).
# Recruitment: the applicant hears from the council's secretary within this many days.
RECRUITMENT_ANSWER_DAYS = env.int("RECRUITMENT_ANSWER_DAYS", default=14)
# Questionnaires: the reminder goes this many days before closing, to those who have not
# finished; named answers are deleted this many months after closing (surveys.tasks).
SURVEY_REMINDER_DAYS = env.int("SURVEY_REMINDER_DAYS", default=3)
SURVEY_NAMED_RETENTION_MONTHS = env.int("SURVEY_NAMED_RETENTION_MONTHS", default=24)
# Social channels: keys that encrypt the stored credentials (Fernet keys, comma-separated, the
# first encrypts, all decrypt, so a key can be rotated). Empty: a key derived from SECRET_KEY.
SOCIAL_CREDENTIALS_KEYS = env.list("SOCIAL_CREDENTIALS_KEYS", default=[])
SOCIAL_MAX_ATTEMPTS = env.int("SOCIAL_MAX_ATTEMPTS", default=5)
SOCIAL_RETRY_SECONDS = env.int("SOCIAL_RETRY_SECONDS", default=60)  # doubles per attempt
NEWSFLASH_RATE_PER_SECOND = env.float("NEWSFLASH_RATE_PER_SECOND", default=10.0)
NEWSFLASH_UNSUBSCRIBE_MAILTO = env.str(
    "NEWSFLASH_UNSUBSCRIBE_MAILTO", default="afmelden@raadsplein.local"
)

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts come from invitations: the address is proven
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Every session gets SESSION_COOKIE_AGE (the idle timeout below); False would make allauth
# turn it into a browser-session cookie again.
ACCOUNT_SESSION_REMEMBER = True
# A reset for an unknown address sends nothing: sign-up is closed, so "make an account" would
# mislead, and silence does not reveal who has an account.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Failed log-ins are limited per account ("key", the e-mail address) more tightly than per
# client address ("ip"): many people may share one address (an office, a library), and the
# address is the client's own only when TRUSTED_PROXY_COUNT is right. allauth counts an attempt
# before checking the password, so a full limit refuses the right password too; a password
# reset clears the account's count. Format: amount/period/(ip|key), comma-separated.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMITS", default="30/5m/ip,5/5m/key,10/1h/key"),
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Raadsplein"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
INVITATION_EXPIRY_DAYS = env.int("INVITATION_EXPIRY_DAYS", default=14)

# Idle timeout: the session ends after this many minutes without a request.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
# The cookie carries the same age (Max-Age), renewed with every response: a browser that
# restores its tabs would otherwise keep a "session" cookie for weeks.
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Logged-in members get a warning this many seconds before the idle timeout, with a button to
# stay logged in (accounts/_session_warning.html, static/raadsplein/js/session.js).
SESSION_IDLE_WARNING_SECONDS = env.int("SESSION_IDLE_WARNING_SECONDS", default=120)
# Anonymous GETs of public pages come from common.pagecache; PUBLIC_PAGE_CACHE=false turns it off.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)
# A member's GET of their own pages is kept per person for a minute (common.membercache);
# MEMBER_PAGE_CACHE=false turns it off.
MEMBER_PAGE_CACHE = env.bool("MEMBER_PAGE_CACHE", default=True)
# Cache versions are bumped when a transaction commits; the tests' settings also bump at once.
PAGE_CACHE_BUMP_AT_ONCE = False
# A session that a request did not change is renewed (row and cookie written) at most once per
# this many seconds, and never less often than a tenth of the idle timeout: the timeout is then
# exact to within that (issue 18; accounts.middleware.IdleSessionMiddleware does the renewing).
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
SESSION_SAVE_EVERY_REQUEST = False
# Sessions are read from the cache and written through to the database (Django's cached_db):
# every logged-in request reads its session, and a cache read costs less than a query (issue 18).
# The database stays the record: a session the cache lost is read from its row.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Privacy: retention periods (months) ----------------------------------------------------
RETENTION = {
    "audit_log": env.int("RETENTION_AUDIT_LOG_MONTHS", default=24),
    "outbox": env.int("RETENTION_OUTBOX_MONTHS", default=3),
    "invitation": env.int("RETENTION_INVITATION_MONTHS", default=3),
    "signal_contact": env.int("RETENTION_SIGNAL_CONTACT_MONTHS", default=12),
    "application": env.int("RETENTION_APPLICATION_MONTHS", default=6),
    # News flash subscribers: the address of someone who unsubscribed, and of someone who never
    # confirmed (then counted in days, see newsletters.services.subscribers_purge).
    "newsflash_unsubscribed": env.int("RETENTION_NEWSFLASH_UNSUBSCRIBED_MONTHS", default=1),
}

# --- Signals ---------------------------------------------------------------------------------
# Below this confidence a signal is marked "needs a theme" for a member to set.
SIGNAL_THEME_THRESHOLD = env.float("SIGNAL_THEME_THRESHOLD", default=0.5)
# ... and so is a text of fewer words than this.
SIGNAL_THEME_MIN_WORDS = env.int("SIGNAL_THEME_MIN_WORDS", default=6)

# --- Abuse limits ----------------------------------------------------------------------------
# Behind a load balancer or reverse proxy every request comes from the proxy's address. Each of
# our proxies appends the address it saw to X-Forwarded-For, so the client is the entry this
# many places from the right (common.http.client_address). 0: no proxy, REMOTE_ADDR is the
# client. Never higher than the number of proxies in front of the app: a client could then
# choose its own address. allauth's log-in limits read the same number.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Public forms (common.ratelimit): accepted submissions per window (seconds); mistakes do not
# count. An amount of 0 switches a limit off.
# Signals per client address.
SIGNAL_RATE_LIMIT = env.int("SIGNAL_RATE_LIMIT", default=5)
SIGNAL_RATE_WINDOW = env.int("SIGNAL_RATE_WINDOW", default=600)
# Reports of an accessibility problem (/toegankelijkheid/) per client address.
ACCESSIBILITY_REPORT_RATE_LIMIT = env.int("ACCESSIBILITY_REPORT_RATE_LIMIT", default=5)
ACCESSIBILITY_REPORT_RATE_WINDOW = env.int("ACCESSIBILITY_REPORT_RATE_WINDOW", default=3600)
# News flash sign-ups per client address, and confirmation mails per mailbox.
NEWSFLASH_SUBSCRIBE_RATE_LIMIT = env.int("NEWSFLASH_SUBSCRIBE_RATE_LIMIT", default=10)
NEWSFLASH_SUBSCRIBE_RATE_WINDOW = env.int("NEWSFLASH_SUBSCRIBE_RATE_WINDOW", default=3600)
NEWSFLASH_CONFIRM_RATE_LIMIT = env.int("NEWSFLASH_CONFIRM_RATE_LIMIT", default=3)
NEWSFLASH_CONFIRM_RATE_WINDOW = env.int("NEWSFLASH_CONFIRM_RATE_WINDOW", default=86400)
# Applications (recruitment) per client address.
APPLICATION_RATE_LIMIT = env.int("APPLICATION_RATE_LIMIT", default=10)
APPLICATION_RATE_WINDOW = env.int("APPLICATION_RATE_WINDOW", default=3600)

# --- Finger on the pulse ----------------------------------------------------------------------
# The agency's answer to an advice or a submitted proposal is due after this many weeks.
ADVICE_ANSWER_WEEKS = env.int("ADVICE_ANSWER_WEEKS", default=6)
# No update in this many weeks: an item counts as stalled on "Vinger aan de pols".
STALLED_WEEKS = env.int("STALLED_WEEKS", default=8)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(PROJECT_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(PROJECT_DIR / "media"))
S3_BUCKET = env.str("S3_BUCKET", default="")
# "private": files only a view that checks permissions hands out (dossier documents); they have
# no URL of their own, also not in development.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/geen-openbare-link/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**STORAGES["default"]["OPTIONS"], "location": "private"},
    }

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Raadsplein"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it would send a hash of every editor's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_USAGE_COUNT_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_PASSWORD_RESET_ENABLED = False  # password reset goes through allauth
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Search: the database's own full-text search unless SEARCH_URL names a search server.
SEARCH_URL = env.str("SEARCH_URL", default="")
WAGTAILSEARCH_BACKENDS = search_backends(SEARCH_URL, database_engine=DATABASES["default"]["ENGINE"])
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Handbook pages are published only by their workflow (a second editor approves); this is
# Wagtail's own finishing action, which lets that approval publish them.
WAGTAIL_FINISH_WORKFLOW_ACTION = "handbook.workflow.publish_workflow_state"
# Wagtail itself queues small jobs (search index updates) through Django's tasks API; they are
# cheap, so they run in the request. Our own background work goes through Huey (see README).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
# Sites that may show our embeds (/inbedden/…, publishing.embed) in a frame: origins such as
# https://www.werk.nl, comma-separated. Empty: only our own pages may frame them. Every other page
# keeps frame-ancestors 'none'.
EMBED_ALLOWED_ORIGINS = env.list("EMBED_ALLOWED_ORIGINS", default=[])
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Permissions-Policy (common.middleware): browser features no page of ours uses are off, also
# for anything a page might embed. Security keys (WebAuthn) stay on for the site itself: they
# are a way to log in. Only features browsers know are listed (others are reported as errors).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self"],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
CONTENT_SECURITY_POLICY = {
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
    }
}
# Wagtail's admin ships inline scripts and styles; only /beheer/ gets this looser policy.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-ancestors": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "huey": {"level": "INFO"},
        # WeasyPrint reports every page it lays out and fontTools every glyph it keeps.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# syntax=docker/dockerfile:1
# Raadsplein in production: gunicorn with the production settings, static files collected (and
# compressed) at build time for WhiteNoise, translations compiled, a user without root rights.
# compose.yaml runs it with the task worker, PostgreSQL and Redis (README, "Deployment at
# scale").
ARG PYTHON_VERSION=3.11

# --- build: the virtualenv, compiled translations and collected static files ---------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
# gettext for compilemessages; every Python package is a wheel (psycopg[binary] included).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements/base.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements.txt
WORKDIR /app
COPY src ./src
# The production settings refuse to load without a long SECRET_KEY; nothing is signed while
# building, so a throwaway one does (it is not kept in the image's environment).
RUN cd src \
    && /opt/venv/bin/python manage.py compilemessages --ignore=.venv >/dev/null \
    && DJANGO_SETTINGS_MODULE=raadsplein.settings.production \
       SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
       /opt/venv/bin/python manage.py collectstatic --noinput -v0

# --- runtime --------------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim-bookworm
# WeasyPrint (handbook and annual report PDFs) needs Pango and HarfBuzz; the PDFs' fonts are
# DejaVu and Liberation.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin raadsplein
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
# Code and static files belong to root (read-only for the app); only these are written to:
# var (SQLite and cache files of the embedded default), media and private (volumes in compose).
RUN mkdir -p /app/var /app/media /app/private \
    && chown raadsplein:raadsplein /app/var /app/media /app/private
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH=/app/src \
    DJANGO_SETTINGS_MODULE=raadsplein.settings.production \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private \
    WEB_CONCURRENCY=3
WORKDIR /app
USER raadsplein
EXPOSE 8000
# /health/ answers when the database does. The request names the first ALLOWED_HOSTS entry and
# says it came over HTTPS, as the load balancer in front would.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0]; u.urlopen(u.Request('http://127.0.0.1:8000/health/', headers={'Host': host, 'X-Forwarded-Proto': 'https'}), timeout=4)"]
# gunicorn reads the number of workers from WEB_CONCURRENCY.
CMD ["gunicorn", "raadsplein.wsgi:application", "--chdir", "/app/src", "--bind", "0.0.0.0:8000", "--timeout", "30", "--access-logfile", "-"]

# The portal's image: web (gunicorn + whitenoise), worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PRIVATE_MEDIA_ROOT=/data/private

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app ule

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY --chown=ule:ule . .
# collectstatic needs settings but no real secret or database.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.db \
    CELERY_BROKER_URL=memory:// python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=.venv \
    && mkdir -p /data/private && chown -R ule:ule /data

USER ule
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

#!/usr/bin/env bash
# `make test`: the production configuration (PostgreSQL, Redis, a real worker,
# DEBUG off), then the smoke suite on the embedded default (SQLite, in-process tasks).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PY
source .ci/services.sh

export IGNORE_DOTENV=true
prod_env=(
  DEBUG=false
  SECRET_KEY="test-$(date +%s)-not-a-real-secret-key-0123456789abcdefghij"
  ALLOWED_HOSTS=testserver,localhost,127.0.0.1
  DATABASE_URL="$DATABASE_URL"
  DATABASE_REPLICA_URL="$DATABASE_REPLICA_URL"
  REDIS_URL="$REDIS_URL"
  STATIC_ROOT="$PWD/var/test-static"
  DJANGO_ALLOW_ASYNC_UNSAFE=true
  # The test servers speak plain HTTP; TLS is the proxy's job in production.
  SECURE_SSL_REDIRECT=false
  SESSION_COOKIE_SECURE=false
  CSRF_COOKIE_SECURE=false
  SECURE_HSTS_SECONDS=0
)
echo "== Production configuration: $DATABASE_URL, $REDIS_URL"
env "${prod_env[@]}" $PY manage.py collectstatic --noinput -v0
env "${prod_env[@]}" $PY -m pytest -p no:cacheprovider "$@"

smoke() {
  env -u DATABASE_URL -u REDIS_URL DEBUG=true SECRET_KEY=smoke-test-key \
    STATIC_ROOT="$PWD/var/test-static" DJANGO_ALLOW_ASYNC_UNSAFE=true SECURE_SSL_REDIRECT=false \
    SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 \
    $PY -m pytest -p no:cacheprovider -m smoke "$@"
}
echo "== Smoke suite on the embedded default (SQLite, tasks in-process)"
smoke "$@"

# A test or a demo that holds only on the day it was written fails here: the
# same suite as of a day more than a year away, a different one every day.
later=$(date -d "+1 year +$(( $(date +%j | sed 's/^0*//') % 60 )) days" +%F)
echo "== Smoke suite as of $later (the registry clock set by pytest --today)"
smoke --today "$later" "$@"

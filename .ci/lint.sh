#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export IGNORE_DOTENV=true
$BIN/ruff check .
$BIN/ruff format --check .
DEBUG=true SECRET_KEY=lint $BIN/mypy .
DEBUG=true SECRET_KEY=lint $BIN/python manage.py makemigrations --check --dry-run
# Production settings as a deployment would set them.
env -u DEBUG DEBUG=false SECRET_KEY="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  ALLOWED_HOSTS=dangvien.example.vn DATABASE_URL=postgres://registry@127.0.0.1:5432/registry \
  REDIS_URL=redis://127.0.0.1:6379/0 \
  $BIN/python manage.py check --deploy --fail-level WARNING

# Sourced by .ci/test.sh: makes sure PostgreSQL and Redis answer and exports
# DATABASE_URL and REDIS_URL. Uses the variables when set, else the servers on
# 127.0.0.1:5432 and :6379, else installs and starts throw-away local ones.
set -eu
PY=${PY:-.venv/bin/python}
STATE="$PWD/var/services"

pg_answers() { "$PY" -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$1" 2>/dev/null; }
redis_answers() { "$PY" -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_timeout=3).ping()" "$1" 2>/dev/null; }
need_root() { [ "$(id -u)" = 0 ] || { echo "$1 is not available and installing it needs root" >&2; exit 1; }; }

if [ -z "${DATABASE_URL:-}" ]; then
  if pg_answers "postgres://postgres@127.0.0.1:5432/postgres"; then
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/registry"
  else
    DATABASE_URL="postgres://postgres@127.0.0.1:55432/registry"
    if ! pg_answers "postgres://postgres@127.0.0.1:55432/postgres"; then
      if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        need_root PostgreSQL
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      fi
      bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
      mkdir -p "$STATE/pg" && chown postgres "$STATE/pg" 2>/dev/null || true
      as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
      [ -f "$STATE/pg/data/PG_VERSION" ] || as_pg "$bin/initdb" -A trust -U postgres -D "$STATE/pg/data" >/dev/null
      as_pg "$bin/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/log" -w start \
        -o "-p 55432 -k $STATE/pg -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
    fi
  fi
fi
pg_answers "$(echo "$DATABASE_URL" | sed 's|/[^/]*$|/postgres|')" || { echo "PostgreSQL at $DATABASE_URL does not answer" >&2; exit 1; }

if [ -z "${REDIS_URL:-}" ]; then
  if redis_answers "redis://127.0.0.1:6379/0"; then
    REDIS_URL="redis://127.0.0.1:6379/15"
  else
    REDIS_URL="redis://127.0.0.1:56379/15"
    if ! redis_answers "$REDIS_URL"; then
      if ! command -v redis-server >/dev/null; then
        need_root Redis
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
      fi
      mkdir -p "$STATE/redis"
      redis-server --bind 127.0.0.1 --port 56379 --daemonize yes --save "" --appendonly no \
        --dir "$STATE/redis" --logfile "$STATE/redis/log"
      for _ in $(seq 50); do redis_answers "$REDIS_URL" && break; sleep 0.1; done
    fi
  fi
fi
redis_answers "$REDIS_URL" || { echo "Redis at $REDIS_URL does not answer" >&2; exit 1; }
# A second database on the same server stands for the read replica: the test
# of the replica route copies rows to it itself.
DATABASE_REPLICA_URL=${DATABASE_REPLICA_URL:-$(echo "$DATABASE_URL" | sed 's|/\([^/]*\)$|/\1_replica|')}
export DATABASE_URL REDIS_URL DATABASE_REPLICA_URL

#!/usr/bin/env bash
# Load test of the public site: gunicorn with the production settings (DEBUG
# off) on PostgreSQL and Redis, demo data enlarged, driven by wrk.
#
#   make bench                       # defaults below
#   BENCH_DURATION=30 make bench     # longer runs
#   BENCH_REUSE_DB=1 make bench      # keep the enlarged database from last time
#
# Prints requests/s, p50/p95/p99 latency and the ratio to the ceiling: /healthz,
# a fixed JSON answer from the same server and middleware stack, no database.
# Targets: the public API and the public HTML pages (home, a service, the
# portfolio), each from the cache and with a cache miss on every request; and
# booking: a service's availability over 31 days, and booking creation (POST,
# a new customer and window every request: bench/booking.lua).
#
#   BENCH_DB_NAME=coollight_bench_public BENCH_REDIS_URL=redis://127.0.0.1:6379/9 \
#   BENCH_PORT=8795 make bench       # own database, Redis db and port (parallel runs)
#   BENCH_ONLY='booking|availability' make bench   # only the targets whose name
#                                    # matches (extended regex); the ceiling always runs
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BACKEND="$ROOT/backend"
PY="$BACKEND/.venv/bin/python"
GUNICORN="$BACKEND/.venv/bin/gunicorn"

PG_URL="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
DB_NAME="${BENCH_DB_NAME:-coollight_bench}"
REDIS_URL_BENCH="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}"
PORT="${BENCH_PORT:-8765}"
WORKERS="${BENCH_WORKERS:-$(nproc)}"
THREADS="${BENCH_WRK_THREADS:-1}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
DURATION="${BENCH_DURATION:-10}"
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }

export DATABASE_URL="$PG_URL/$DB_NAME"
export REDIS_URL="$REDIS_URL_BENCH"
export CACHE_KEY_PREFIX="coollight-bench"
export VAR_DIR="$ROOT/var/bench"
export LOG_LEVEL=WARNING
mkdir -p "$VAR_DIR/mail"

cd "$BACKEND"
if [[ "${BENCH_REUSE_DB:-0}" != "1" ]]; then
  echo "== fresh database $DB_NAME"
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null
  psql "$PG_URL/postgres" -qc "CREATE DATABASE $DB_NAME" >/dev/null
  # Seeding uses the local settings so image renditions run in-process.
  DJANGO_SETTINGS_MODULE=config.settings.local CELERY_TASK_ALWAYS_EAGER=true \
    "$PY" manage.py migrate --no-input -v0
  DJANGO_SETTINGS_MODULE=config.settings.local CELERY_TASK_ALWAYS_EAGER=true \
    "$PY" manage.py seed_demo
  DJANGO_SETTINGS_MODULE=config.settings.local "$PY" "$ROOT/bench/enlarge.py"
fi
# Booking targets: capacities raised so no window fills up; a bookable
# service, the availability range and every bookable window (see the script).
BOOKING_PLAN="$(DJANGO_SETTINGS_MODULE=config.settings.local "$PY" "$ROOT/bench/booking_setup.py")"
BOOK_SERVICE="$(sed -n 's/^SERVICE=//p' <<<"$BOOKING_PLAN")"
BOOK_FROM="$(sed -n 's/^FROM=//p' <<<"$BOOKING_PLAN")"
BOOK_TO="$(sed -n 's/^TO=//p' <<<"$BOOKING_PLAN")"
export BOOK_SERVICE BENCH_DIR="$ROOT/bench"
export BOOK_SLOTS="$(sed -n 's/^SLOTS=//p' <<<"$BOOKING_PLAN")"
redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null

# Production settings, DEBUG off. TLS is terminated by the proxy in production,
# so no HTTPS redirect here; the secret is throw-away.
export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9' | head -c 60)"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export SITE_URL="https://bench.coollight.test"
export SECURE_SSL_REDIRECT=false
# No SMS leaves the bench: the console back-end instead of Africa's Talking
# (whose credentials production requires).
export SMS_BACKEND=apps.notifications.sms.ConsoleSmsBackend
# The bench posts bookings from one address, thousands a second: the
# anonymous write limit (20/hour in production) is lifted for this run only.
export THROTTLE_ANON_WRITE=100000/second
export LOG_JSON=false
"$PY" manage.py collectstatic --no-input -v0

"$GUNICORN" config.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --worker-class sync --log-level warning --access-logfile /dev/null &
GPID=$!
trap 'kill "$GPID" 2>/dev/null; wait "$GPID" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

SERVICE_SLUG="$("$PY" manage.py shell -c "from apps.catalog.models import Service; print(Service.objects.filter(is_active=True).order_by('slug').first().slug)" 2>/dev/null | tail -1)"

# name | path | NOCACHE (1 = every request misses the cache) | wrk script (report.lua)
TARGETS=(
  "ceiling: GET /healthz|/healthz|0"
  "API services list|/api/v1/public/services/|0"
  "API services list (uncached)|/api/v1/public/services/|1"
  "API service detail|/api/v1/public/services/$SERVICE_SLUG/|0"
  "API project list|/api/v1/public/projects/|0"
  "API project list (uncached)|/api/v1/public/projects/|1"
  "API project list, town+ordering (uncached)|/api/v1/public/projects/?town=Nairobi&ordering=featured|1"
  "API blog list|/api/v1/public/blog/|0"
  "HTML home page|/|0"
  "HTML home page (uncached)|/|1"
  "HTML service detail|/services/$SERVICE_SLUG/|0"
  "HTML service detail (uncached)|/services/$SERVICE_SLUG/|1"
  "HTML portfolio index|/portfolio/|0"
  "HTML portfolio index (uncached)|/portfolio/|1"
  "HTML portfolio, town+sort (uncached)|/portfolio/?town=Nairobi&sort=featured|1"
  "API availability, 31 days|/api/v1/public/services/$BOOK_SERVICE/availability/?from=$BOOK_FROM&to=$BOOK_TO|0"
  "API booking creation (POST)|/api/v1/leads/bookings/|0|booking.lua"
)

printf "\nwrk: %s thread(s), %s connections, %ss per target; gunicorn: %s sync workers; %s CPUs\n\n" \
  "$THREADS" "$CONNECTIONS" "$DURATION" "$WORKERS" "$(nproc)"
printf "%-44s %9s %8s %8s %8s %8s %7s\n" "target" "req/s" "p50 ms" "p95 ms" "p99 ms" "ceiling" "failed"
CEILING=""
for target in "${TARGETS[@]}"; do
  IFS='|' read -r name path nocache script <<<"$target"
  script="${script:-report.lua}"
  if [[ -n "${BENCH_ONLY:-}" && -n "$CEILING" ]] && ! grep -Eq "$BENCH_ONLY" <<<"$name"; then
    continue
  fi
  if [[ "$script" == "booking.lua" ]]; then
    # One real booking first: it must be accepted (201).
    first_slot="${BOOK_SLOTS%%,*}"
    status="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d "{\"service_slug\":\"$BOOK_SERVICE\",\"name\":\"Bench check\",\"email\":\"bench-check-$$-$RANDOM@example.com\",\"preferred_date\":\"${first_slot%|*}\",\"preferred_time_slot\":\"${first_slot#*|}\",\"address\":\"Kilimani, Nairobi\"}" \
      "$BASE$path")"
    expected=201
  else
    status="$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")"
    expected=200
  fi
  if [[ "$status" != "$expected" ]]; then
    printf "%-44s  HTTP %s, skipped\n" "$name" "$status"
    continue
  fi
  NOCACHE="$nocache" wrk -t1 -c4 -d2s -s "$ROOT/bench/$script" "$BASE$path" >/dev/null  # warm-up
  line="$(NOCACHE="$nocache" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s \
    -s "$ROOT/bench/$script" "$BASE$path" | grep '^BENCH')"
  rps="$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")"
  p50="$(sed -E 's/.*p50=([0-9.]+).*/\1/' <<<"$line")"
  p95="$(sed -E 's/.*p95=([0-9.]+).*/\1/' <<<"$line")"
  p99="$(sed -E 's/.*p99=([0-9.]+).*/\1/' <<<"$line")"
  failed="$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$line")"
  [[ -z "$CEILING" ]] && CEILING="$rps"
  ratio="$(awk -v a="$rps" -v b="$CEILING" 'BEGIN { printf "%.2f", a / b }')"
  printf "%-44s %9s %8s %8s %8s %8s %7s\n" "$name" "$rps" "$p50" "$p95" "$p99" "$ratio" "$failed"
done
echo

echo "== quotation PDF (30 lines)"
(cd "$BACKEND" && env -u DATABASE_URL "$PY" "$ROOT/bench/quote_pdf.py" 10)

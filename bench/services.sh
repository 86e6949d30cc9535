#!/usr/bin/env bash
# Measures a database service under load, beside the database floor and the peers, in one sitting
# (issue 6): the shared kit's run-all.sh (pgbench floor, wrk -t2 -c16 10 s × RUNS, Directus 12,
# Platformatic DB 3) with Portico's Q1 (filtered list) and Q2 (fetch by id) on the kit's
# bench_items table in PostgreSQL. Portico runs on a SQLite system database with a pgsql service
# `bench`; the requests carry only an app's API key, whose role may GET _table/bench_items/* with a
# row filter (qty >= 0, true of every row), so authentication, access control and the row filter
# all run on every request.
#   usage: RUNS=3 bash bench/services.sh        (peers: bash ../shared/bench/peers/setup-*.sh once)
#   PORTICO_ONLY=1 runs only Portico's two queries (wrk-run.sh), not the floor and the peers.
#   CPU_SPLIT=1 instead measures where the CPU goes (bench/cpu-split.sh): the Portico JVM, the PostgreSQL
#   backends and the whole machine, per request, for Q1 and Q2 through Portico and through pgbench.
#   POOL_SIZE=N gives the service a pool of N connections (pool_size; the default is 16).
#   PROFILE=1 instead profiles the server (bench/profile.sh, async-profiler) under Q1's load, then Q2's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kit="$root/../shared/bench"
export RUNS=${RUNS:-3} BENCH_WORK=${BENCH_WORK:-/tmp/portico-bench}
mkdir -p "$BENCH_WORK/run" "$BENCH_WORK/results"
work=$BENCH_WORK/services; rm -rf "$work"; mkdir -p "$work"
"$root/portico" --version >/dev/null

bash "$kit/dbs-up.sh"
[ "$(psql -h 127.0.0.1 -U "${PGUSER:-postgres}" -d bench_items -tAc 'select count(*) from bench_items' 2>/dev/null)" = 100000 ] \
  || bash "$kit/make-items-table.sh" pg

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
(cd "$work" && exec env ADMIN_EMAIL=bench@example.com ADMIN_PASSWORD=bench-password-0123456789 \
  PORTICO_HTTP_PORT=$port APP_LOG_LEVEL=warn "$root/portico" serve >"$work/serve.out" 2>&1) &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT
python3 "$root/bench/wait_ready.py" "$base/health/ready" "$(date +%s%N)" >/dev/null

key=$(python3 - "$base" "${PGUSER:-postgres}" "${PGPASSWORD:-}" "${POOL_SIZE:-}" <<'PY'
import json, sys, urllib.request
base, pg_user, pg_password, pool_size = sys.argv[1:5]
def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(base + "/api/v2" + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    return json.load(urllib.request.urlopen(request))
token = call("POST", "/system/admin/session", {"email": "bench@example.com", "password": "bench-password-0123456789"})["session_token"]
service = call("POST", "/system/service", {"name": "bench", "label": "Bench", "type": "pgsql", "is_active": True,
    "config": {"host": "127.0.0.1", "port": 5432, "database": "bench_items", "username": pg_user, "password": pg_password,
               **({"pool_size": int(pool_size)} if pool_size else {})}}, token)["id"]
role = call("POST", "/system/role", {"name": "bench-reader", "is_active": True, "role_service_access_by_role_id": [
    {"service_id": service, "component": "_table/bench_items/*", "verb_mask": 1, "requestor_mask": 1,
     "filters": [{"name": "qty", "operator": ">=", "value": "0"}], "filter_op": "AND"}]}, token)["id"]
print(call("POST", "/system/app?fields=api_key", {"name": "bench", "is_active": True, "role_id": role}, token)["api_key"])
PY
)

q1="$base/api/v2/bench/_table/bench_items?filter=(category%3D'cat7')%20AND%20(qty%3E%3D50)&order=id%20DESC&limit=25"
q2="$base/api/v2/bench/_table/bench_items/54321"
header="X-DreamFactory-API-Key: $key"
echo "== Portico on :$port, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Q1: $(curl -s -H "$header" "$q1" | head -c 160)"
echo "Q2: $(curl -s -H "$header" "$q2" | head -c 160)"
if [ -n "${CPU_SPLIT:-}" ]; then
  sql=$BENCH_WORK/pgbench; mkdir -p "$sql"
  echo "SELECT id, name, category, price, qty, created_at FROM bench_items WHERE category = 'cat7' AND qty >= 50 ORDER BY id DESC LIMIT 25;" > "$sql/q1.sql"
  echo "SELECT id, name, category, price, qty, created_at FROM bench_items WHERE id = 54321;" > "$sql/q2.sql"
  for run in $(seq 1 "$RUNS"); do
    bash "$root/bench/cpu-split.sh" "pgbench Q1 (run $run)" "pgbench:$sql/q1.sql"
    bash "$root/bench/cpu-split.sh" "Portico Q1 (run $run)" "$q1" "$header"
    bash "$root/bench/cpu-split.sh" "pgbench Q2 (run $run)" "pgbench:$sql/q2.sql"
    bash "$root/bench/cpu-split.sh" "Portico Q2 (run $run)" "$q2" "$header"
  done
elif [ -n "${PROFILE:-}" ]; then
  bash "$root/bench/profile.sh" q1 "$q1" "$header"
  bash "$root/bench/profile.sh" q2 "$q2" "$header"
elif [ -n "${PORTICO_ONLY:-}" ]; then
  bash "$kit/wrk-run.sh" "Portico pg Q1" "$q1" "$header"
  bash "$kit/wrk-run.sh" "Portico pg Q2" "$q2" "$header"
else
  PORTICO_Q1=$q1 PORTICO_Q2=$q2 PORTICO_HEADER=$header bash "$kit/run-all.sh"
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Measures the system API under load with the shared kit's wrk protocol (16 connections, 10 s,
# RUNS runs, median): an authenticated GET /api/v2/system/user?limit=25 (session token of a
# sys-admin plus the admin app's API key, 200 users in the table) beside GET /health/live on the
# same server as the floor, so the cost of authentication, the query and serialization shows.
# Engines: SQLite and PostgreSQL (127.0.0.1:5432, user postgres). Usage: RUNS=3 bash bench/system-api.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kit="$root/../shared/bench"
export RUNS=${RUNS:-3} BENCH_WORK=${BENCH_WORK:-/tmp/portico-bench}
mkdir -p "$BENCH_WORK/run" "$BENCH_WORK/results"
work=$BENCH_WORK/system-api; rm -rf "$work"; mkdir -p "$work"
"$root/portico" --version >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port

for engine in sqlite pgsql; do
  home=$work/$engine; mkdir -p "$home"
  env_vars=(ADMIN_EMAIL=bench@example.com ADMIN_PASSWORD=bench-password-0123456789 PORTICO_HTTP_PORT=$port APP_LOG_LEVEL=warn)
  if [ "$engine" = pgsql ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS portico_bench_api" -c "CREATE DATABASE portico_bench_api" postgres
    env_vars+=(DB_CONNECTION=pgsql DB_HOST=127.0.0.1 DB_DATABASE=portico_bench_api DB_USERNAME=postgres)
  fi
  (cd "$home" && exec env "${env_vars[@]}" "$root/portico" serve >"$home/serve.out" 2>&1) &
  pid=$!
  python3 "$root/bench/wait_ready.py" "$base/health/ready" "$(date +%s%N)" >/dev/null
  token=$(curl -s -X POST "$base/api/v2/system/admin/session" -d '{"email":"bench@example.com","password":"bench-password-0123456789"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["session_token"])')
  key=$(curl -s -H "Authorization: Bearer $token" "$base/api/v2/system/app?filter=name%3D'admin'&fields=api_key" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["resource"][0]["api_key"])')
  python3 - "$base" "$token" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
users = [{"email": f"user{i}@example.com", "name": f"User {i}", "first_name": "User", "last_name": str(i)} for i in range(200)]
request = urllib.request.Request(base + "/api/v2/system/user", data=json.dumps({"resource": users}).encode(),
                                 headers={"Authorization": "Bearer " + token}, method="POST")
urllib.request.urlopen(request).read()
PY
  echo "== $engine: $(curl -s -H "Authorization: Bearer $token" "$base/api/v2/system/user?include_count=true&limit=1" | head -c 200)"
  bash "$kit/wrk-run.sh" "Portico $engine /health/live (floor)" "$base/health/live" || true
  bash "$kit/wrk-run.sh" "Portico $engine GET /system/user?limit=25 (session + API key)" \
    "$base/api/v2/system/user?limit=25" "Authorization: Bearer $token" "X-DreamFactory-API-Key: $key" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS portico_bench_api" postgres

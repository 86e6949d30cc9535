#!/usr/bin/env bash
# Memory of large pages (issue 6): Portico, started with a small heap (HEAP, default -Xmx128m),
# serves GET /_table/big_items?limit=N of a 1,000,000-row table on each engine, one fresh server per
# page, and the script records what the client got (status, bytes, records, time to first byte and to
# the last) and what the server used: peak RSS (VmHWM) and, from its GC log, the most heap in use
# before a collection and the most still live after one. The service's max_records is raised to the
# largest page (DF_DB_MAX_RECORDS_RETURNED sets the same for every service).
#   usage: bash bench/big-page.sh
#   ENGINES="pg mysql sqlite"  SIZES="10000 1000000"  ROWS=1000000  HEAP=128m
#   PORTICO=/path/to/portico    another build's launcher (to compare with a build that reads pages whole)
#   RELATED=1   big_items.category is a foreign key to a 50-row big_categories, and each page is asked
#               with related=* (each record then carries its belongs_to category record)
# The table (like the kit's bench_items: id, name, category, price, qty, created_at) is made in a
# database `portico_big_page` (PostgreSQL, MariaDB; marked as the kit marks its own, dropped at the
# end) or a SQLite file under BENCH_WORK.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kit="$root/../shared/bench"
. "$kit/common.sh"
ENGINES=${ENGINES:-pg mysql sqlite} SIZES=${SIZES:-10000 1000000} ROWS=${ROWS:-1000000} HEAP=${HEAP:-128m}
RELATED=${RELATED:-0}
PORTICO=${PORTICO:-$root/portico}
DB=portico_big_page
work=$BENCH_WORK/big-page; rm -rf "$work"; mkdir -p "$work"
"$PORTICO" --version >/dev/null
bash "$kit/dbs-up.sh" >/dev/null
need python3

make_table(){ # $1 = engine
  case $1 in
    pg)
      pg_fresh_db "$DB" >/dev/null
      pg -d "$DB" >/dev/null <<SQL
CREATE TABLE big_items (id integer PRIMARY KEY, name text, category text, price double precision, qty integer, created_at timestamp);
INSERT INTO big_items SELECT i, 'item ' || i, 'cat' || (i % 50), (i % 1000) * 1.37, i % 100, timestamp '2021-01-01' + i * interval '1 minute'
  FROM generate_series(1, $ROWS) i;
$( [ "$RELATED" = 1 ] && echo "CREATE TABLE big_categories (name text PRIMARY KEY, label text);
INSERT INTO big_categories SELECT 'cat' || i, 'Category ' || i FROM generate_series(0, 49) i;
ALTER TABLE big_items ADD FOREIGN KEY (category) REFERENCES big_categories (name);" )
VACUUM ANALYZE big_items;
SQL
      ;;
    mysql)
      my_fresh_db "$DB" >/dev/null
      my "$DB" <<SQL
CREATE TABLE big_items (id int PRIMARY KEY, name varchar(255), category varchar(255), price double, qty int, created_at datetime);
SET SESSION max_recursive_iterations = $ROWS;
INSERT INTO big_items WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $ROWS)
  SELECT i, concat('item ', i), concat('cat', i % 50), (i % 1000) * 1.37, i % 100, '2021-01-01 00:00:00' + INTERVAL i MINUTE FROM c;
$( [ "$RELATED" = 1 ] && echo "CREATE TABLE big_categories (name varchar(255) PRIMARY KEY, label varchar(255));
INSERT INTO big_categories WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 49)
  SELECT concat('cat', i), concat('Category ', i) FROM c;
ALTER TABLE big_items ADD FOREIGN KEY (category) REFERENCES big_categories (name);" )
SQL
      ;;
    sqlite)
      need sqlite3
      rm -f "$work/big.db"
      sqlite3 "$work/big.db" <<SQL
$( [ "$RELATED" = 1 ] && echo "CREATE TABLE big_categories (name TEXT PRIMARY KEY, label TEXT);
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 49)
INSERT INTO big_categories SELECT 'cat' || i, 'Category ' || i FROM c;" )
CREATE TABLE big_items (id INTEGER PRIMARY KEY, name TEXT, category TEXT$( [ "$RELATED" = 1 ] && echo " REFERENCES big_categories (name)" ), price REAL, qty INTEGER, created_at TIMESTAMP);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $ROWS)
INSERT INTO big_items SELECT i, 'item ' || i, 'cat' || (i % 50), (i % 1000) * 1.37, i % 100, datetime(1609459200 + i * 60, 'unixepoch') FROM c;
SQL
      ;;
  esac
}

service_config(){ # $1 = engine; the service's type and config as JSON
  local max; max=$(printf '%s\n' $SIZES | sort -n | tail -1)
  case $1 in
    pg) echo "{\"type\":\"pgsql\",\"config\":{\"host\":\"$PGHOST\",\"port\":$PGPORT,\"database\":\"$DB\",\"username\":\"$PGUSER\",\"password\":\"${PGPASSWORD:-}\",\"max_records\":$max}}" ;;
    mysql) echo "{\"type\":\"mysql\",\"config\":{\"host\":\"$MYSQL_HOST\",\"port\":$MYSQL_PORT,\"database\":\"$DB\",\"username\":\"$MYSQL_USER\",\"password\":\"$MYSQL_PASSWORD\",\"max_records\":$max}}" ;;
    sqlite) echo "{\"type\":\"sqlite\",\"config\":{\"database\":\"$work/big.db\",\"max_records\":$max}}" ;;
  esac
}

pid=""
stop_server(){ [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=""; }; }
cleanup(){ stop_server; pg_drop_own "$DB" >/dev/null 2>&1 || true
  [ "$(my -N -e "select schema_comment from information_schema.schemata where schema_name='$DB'" 2>/dev/null)" = "$MARK" ] \
    && my -e "DROP DATABASE \`$DB\`" || true; }
trap cleanup EXIT

# one page from a fresh server: prints a result line
serve_page(){ # $1 = engine, $2 = page size
  local engine=$1 size=$2 home=$work/$1-$2 port base token out
  mkdir -p "$home"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  base=http://127.0.0.1:$port
  (cd "$home" && exec env ADMIN_EMAIL=bench@example.com ADMIN_PASSWORD=bench-password-0123456789 PORTICO_HTTP_PORT=$port \
    APP_LOG_LEVEL=warn PORTICO_JAVA_OPTS="-Xmx$HEAP -Xlog:gc:file=$home/gc.log" "$PORTICO" serve >"$home/serve.out" 2>&1) &
  pid=$!
  python3 "$root/bench/wait_ready.py" "$base/health/ready" "$(date +%s%N)" >/dev/null || die "Portico did not start: $home/serve.out"
  token=$(python3 - "$base" "$(service_config "$engine")" <<'PY'
import json, sys, urllib.request
base, service = sys.argv[1], json.loads(sys.argv[2])
def call(method, path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token: headers["X-DreamFactory-Session-Token"] = token
    request = urllib.request.Request(base + "/api/v2" + path, method=method, headers=headers, data=json.dumps(body).encode())
    return json.load(urllib.request.urlopen(request))
token = call("POST", "/system/admin/session", {"email": "bench@example.com", "password": "bench-password-0123456789"})["session_token"]
call("POST", "/system/service", dict(service, name="big", label="Big", is_active=True), token)
print(token)
PY
)
  out=$(curl -s -o "$home/page.json" -w '%{http_code} %{size_download} %{time_starttransfer} %{time_total} %{exitcode}' \
    -H "X-DreamFactory-Session-Token: $token" "$base/api/v2/big/_table/big_items?limit=$size$( [ "$RELATED" = 1 ] && echo '&related=*' )" || true)
  sleep 1  # the GC log and VmHWM settle
  local rss alive=yes
  rss=$(awk '/VmHWM/ {printf "%d", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo "-")
  kill -0 "$pid" 2>/dev/null || alive=no
  python3 - "$engine" "$size" "$out" "$home/page.json" "$home/gc.log" "$rss" "$alive" "$home/serve.out" <<'PY'
import re, sys
engine, size, out, page, gc, rss, alive, serve = sys.argv[1:9]
status, size_bytes, first, total, exit = (out.split() + ["-"] * 5)[:5]
try:
    body = open(page, "rb").read()
except OSError:
    body = b""
records = body.count(b'{"id":')
related = body.count(b'"big_categories_by_category":{"name":')
whole = body.endswith(b"]}")
before = after = 0
for line in open(gc, errors="replace"):
    m = re.search(r"(\d+)M->(\d+)M\(\d+M\)", line)
    if m:
        before, after = max(before, int(m.group(1))), max(after, int(m.group(2)))
oom = "OutOfMemoryError" in open(serve, errors="replace").read()
print(f"{engine:6} {int(size):>9,} rows: HTTP {status}{'' if exit == '0' else ' (curl exit ' + exit + ')'}, {int(size_bytes) if size_bytes.isdigit() else 0:>11,} bytes, "
      f"{records:>9,} records{f' ({related:,} with their category)' if related else ''}{'' if whole else ' (NOT a whole answer)'}, first byte {first} s, last {total} s | "
      f"server peak RSS {rss} MiB, heap before GC max {before} MiB, live after GC max {after} MiB"
      f"{', OutOfMemoryError in the log' if oom else ''}{'' if alive == 'yes' else ', server DIED'}")
PY
  stop_server
}

echo "== big pages$( [ "$RELATED" = 1 ] && echo ' with related=*' ), heap -Xmx$HEAP, $ROWS rows, $("$PORTICO" --version 2>/dev/null | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
for engine in $ENGINES; do
  s=$(now); make_table "$engine"; echo "$engine: big_items ($ROWS rows) made in $(since "$s") s"
  for size in $SIZES; do
    serve_page "$engine" "$size"
  done
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

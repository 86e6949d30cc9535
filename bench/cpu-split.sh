#!/usr/bin/env bash
# cpu-split.sh LABEL URL [HEADER]: where the CPU goes while one query is under load (the kit's protocol:
# 16 connections, 2 threads, 10 s, after a warm-up of WARM seconds, default 5): CPU of the Portico JVM,
# of the PostgreSQL backends and of the whole machine, in cores and in microseconds per request.
# URL "pgbench:FILE" runs `pgbench -M prepared -c 16 -j 2 -f FILE bench_items` instead (the floor);
# its backends come and go with the run, so PostgreSQL's share there is the machine's minus pgbench's own.
# Run it on a quiet machine: everything else running is counted in "machine".
# Called by `CPU_SPLIT=1 bash bench/services.sh`; Linux only (/proc).
set -euo pipefail
label=$1 url=$2 header=${3:-}
hz=$(getconf CLK_TCK)
ticks(){ # CPU ticks (user+system) of the processes whose command line matches $1
  local t=0 p; for p in $(pgrep -f "$1" || true); do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
machine(){ awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
load(){ # seconds
  if [[ $url == pgbench:* ]]; then
    /usr/bin/time -f "client %U %S" pgbench -n -M prepared -c 16 -j 2 -T "$1" -f "${url#pgbench:}" bench_items 2>&1
  else
    /usr/bin/time -f "client %U %S" wrk -t2 -c16 -d"$1"s ${header:+-H "$header"} "$url" 2>&1
  fi; }
[ -x /usr/bin/time ] || { echo "cpu-split.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
load "${WARM:-5}" >/dev/null
j0=$(ticks 'portico.jar serve'); p0=$(ticks 'postgres: '); m0=$(machine); w0=$(date +%s.%N)
out=$(load 10)
j1=$(ticks 'portico.jar serve'); p1=$(ticks 'postgres: '); m1=$(machine); w1=$(date +%s.%N)
if [[ $url == pgbench:* ]]; then n=$(echo "$out" | awk '/^number of transactions actually processed/{split($NF, a, "/"); print a[1]}')
else n=$(echo "$out" | awk '/requests in/{print $1}'); fi
client=$(echo "$out" | awk '/^client /{print $2+$3}')
awk -v l="$label" -v n="$n" -v j=$((j1-j0)) -v p=$((p1-p0)) -v m=$((m1-m0)) -v c="$client" -v hz="$hz" -v w0="$w0" -v w1="$w1" \
    -v floor="${url%%:*}" 'BEGIN{
  w = w1 - w0; j /= hz; p /= hz; m /= hz
  if (floor == "pgbench") { p = m - c; j = 0 }
  printf "%-22s %6.0f/s | Portico JVM %4.2f cores %4.0f us | PostgreSQL %4.2f cores %4.0f us | client %4.2f cores %3.0f us | machine %4.2f cores %4.0f us\n",
    l, n/w, j/w, 1e6*j/n, p/w, 1e6*p/n, c/w, 1e6*c/n, m/w, 1e6*m/n }'

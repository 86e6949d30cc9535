#!/usr/bin/env bash
# Downtime of `portico upgrade` on a generated system database of N rows (default 100k) with one pending
# migration, per engine (SQLite, PostgreSQL, MariaDB), RUNS runs each (median):
#   down      maintenance mode on -> off, as the command prints it ("down for X s (migrations Y ms)")
#   migration the migrations' own time inside that window (lock, Flyway, instance row), as printed
#   over      down - migration: what the upgrade adds around its migration (backup, its verification,
#             verify --against, seed, caches); the target is at most 2 s
#   upgrade   the whole command, wall time (launcher and JVM start included)
#   rollback  `portico rollback --yes` back to the point, wall time (it also resets the instance for the next run)
#   and, from the steps' own timings as printed: the read of every table before maintenance mode (outside the
#   window), the backup step and the verify step (inside it)
# The pending migration is bench/migrations/<engine>/V3__bench_pending.sql (a column with a default on
# user_account, an index over lookup), joined to the build's through the test-only system property
# portico.test.migrations, given to the JVM with PORTICO_JAVA_OPTS. Never do that on a real instance.
#
#   usage: RUNS=3 N=100000 ENGINES="sqlite pgsql mysql" bash bench/upgrade.sh
#
# Sources: bench/make-system-db.sh per engine (schema 2, N rows). Databases portico_bench_sys_<N>, dropped
# at the end with the instance folders (KEEP=1 keeps them). Results: printed, and
# $BENCH_WORK/results/upgrade.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kit=${BENCH_KIT:-$root/../shared/bench}
# shellcheck source=/dev/null
. "$kit/common.sh"
[ -x /usr/bin/time ] || apt_install time
N=${N:-100000}
ENGINES=${ENGINES:-"sqlite pgsql mysql"}
work=$BENCH_WORK/upgrade; rm -rf "$work"; mkdir -p "$work"
out=$BENCH_WORK/results/upgrade.md
"$root/portico" --version >/dev/null   # builds the jar and the launcher's caches outside the timings
# only upgrade and rollback see the bench migration: make-system-db.sh sets up schema 2
bench_opts="${PORTICO_JAVA_OPTS:-} -Dportico.test.migrations=$root/bench/migrations"

cleanup() {
  [ -n "${KEEP:-}" ] && return 0
  pg_drop_own "portico_bench_sys_$N" >/dev/null 2>&1 || true
  my_drop_own "portico_bench_sys_$N" >/dev/null 2>&1 || true
  for e in $ENGINES; do rm -rf "$BENCH_WORK/portico/$e-$N"; done
  rm -rf "$work"
}
trap cleanup EXIT

# portico_in HOME LOG args...: runs portico on the instance HOME, timing it; prints "wall_s"
portico_in() {
  local home=$1 log=$2; shift 2
  if ! (cd "$home" && PORTICO_JAVA_OPTS=$bench_opts /usr/bin/time -f "%e" -o "$work/time.out" "$root/portico" "$@") \
      >"$log" 2>&1; then
    tail -30 "$log" >&2; die "portico $* failed (log above, $log)"
  fi
  cat "$work/time.out"
}

# step_ms LOG LABEL: the "(LABEL: N ms)" time an upgrade log prints for a step
step_ms() { { grep -F "($2: " "$1" || echo "(0 ms)"; } | grep -o '[0-9]* ms)$' | head -1 | awk '{print $1}'; }
seconds() { awk -v ms="$1" 'BEGIN{printf "%.3f", ms / 1000}'; }

{
  echo "| engine | rows | down (s) | migration (s) | down − migration (s) | upgrade command (s) | rollback command (s) | read before down (s) | backup step (s) | verify step (s) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$work/table"
for engine in $ENGINES; do
  home=$(bash "$root/bench/make-system-db.sh" "$engine" "$N")
  : > "$work/$engine.runs"
  for run in $(seq 1 "$RUNS"); do
    log=$work/$engine-upgrade-$run.log
    wall=$(portico_in "$home" "$log" upgrade --yes)
    line=$(grep -o 'down for [0-9.]* s (migrations [0-9]* ms)' "$log") || { cat "$log" >&2; die "no downtime line in $log"; }
    down=$(echo "$line" | awk '{print $3}')
    migration=$(echo "$line" | awk '{gsub(/\(/, "", $6); printf "%.3f", $6 / 1000}')
    back=$(portico_in "$home" "$work/$engine-rollback-$run.log" rollback --yes)
    read_ms=$({ grep -o 'going down ([0-9,]* rows in [0-9]* ms)' "$log" || echo "0 ms)"; } | awk '{print $(NF-1)}')
    backup_ms=$(step_ms "$log" 'verified backup (the rollback point)')
    verify_ms=$(step_ms "$log" 'verify --against the backup')
    echo "$down $migration $wall $back $(seconds "${read_ms:-0}") $(seconds "$backup_ms") $(seconds "$verify_ms")" \
      >> "$work/$engine.runs"
    echo "$engine run $run: down $down s, migration $migration s, upgrade $wall s, rollback $back s," \
      "read before down ${read_ms:-0} ms, backup step $backup_ms ms, verify step $verify_ms ms" >&2
  done
  col() { awk -v c="$1" '{print $c}' "$work/$engine.runs" | median; }
  down=$(col 1); migration=$(col 2)
  over=$(awk -v d="$down" -v m="$migration" 'BEGIN{printf "%.3f", d - m}')
  echo "| $engine | $N | $down | $migration | $over | $(col 3) | $(col 4) | $(col 5) | $(col 6) | $(col 7) |" >> "$work/table"
done
{
  echo "Upgrade downtime, median of $RUNS runs, one pending migration ($(date -u +%Y-%m-%dT%H:%MZ)," \
    "commit $(git -C "$root" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)):"
  echo
  cat "$work/table"
} | tee "$out"

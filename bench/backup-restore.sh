#!/usr/bin/env bash
# Backup and restore of a generated Portico system database beside the standard tools, in one
# sitting, RUNS runs each (median), Portico and its peer interleaved (which goes first alternates):
#   (a) PostgreSQL: `portico backup` vs `pg_dump -Fc` of the same database (wall time, size)
#   (b) MariaDB: `portico backup` vs `mysqldump --single-transaction --hex-blob` (wall time, size)
#   (c) SQLite -> PostgreSQL: `portico restore` of the SQLite instance's archive into an empty
#       database vs `pgloader` of the same SQLite file into an empty database (rows/s)
#   (d) into MariaDB: `portico restore` of the MariaDB archive vs `mysql < dump.sql` of (b)'s dump
#   (e) peak memory (max RSS, /usr/bin/time) of every Portico run, at each size: memory must be flat
# Every command is timed end to end (Portico: launcher and JVM start included) by /usr/bin/time.
#
#   usage: RUNS=3 SIZES="10000 1000000" bash bench/backup-restore.sh
#   ONLY="c d" runs only those measurements (a pg-backup, b mysql-backup, c pg-restore, d mysql-restore)
#
# Sources: bench/make-system-db.sh per engine and size. Databases: portico_bench_sys_<N> (sources),
# portico_bench_restore, portico_bench_peer (targets, fresh for every run), all with the bench kit's
# marker comment, all dropped at the end with the instance folders (KEEP=1 keeps them). Settings as
# in the shared kit (PGHOST…, MYSQL_HOST…). Results: printed, and $BENCH_WORK/results/backup-restore.md.
# Time at RUNS=3 on 2 cores shared with other test runs (load 4–12): 10k rows 5 min, 1M rows 13 min.
# A pgloader run that takes longer than PGLOADER_TIMEOUT seconds (default 600) is stopped and fails the script.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kit=${BENCH_KIT:-$root/../shared/bench}
# shellcheck source=/dev/null
. "$kit/common.sh"
need pgloader; need sqlite3; need pg_dump postgresql-client; need mysqldump mariadb-client
[ -x /usr/bin/time ] || apt_install time
SIZES=${SIZES:-"10000 1000000"}
ONLY=${ONLY:-"a b c d"}
wanted() { case " $ONLY " in *" $1 "*) return 0;; esac; return 1; }
work=$BENCH_WORK/backup-restore; rm -rf "$work"; mkdir -p "$work"
out=$BENCH_WORK/results/backup-restore.md
"$root/portico" --version >/dev/null   # builds the jar and the launcher's caches outside the timings
restore_pg=portico_bench_restore peer_pg=portico_bench_peer
restore_my=portico_bench_restore peer_my=portico_bench_peer

cleanup() {
  [ -n "${KEEP:-}" ] && return 0
  for d in $restore_pg $peer_pg $(for n in $SIZES; do echo "portico_bench_sys_$n"; done); do pg_drop_own "$d"; my_drop_own "$d"; done >/dev/null 2>&1
  rm -rf "$work" "$BENCH_WORK"/portico/target-*
  for n in $SIZES; do rm -rf "$BENCH_WORK"/portico/{sqlite,pgsql,mysql}-"$n"; done
}
trap cleanup EXIT

# timed NAME cmd...: runs cmd under /usr/bin/time, appends "NAME wall_s maxrss_kb" to $work/times
timed() {
  local name=$1; shift
  if ! /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >"$work/$name.log" 2>&1; then
    tail -20 "$work/$name.log" >&2; die "$name failed (log above, $work/$name.log)"
  fi
  echo "$name $(cat "$work/time.out")" >> "$work/times"
}
# home_for ENGINE DATABASE: a bench instance (shared APP_KEY) whose system database is DATABASE, not set up
home_for() {
  local dir=$BENCH_WORK/portico/target-$1
  rm -rf "$dir"; mkdir -p "$dir"
  (umask 077; sed "s/^DB_DATABASE=.*/DB_DATABASE=$2/" "$BENCH_WORK/portico/$1-$n/.env" > "$dir/.env")
  echo "$dir"
}
pg_rows() { pg -d "$1" -tAc "select $(for t in $tables; do printf '(select count(*) from %s)+' "$t"; done)0"; }
my_rows() { my -N -e "select $(for t in $tables; do printf '(select count(*) from `%s`.%s)+' "$1" "$t"; done)0"; }
check_rows() { [ "$2" = "$total" ] || die "$1: $2 rows after the load, expected $total"; }
tables="instance user_account role service role_service_access app user_app_role event_script scheduled_task lookup cors_config email_template setting token_revocation"

for n in $SIZES; do
  echo "== N=$n: generating the SQLite, PostgreSQL and MariaDB system databases"
  pg_home=$(bash "$root/bench/make-system-db.sh" pgsql "$n")
  total=$(pg_rows "portico_bench_sys_$n")
  if wanted b || wanted d; then my_home=$(bash "$root/bench/make-system-db.sh" mysql "$n"); fi
  if wanted c; then
    sqlite_home=$(bash "$root/bench/make-system-db.sh" sqlite "$n")
    sqlite_file=$sqlite_home/storage/databases/portico.sqlite
    timed "n$n-r0-backup-sqlite" env PORTICO_HOME="$sqlite_home" "$root/portico" backup --out "$work/sqlite-$n.zip"
  fi
  for r in $(seq 1 "$RUNS"); do
    echo "-- N=$n run $r/$RUNS"
    rm -f "$work"/*.zip.run "$work"/*.dump "$work"/*.sql
    pair() { # pair PORTICO_FN PEER_FN: alternate which goes first
      if [ $((r % 2)) = 1 ]; then "$1"; "$2"; else "$2"; "$1"; fi
    }
    a_portico() { timed "n$n-r$r-a-portico" env PORTICO_HOME="$pg_home" "$root/portico" backup --out "$work/pg.zip.run"
                  echo "n$n-r$r-a-portico-bytes $(stat -c %s "$work/pg.zip.run")" >> "$work/sizes"; }
    a_peer() { timed "n$n-r$r-a-peer" pg_dump -Fc -f "$work/pg.dump" "portico_bench_sys_$n"
               echo "n$n-r$r-a-peer-bytes $(stat -c %s "$work/pg.dump")" >> "$work/sizes"; }
    if wanted a; then pair a_portico a_peer; fi
    b_portico() { timed "n$n-r$r-b-portico" env PORTICO_HOME="$my_home" "$root/portico" backup --out "$work/my.zip.run"
                  echo "n$n-r$r-b-portico-bytes $(stat -c %s "$work/my.zip.run")" >> "$work/sizes"; }
    b_peer() { local args; mapfile -t args < <(myargs)
               timed "n$n-r$r-b-peer" mysqldump "${args[@]}" --single-transaction --hex-blob -r "$work/my.sql" "portico_bench_sys_$n"
               echo "n$n-r$r-b-peer-bytes $(stat -c %s "$work/my.sql")" >> "$work/sizes"; }
    if wanted b || wanted d; then pair b_portico b_peer; fi   # d restores b's archive and dump
    c_portico() { pg_fresh_db $restore_pg >/dev/null; local home; home=$(home_for pgsql $restore_pg)
                  timed "n$n-r$r-c-portico" env PORTICO_HOME="$home" "$root/portico" restore "$work/sqlite-$n.zip"
                  check_rows "portico restore into PostgreSQL" "$(pg_rows $restore_pg)"; }
    c_peer() { pg_fresh_db $peer_pg >/dev/null
               local url; url=$(pgurl $peer_pg); url=postgresql${url#postgres}
               cat > "$work/load.pgl" <<PGL
LOAD DATABASE
  FROM sqlite://$sqlite_file
  INTO $url
  WITH include drop, create tables, create indexes, reset sequences, foreign keys, workers = 2, concurrency = 1
  SET work_mem to '64MB', maintenance_work_mem to '256MB';
PGL
               # pgloader 3.6.9 now and then stops half-way with its COPY connections idle; give up rather than wait forever
               timed "n$n-r$r-c-peer" timeout "${PGLOADER_TIMEOUT:-600}" pgloader --root-dir "$work/pgloader" --no-ssl-cert-verification "$work/load.pgl"
               check_rows "pgloader" "$(pg_rows $peer_pg)"; }
    if wanted c; then pair c_portico c_peer; fi
    d_portico() { my_fresh_db $restore_my >/dev/null; local home; home=$(home_for mysql $restore_my)
                  timed "n$n-r$r-d-portico" env PORTICO_HOME="$home" "$root/portico" restore "$work/my.zip.run"
                  check_rows "portico restore into MariaDB" "$(my_rows $restore_my)"; }
    d_peer() { my_fresh_db $peer_my >/dev/null; local args; mapfile -t args < <(myargs)
               timed "n$n-r$r-d-peer" bash -c 'exec mysql "$@" < "$0"' "$work/my.sql" "${args[@]}" $peer_my
               check_rows "mysql < dump.sql" "$(my_rows $peer_my)"; }
    if wanted d; then pair d_portico d_peer; fi
  done
  echo "$n $total" >> "$work/totals"
done

# --- the table -------------------------------------------------------------------------------------
med() { grep -E "^n$1-r[0-9]+-$2 " "$work/$3" | awk -v c="$4" '{print $c}' | median; }
runs() { grep -E "^n$1-r[0-9]+-$2 " "$work/times" | awk '{printf "%s%s", sep, $2; sep=" "}'; }
mb() { awk -v b="$1" 'BEGIN{printf "%.1f MB", b/1e6}'; }
commas() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
rps() { awk -v r="$1" -v s="$2" 'BEGIN{printf "%.0f", r/s}' | commas; }
{
  echo "Backup and restore, median of $RUNS, $(date -u +%FT%H:%MZ), $(nproc) cores; Portico and peer interleaved in one sitting."
  echo
  echo "| rows | measurement | Portico | peer | peer result | Portico / peer |"
  echo "|---:|---|---:|---|---:|---:|"
  while read -r n total; do
    for x in "a|PostgreSQL backup (s, size)|pg_dump -Fc" "b|MariaDB backup (s, size)|mysqldump" \
             "c|SQLite → PostgreSQL restore (s, rows/s)|pgloader" "d|restore into MariaDB (s, rows/s)|mysql < dump.sql"; do
      IFS='|' read -r k label peer <<<"$x"
      wanted "$k" || continue
      p=$(med "$n" "$k-portico" times 2) q=$(med "$n" "$k-peer" times 2)
      if [ "$k" = a ] || [ "$k" = b ]; then
        pd="$p s ($(runs "$n" "$k-portico")), $(mb "$(med "$n" "$k-portico-bytes" sizes 2)")"
        qd="$q s ($(runs "$n" "$k-peer")), $(mb "$(med "$n" "$k-peer-bytes" sizes 2)")"
        ratio=$(awk -v p="$p" -v q="$q" 'BEGIN{printf "%.2f× the time", p/q}')
      else
        pd="$p s ($(runs "$n" "$k-portico")) = $(rps "$total" "$p") rows/s"
        qd="$q s ($(runs "$n" "$k-peer")) = $(rps "$total" "$q") rows/s"
        ratio=$(awk -v p="$p" -v q="$q" 'BEGIN{printf "%.2f× the rows/s", q/p}')
      fi
      echo "| $(echo "$total" | commas) | $label | $pd | $peer | $qd | $ratio |"
    done
  done < "$work/totals"
  echo
  echo "Peak memory (max RSS, median of the runs) of Portico's JVM, launcher included:"
  echo
  echo "| rows | backup SQLite | backup PostgreSQL | backup MariaDB | restore → PostgreSQL | restore → MariaDB | pg_dump | pgloader | mysqldump | mysql |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  while read -r n total; do
    m() { awk -v k="$1" 'BEGIN{printf "%.0f MB", k/1024}'; }
    echo "| $(echo "$total" | commas) | $(m "$(med "$n" backup-sqlite times 3)") | $(m "$(med "$n" a-portico times 3)") | $(m "$(med "$n" b-portico times 3)") | $(m "$(med "$n" c-portico times 3)") | $(m "$(med "$n" d-portico times 3)") | $(m "$(med "$n" a-peer times 3)") | $(m "$(med "$n" c-peer times 3)") | $(m "$(med "$n" b-peer times 3)") | $(m "$(med "$n" d-peer times 3)") |"
  done < "$work/totals"
} | tee "$out"

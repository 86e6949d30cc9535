#!/usr/bin/env bash
# Makes a Portico system database of about N generated rows for the backup/restore benchmarks, on
# SQLite, PostgreSQL or MariaDB: `portico setup` creates the real schema (and the instance row, key
# canary, first admin and seed), then one INSERT … SELECT per table adds the rows, in plain SQL
# (generate_series / MariaDB's seq_1_to_N / a recursive CTE). Mostly users and lookups (40 % each),
# then user_app_role 10 %, token_revocation 6 %, role_service_access 2 %, and some of every other
# table: bcrypt-looking hashes, sealed-looking `pv1:` secrets, unicode names, microsecond timestamps.
#
#   usage: bash bench/make-system-db.sh <sqlite|pgsql|mysql> N
#
# Prints the instance folder (PORTICO_HOME): $BENCH_WORK/portico/<engine>-<N>, its .env naming the
# database (SQLite: storage/databases/portico.sqlite there; PostgreSQL/MariaDB: portico_bench_sys_<N>,
# dropped and made again, created with the bench kit's marker comment). Every instance made here
# shares one APP_KEY ($BENCH_WORK/portico/app-key.env, mode 600), so any archive restores into any
# other bench instance. Uses the shared kit's settings (PGHOST…, MYSQL_HOST…) and helpers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kit=${BENCH_KIT:-$root/../shared/bench}
# shellcheck source=/dev/null
. "$kit/common.sh"
need sqlite3
engine=${1:?usage: make-system-db.sh <sqlite|pgsql|mysql> N}
n=${2:?usage: make-system-db.sh <sqlite|pgsql|mysql> N}
[ "$n" -ge 1000 ] 2>/dev/null || die "N must be a number >= 1000, got '$n'"
base=$BENCH_WORK/portico
home=$base/$engine-$n
db=portico_bench_sys_$n

# --- one APP_KEY for every bench instance (never printed) ------------------------------------------
mkdir -p "$base"
if [ ! -s "$base/app-key.env" ]; then
  (umask 077; echo "APP_KEY=$("$root/portico" key:generate --show | tail -1)" > "$base/app-key.env")
fi

# write_env HOME ENGINE DATABASE: a .env for a bench instance (shared key, quiet log)
write_env() {
  local dir=$1 kind=$2 name=$3
  rm -rf "$dir"; mkdir -p "$dir"
  (umask 077; {
    cat "$base/app-key.env"
    echo "APP_LOG_LEVEL=warn"
    case $kind in
      sqlite) echo "DB_CONNECTION=sqlite" ;;
      pgsql) printf 'DB_CONNECTION=pgsql\nDB_HOST=%s\nDB_PORT=%s\nDB_DATABASE=%s\nDB_USERNAME=%s\n' \
               "$PGHOST" "$PGPORT" "$name" "$PGUSER"; [ -z "${PGPASSWORD:-}" ] || echo "DB_PASSWORD=$PGPASSWORD" ;;
      mysql) printf 'DB_CONNECTION=mysql\nDB_HOST=%s\nDB_PORT=%s\nDB_DATABASE=%s\nDB_USERNAME=%s\n' \
               "$MYSQL_HOST" "$MYSQL_PORT" "$name" "$MYSQL_USER"; [ -z "$MYSQL_PASSWORD" ] || echo "DB_PASSWORD=$MYSQL_PASSWORD" ;;
    esac
  } > "$dir/.env")
}

# --- dialect: a row source of i = 1..count, timestamps, random hex ---------------------------------
src() {
  case $engine in
    pgsql) echo "generate_series(1::bigint, $1) AS s(i)" ;;
    mysql) echo "(SELECT seq AS i FROM seq_1_to_$1) s" ;;
    sqlite) echo "(WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $1) SELECT i FROM c) s" ;;
  esac
}
ts() { # 2023-01-01 + $1 seconds, with microseconds
  case $engine in
    pgsql) echo "(timestamp '2023-01-01 00:00:00' + (($1)::bigint * 1000000 + (i * 7919) % 1000000) * interval '1 microsecond')" ;;
    mysql) echo "(TIMESTAMP'2023-01-01 00:00:00' + INTERVAL (($1) * 1000000 + (i * 7919) % 1000000) MICROSECOND)" ;;
    sqlite) echo "(strftime('%Y-%m-%d %H:%M:%S', 1672531200 + ($1), 'unixepoch') || '.' || printf('%06d', (i * 7919) % 1000000))" ;;
  esac
}
case $engine in
  pgsql) H="md5(random()::text)" ;;
  mysql) H="md5(rand())" ;;
  sqlite) H="lower(hex(randomblob(16)))" ;;
  *) die "engine must be sqlite, pgsql or mysql, got '$engine'" ;;
esac
SEALED="'pv1:5be7c0ffee12:' || $H || $H"   # the shape of SecretBox output: pv1:<fingerprint>:<base64url>
B=1000                                     # generated ids start above the seed's

nu=$((n * 40 / 100)) nl=$((n * 40 / 100)) nuar=$((n * 10 / 100)) ntr=$((n * 6 / 100)) nrsa=$((n * 2 / 100))
nrole=$((n / 200)) nes=$((n / 200)) nsvc=$((n / 500)) napp=$((n / 500)) nst=$((n / 500)) nset=$((n / 500))
ncors=$((n / 1000)) nem=$((n / 1000))
first="CASE i % 8 WHEN 0 THEN 'José' WHEN 1 THEN 'Zoë' WHEN 2 THEN 'Åsa' WHEN 3 THEN 'Łukasz' WHEN 4 THEN 'Ярослав'
  WHEN 5 THEN '美咲' WHEN 6 THEN 'Şükrü' ELSE 'Anne-Marie' END"
last="CASE i % 7 WHEN 0 THEN 'Nguyễn' WHEN 1 THEN 'Müller' WHEN 2 THEN 'O''Brien' WHEN 3 THEN 'García Márquez'
  WHEN 4 THEN '佐藤' WHEN 5 THEN 'Đorđević' ELSE 'Smith' END"
stamps="$(ts "i * 60"), $(ts "i * 60 + 86400")"

sql() {
  cat <<SQL
INSERT INTO service (id, name, label, description, is_active, type, mutable, deletable, config, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, 'svc_' || i, 'Service ' || i, 'Base de données n° ' || i, i % 10 <> 0, CASE i % 3 WHEN 0 THEN 'pgsql' WHEN 1 THEN 'mysql' ELSE 'sqlite' END,
  1 = 1, 1 = 1, '{"host":"db' || i || '.internal","port":5432,"database":"app_' || i || '","username":"svc_' || i || '","password":"' || $SEALED || '"}',
  1, 1, $stamps FROM $(src $nsvc);
INSERT INTO role (id, name, description, is_active, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, 'role_' || i, 'Rôle ' || i || ' — généré', i % 10 <> 0, 1, NULL, $stamps FROM $(src $nrole);
INSERT INTO app (id, name, api_key, description, is_active, type, requires_fullscreen, allow_fullscreen_toggle, toggle_location, role_id, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, 'app_' || i, $H || $H, 'Application ' || i, 1 = 1, 0, 1 = 0, 1 = 1, 'top', $B + 1 + i % $nrole, 1, 1, $stamps FROM $(src $napp);
INSERT INTO user_account (id, name, username, first_name, last_name, email, password, is_sys_admin, is_active, phone, security_answer,
  default_app_id, last_login_at, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, ($first) || ' ' || ($last) || ' ' || i, 'user' || i, $first, $last, 'user' || i || '@example.com',
  '\$2a\$12\$' || substr($H || $H, 1, 53), i % 1000 = 0, i % 20 <> 0, '+1 555 ' || (i % 10000),
  CASE WHEN i % 10 = 0 THEN $SEALED END, CASE WHEN i % 4 = 0 THEN $B + 1 + i % $napp END,
  CASE WHEN i % 2 = 0 THEN $(ts "i * 60 + 172800") END, CASE WHEN i % 5 = 0 THEN $B + i - 1 ELSE 1 END, NULL, $stamps
FROM $(src $nu);
INSERT INTO lookup (id, app_id, role_id, user_id, name, value, private, description, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, CASE WHEN i % 4 = 1 THEN $B + 1 + i % $napp END, CASE WHEN i % 4 = 2 THEN $B + 1 + i % $nrole END,
  CASE WHEN i % 4 = 3 THEN $B + 1 + i % $nu END, 'lookup_' || i, $SEALED, i % 3 = 0,
  CASE WHEN i % 2 = 0 THEN 'Réglage n° ' || i END, 1, NULL, $stamps FROM $(src $nl);
INSERT INTO user_app_role (id, user_id, app_id, role_id, created_at, updated_at)
SELECT $B + i, $B + i, $B + 1 + i % $napp, $B + 1 + i % $nrole, $stamps FROM $(src $nuar);
INSERT INTO role_service_access (id, role_id, service_id, component, verb_mask, requestor_mask, filters, filter_op, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, $B + 1 + i % $nrole, CASE WHEN i % 5 <> 0 THEN $B + 1 + i % $nsvc END, CASE WHEN i % 2 = 0 THEN '_table/*' ELSE '*' END,
  i % 32, 1 + i % 3, CASE WHEN i % 4 = 0 THEN '[{"name":"owner_id","operator":"=","value":"{user.id}"}]' END, 'and', 1, NULL, $stamps
FROM $(src $nrsa);
INSERT INTO event_script (id, name, type, content, config, is_active, allow_event_modification, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, 'db._table.t' || i || '.get.pre_process', CASE i % 3 WHEN 0 THEN 'nodejs' WHEN 1 THEN 'python' ELSE 'php' END,
  '// script ' || i || ' — vérifie la requête' || char(10) || 'if (event.request.parameters.limit > 100) { throw new Error("' || $H || '"); }' || char(10)
  || 'event.request.parameters.filter = "owner_id = " + platform.session.user.id;', '{"timeout":30}', i % 2 = 0, 1 = 0, 1, NULL, $stamps
FROM $(src $nes);
INSERT INTO scheduled_task (id, name, description, is_active, service_id, component, verb, verb_mask, frequency, payload, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, 'task_' || i, 'Nightly job ' || i, 1 = 1, $B + 1 + i % $nsvc, '_table/t' || i, 'GET', 1, 1 + i % 60, '{"n":' || i || '}', 1, NULL, $stamps
FROM $(src $nst);
INSERT INTO cors_config (id, path, description, origin, header, exposed_header, method, max_age, supports_credentials, enabled, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, 'api/v2/p' || i, 'CORS ' || i, 'https://app' || i || '.example.com', '*', NULL, 31, 3600, 1 = 0, 1 = 1, 1, NULL, $stamps FROM $(src $ncors);
INSERT INTO email_template (id, name, description, subject, body_text, body_html, from_name, from_email, created_by_id, updated_by_id, created_at, updated_at)
SELECT $B + i, 'tmpl_' || i, 'Template ' || i, 'Bienvenue, {first_name} ' || i, 'Bonjour {first_name}, votre code est {code}. ' || $H,
  '<p>Bonjour <b>{first_name}</b>, votre code est {code}.</p><p>' || $H || '</p>', 'Équipe Portico', 'noreply@example.com', 1, NULL, $stamps
FROM $(src $nem);
INSERT INTO setting (id, name, value, created_at, updated_at)
SELECT $B + i, 'setting.' || i, '{"v":' || i || ',"label":"paramètre ' || i || '"}', $stamps FROM $(src $nset);
INSERT INTO token_revocation (id, user_id, token_id, revoked_before, expires_at, created_at)
SELECT $B + i, $B + 1 + i % $nu, $H, NULL, $(ts "i * 60 + 604800"), $(ts "i * 60") FROM $(src $ntr);
SQL
}

tables="instance user_account role service role_service_access app user_app_role event_script scheduled_task lookup cors_config email_template setting token_revocation"
start=$(now)
case $engine in
  sqlite)
    write_env "$home" sqlite ""
    (cd "$home" && ADMIN_PASSWORD=bench-password-0123456789 "$root/portico" setup >/dev/null)
    { echo "PRAGMA foreign_keys = ON; BEGIN;"; sql; echo "COMMIT; ANALYZE;"; } \
      | sqlite3 -bail "$home/storage/databases/portico.sqlite"
    count() { sqlite3 "$home/storage/databases/portico.sqlite" "select count(*) from $1"; } ;;
  pgsql)
    pg_fresh_db "$db"
    write_env "$home" pgsql "$db"
    (cd "$home" && ADMIN_PASSWORD=bench-password-0123456789 "$root/portico" setup >/dev/null)
    { echo "BEGIN;"; sql | sed 's/char(10)/chr(10)/g'
      for t in $tables; do [ "$t" = instance ] || echo "SELECT setval(pg_get_serial_sequence('$t', 'id'), (SELECT max(id) FROM $t));"; done
      echo "COMMIT; ANALYZE;"; } | pg -d "$db" >/dev/null
    count() { pg -d "$db" -tAc "select count(*) from $1"; } ;;
  mysql)
    my_fresh_db "$db"
    write_env "$home" mysql "$db"
    (cd "$home" && ADMIN_PASSWORD=bench-password-0123456789 "$root/portico" setup >/dev/null)
    # the data above is consistent by construction; checking every reference row by row would triple the time
    { echo "SET SESSION sql_mode = 'STRICT_ALL_TABLES,PIPES_AS_CONCAT', time_zone = '+00:00', foreign_key_checks = 0;"
      echo "START TRANSACTION;"; sql | sed 's/char(10)/char(10 USING utf8mb4)/g'; echo "COMMIT;"; } | my --default-character-set=utf8mb4 "$db"
    count() { my -N -e "select count(*) from \`$db\`.$1"; } ;;
esac
total=0
for t in $tables; do total=$((total + $(count "$t"))); done
echo "made $engine system database with $total rows (N=$n) in $(since "$start") s" >&2
echo "$home"

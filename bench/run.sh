#!/usr/bin/env bash
# Issue 10's table in one run: every figure of the service next to a baseline measured in the same run, on throwaway
# databases (a PostgreSQL cluster from the local binaries, SQLite files in the work dir), the service published in
# Release and run in Production. Prints the table with the ratios (service over baseline) and the GC setting in use.
#   bash bench/run.sh                 the table (5–7 minutes on 2 cores)
#   BENCH_GC=1 bash bench/run.sh      also the GC variants (Server/Workstation, concurrent, DATAS): req/s and RSS
#   BENCH_STARTUP=1 bash bench/run.sh also a fresh process's first 5 s: as published, JIT settings, ReadyToRun
#   BENCH_OPTIONS=1 bash bench/run.sh also DbContext pooling on/off
# Smaller runs: BENCH_IMPORT_ROWS, BENCH_IMPORT_ROUNDS (COPY/HTTP import pairs, default 3), BENCH_PG_ROWS, BENCH_SQLITE_ROWS, BENCH_SECONDS (per wrk round, default 3; BENCH_ROUNDS rounds, default 4).
# Needs: /usr/lib/postgresql/15/bin (initdb, pg_ctl), psql, sqlite3, wrk, curl, jq, bc.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/run-import.sh"

IMPORT_ROWS=${BENCH_IMPORT_ROWS:-100000}
PG_ROWS=${BENCH_PG_ROWS:-2000000}
SQLITE_ROWS=${BENCH_SQLITE_ROWS:-200000}
USERS=20
SECONDS_PER_RUN=${BENCH_SECONDS:-3}
# What a fresh Debian machine lacks is installed, as .ci/run does (apt-get, as root); otherwise the run stops and says what.
missing=()
for tool in psql sqlite3 wrk curl jq bc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  packages=(); for tool in "${missing[@]}"; do case $tool in psql) packages+=(postgresql-client-15) ;; *) packages+=("$tool") ;; esac; done
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${packages[*]}..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null) \
      || { echo "bench/run.sh could not install ${packages[*]}" >&2; exit 1; }
  else
    echo "bench/run.sh needs ${missing[*]}: apt-get install ${packages[*]}" >&2; exit 1
  fi
fi

bench_init run
pg_start
publish_api
publish_bare
if [ -n "${BENCH_STARTUP:-}" ]; then
  # Published here, with the same tree as the other, before anything is measured.
  log "publishing the service with ReadyToRun"
  dotnet publish "$BENCH_ROOT/src/Api" -c Release -o "$WORK/api-r2r" -p:PublishReadyToRun=true -r linux-x64 --self-contained false >"$WORK/publish-r2r.log" 2>&1 || { tail -30 "$WORK/publish-r2r.log"; exit 1; }
fi
log "building bench (Release) for the in-process SQLite baseline"
dotnet build "$BENCH_ROOT/bench" -c Release -o "$WORK/benchbin" >"$WORK/build-bench.log" 2>&1 || { tail -30 "$WORK/build-bench.log"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------------
# 1. Import (bench/run-import.sh).
api_upgrade "$PG_URL"
api_start "$PG_URL"
api_user bench@example.com
bench_import "$IMPORT_ROWS"

# ---------------------------------------------------------------------------------------------------------------------
# 2. PostgreSQL reads at 2M rows: the bench user and 19 more, each with one account and PG_ROWS/20 rows, COPY-loaded.
"${PSQL[@]}" -d fininfra -c "TRUNCATE transactions, account_balance_days" >/dev/null
READS_ACCOUNT=$(api_account reads)
USER_ID=$("${PSQL[@]}" -At -d fininfra -c "SELECT user_id FROM accounts WHERE id = '$READS_ACCOUNT'")
log "loading $PG_ROWS rows over $USERS users with COPY"
"${PSQL[@]}" -d fininfra -v uid="$USER_ID" -v acc="$READS_ACCOUNT" -v users="$USERS" >/dev/null <<'SQL'
CREATE TABLE bench_seed AS SELECT g AS n,
  CASE WHEN g = 0 THEN :'uid'::uuid ELSE ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid END AS user_id,
  CASE WHEN g = 0 THEN (SELECT connection_id FROM accounts WHERE id = :'acc') ELSE ('00000000-0001-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid END AS connection_id,
  CASE WHEN g = 0 THEN :'acc'::uuid ELSE ('00000000-0002-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid END AS account_id
FROM generate_series(0, :users - 1) g;
INSERT INTO users (id, email, hashed_password, created_at, updated_at, security_stamp)
  SELECT user_id, 'reader' || n || '@example.com', 'none', now(), now(), md5(n::text) FROM bench_seed WHERE n > 0;
INSERT INTO bank_connections (id, user_id, provider, item_id, institution_name, status, created_at, updated_at, version)
  SELECT connection_id, user_id, 'manual', 'manual-bench-' || n, 'Bench', 'active', now(), now(), 0 FROM bench_seed WHERE n > 0;
INSERT INTO accounts (id, connection_id, account_id, name, type, subtype, balance, currency, is_manual, user_id, created_at, updated_at, version)
  SELECT account_id, connection_id, 'manual-bench-' || n, 'Checking', 'depository', 'checking', 0, 'USD', true, user_id, now(), now(), 0 FROM bench_seed WHERE n > 0;
SQL
t0=$(now)
"${PSQL[@]}" -d fininfra -At -F ' ' -c "SELECT n, user_id, account_id FROM bench_seed ORDER BY n" | awk -v per=$((PG_ROWS / USERS)) '{
  for (i = 0; i < per; i++)
    printf "%08x-%04x-7000-8000-%012x\t%s\t%s\tr-%07d\t%.4f\tUSD\t%d-%02d-%02d\tPurchase %d\tShop %d\tFood\tfood\tstandard\t\\N\tf\timport\tPurchase %d\tShop %d\tFood\tstandard\t0\t\\N\t2026-01-01 00:00:00+00\t2026-01-01 00:00:00+00\n",
      i, $1, i, $2, $3, i, -(i % 500) - 0.99, 2021 + i % 5, i % 12 + 1, i % 28 + 1, i, i % 500, i, i % 500 }' |
  "${PSQL[@]}" -d fininfra -c "\\copy transactions ($TRANSACTION_COLUMNS) FROM pstdin" >/dev/null
"${PSQL[@]}" -d fininfra -c "ANALYZE" >/dev/null
log "loaded in $(echo "$(now) - $t0" | bc | cut -c1-5) s"

# The cursor after row 500 of the bench user, as the service hands it out (10 pages of 50).
deep_cursor() {
  local cursor="" page
  for _ in $(seq 1 10); do
    page=$(call GET "/api/v1/transactions?limit=50${cursor:+&cursor=$cursor}" -H "$AUTH")
    cursor=$(echo "$page" | jq -r .nextCursor)
  done
  echo "$cursor"
}
CURSOR=$(deep_cursor)
DEEP=$("${PSQL[@]}" -d fininfra -At -F ' ' -c "SELECT date, id FROM transactions WHERE user_id = '$USER_ID' ORDER BY date DESC, id DESC OFFSET 499 LIMIT 1")
DEEP_DATE=${DEEP% *}; DEEP_ID=${DEEP#* }

# The exact SQL the service sends for both pages, with its parameters, from the server's statement log.
log "capturing the service's SQL"
"${PSQL[@]}" -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null; sleep 0.5
L0=$(($(wc -c < "$WORK/pg.log") + 1))
call GET "/api/v1/transactions?limit=50" -H "$AUTH" >/dev/null
call GET "/api/v1/transactions?limit=50&cursor=$CURSOR" -H "$AUTH" >/dev/null
call GET "/api/v1/accounts" -H "$AUTH" >/dev/null
sleep 0.5; "${PSQL[@]}" -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
tail -c +"$L0" "$WORK/pg.log" > "$WORK/statements.log"
# statement N: the Nth executed statement (SQL text, then a line of its parameters as EXECUTE arguments).
statement() {
  awk -v want="$1" -v sqlf="$WORK/stmt$1.sql" -v parf="$WORK/stmt$1.args" '
    /LOG:  duration: .* execute [^:]*: / { grab = 1; match($0, /execute [^:]*: /); sql = substr($0, RSTART + RLENGTH); next }
    grab && /^\t/ { sql = sql "\n" substr($0, 2); next }
    grab && /DETAIL:  [Pp]arameters: / { if (++k == want) { print sql > sqlf; p = substr($0, index($0, "arameters: ") + 11); gsub(/\$[0-9]+ = /, "", p); print p > parf; exit } }
    { grab = 0 }' "$WORK/statements.log"
  [ -s "$WORK/stmt$1.sql" ] || { echo "no statement $1 in the server log" >&2; cat "$WORK/statements.log" >&2; return 1; }
}
statement 1; statement 2; statement 3
{ echo "-- the service's newest-50 page:"; cat "$WORK/stmt1.sql"; echo "-- parameters: $(cat "$WORK/stmt1.args")"; echo "-- the page after row 500:"; cat "$WORK/stmt2.sql"; echo "-- parameters: $(cat "$WORK/stmt2.args")"; echo "-- GET /accounts:"; cat "$WORK/stmt3.sql"; } > "$WORK/service-sql.txt"

# server_pair SQL_A ARGS_A SQL_B ARGS_B: planning + execution time (EXPLAIN ANALYZE of each prepared text, a custom plan
# each time, as the service's unnamed statements get), the two run in turn 300 times in one session, so that a pause of
# the machine falls on both alike; sets SA and SB, the median of each in ms.
server_pair() {
  { echo "SET plan_cache_mode = force_custom_plan;"; echo "PREPARE qa AS $1;"; echo "PREPARE qb AS $3;"
    for _ in $(seq 1 300); do echo "EXPLAIN (ANALYZE, TIMING OFF) EXECUTE qa($2);"; echo "EXPLAIN (ANALYZE, TIMING OFF) EXECUTE qb($4);"; done; } |
    "${PSQL[@]}" -d fininfra -At > "$WORK/explain.txt" 2>&1 || { head -20 "$WORK/explain.txt" >&2; return 1; }
  # Plain POSIX awk (Debian's default awk is mawk): each run's time, tagged a or b, then the median of each.
  awk '/Planning Time:/ { p = $3 } /Execution Time:/ { print ((n++ % 2 == 0) ? "a" : "b"), p + $3 }' "$WORK/explain.txt" > "$WORK/explain-times.txt"
  local -a ta tb
  mapfile -t ta < <(awk '$1 == "a" { print $2 }' "$WORK/explain-times.txt")
  mapfile -t tb < <(awk '$1 == "b" { print $2 }' "$WORK/explain-times.txt")
  [ ${#ta[@]} -gt 0 ] && [ ${#tb[@]} -gt 0 ] || { echo "no timings:" >&2; head -20 "$WORK/explain.txt" >&2; return 1; }
  SA=$(printf '%.3f' "$(median "${ta[@]}")"); SB=$(printf '%.3f' "$(median "${tb[@]}")")
}
log "server time of the service's SQL against the hand-written query"
server_pair "$(cat "$WORK/stmt1.sql")" "$(cat "$WORK/stmt1.args")" \
  "SELECT * FROM transactions WHERE user_id = \$1 ORDER BY date DESC, id DESC LIMIT 51" "'$USER_ID'"
S1=$SA; H1=$SB
server_pair "$(cat "$WORK/stmt2.sql")" "$(cat "$WORK/stmt2.args")" \
  "SELECT * FROM transactions WHERE user_id = \$1 AND (date, id) < (\$2, \$3) ORDER BY date DESC, id DESC LIMIT 51" "'$USER_ID', '$DEEP_DATE', '$DEEP_ID'"
S2=$SA; H2=$SB
row "PostgreSQL, newest 50 of one user at $PG_ROWS rows: server time of the service's SQL" "$S1 ms" "hand-written \`… where user_id=\$1 order by date desc, id desc limit 51\`: $H1 ms" "$(ratio "$S1" "$H1")"
row "the same, the page after row 500" "$S2 ms" "hand-written \`… and (date, id) < (\$2, \$3) …\`: $H2 ms" "$(ratio "$S2" "$H2")"

# ---------------------------------------------------------------------------------------------------------------------
# 3. The same over HTTP (wrk, one connection, p50) against the bare endpoint; 5. GET /accounts under wrk -c16; 6. RSS.
# The rows above were COPY-loaded around the service, so their accounts have no balance history: a fresh process's
# daily snapshot job first computes it for every such account (ADR 0015; PG_ROWS rows over USERS accounts), as it would
# for data written around the service in production. That one-off backfill is done here, in a process that is not
# measured, so that the figures below are of the read load alone.
log "the daily snapshot job's backfill of the seeded accounts' balance history (not measured)"
t0=$(now)
api_start "$PG_URL"
for _ in $(seq 1 600); do
  [ "$("${PSQL[@]}" -At -d fininfra -c "SELECT (SELECT count(*) FROM users) = (SELECT count(DISTINCT user_id) FROM net_worth_snapshots WHERE snapshot_date = (now() AT TIME ZONE 'utc')::date - 1)")" = t ] && break
  sleep 0.5
done
log "backfilled in $(echo "$(now) - $t0" | bc | cut -c1-5) s"
# A fresh service process, so that its memory figures are those of this read load, not of the imports or the backfill.
api_start "$PG_URL"
bare_start BARE_POSTGRES="$PG_CS"
mem_log() { log "memory $1: service $(rss_mb "$API_PID" VmRSS) MB (peak $(rss_mb "$API_PID" VmHWM)), bare $(rss_mb "$BARE_PID" VmRSS) MB (peak $(rss_mb "$BARE_PID" VmHWM))"; }
mem_log "after start"
# The baseline answers exactly what the service answers (the same rows, fields and values), or the ratios mean nothing.
call GET "/api/v1/transactions?limit=50" -H "$AUTH" | jq -e '.items | length == 50' >/dev/null
same_answer "/api/v1/transactions?limit=50" "$BARE/pg/transactions?user=$USER_ID"
same_answer "/api/v1/transactions?limit=50&cursor=$CURSOR" "$BARE/pg/transactions?user=$USER_ID&date=$DEEP_DATE&id=$DEEP_ID"
same_answer "/api/v1/accounts" "$BARE/pg/accounts?user=$USER_ID"
log "HTTP p50 on PostgreSQL (wrk -c1, ${SECONDS_PER_RUN}s each, after a warm-up)"
# A fresh process runs tier-0 JIT code for its first seconds; each side is warmed on every route it is measured on.
WARM_SECONDS=${BENCH_WARM_SECONDS:-10}
wrk_warm "$B/api/v1/transactions?limit=50" 4 "$WARM_SECONDS" "$AUTH"; wrk_warm "$B/api/v1/transactions?limit=50&cursor=$CURSOR" 4 3 "$AUTH"
wrk_warm "$B/api/v1/accounts" 4 3 "$AUTH"
wrk_warm "$BARE/pg/transactions?user=$USER_ID" 4 "$WARM_SECONDS"; wrk_warm "$BARE/pg/transactions?user=$USER_ID&date=$DEEP_DATE&id=$DEEP_ID" 4 3
wrk_warm "$BARE/pg/accounts?user=$USER_ID" 4 3
mem_log "after the warm-up"
ROUNDS=${BENCH_ROUNDS:-4}
pair "$ROUNDS" "$SECONDS_PER_RUN" 1 "$B/api/v1/transactions?limit=50" "$AUTH" "$BARE/pg/transactions?user=$USER_ID"
row "the same over HTTP, p50" "$A_P50 ms" "a bare ASP.NET endpoint running the hand-written query: $B_P50 ms" "$(ratio "$A_P50" "$B_P50")"
pair "$ROUNDS" "$SECONDS_PER_RUN" 1 "$B/api/v1/transactions?limit=50&cursor=$CURSOR" "$AUTH" "$BARE/pg/transactions?user=$USER_ID&date=$DEEP_DATE&id=$DEEP_ID"
row "the page after row 500 over HTTP, p50" "$A_P50 ms" "the bare endpoint: $B_P50 ms" "$(ratio "$A_P50" "$B_P50")"

mem_log "after the p50 rounds"
log "GET /api/v1/accounts under wrk -c16"
pair "$ROUNDS" "$SECONDS_PER_RUN" 16 "$B/api/v1/accounts" "$AUTH" "$BARE/pg/accounts?user=$USER_ID"
row "\`GET /api/v1/accounts\` under \`wrk -c16\`" "$A_RPS req/s" "a bare endpoint with the same SELECT: $B_RPS req/s" "$(ratio "$A_RPS" "$B_RPS")"
RSS_S=$(rss_mb "$API_PID" VmRSS); HWM_S=$(rss_mb "$API_PID" VmHWM); RSS_B=$(rss_mb "$BARE_PID" VmRSS); HWM_B=$(rss_mb "$BARE_PID" VmHWM)
row "resident memory after that load (VmRSS; peak VmHWM)" "$RSS_S MB (peak $HWM_S MB)" "the bare endpoint (the SDK's default GC): $RSS_B MB (peak $HWM_B MB)" "$(ratio "$RSS_S" "$RSS_B") (peak $(ratio "$HWM_S" "$HWM_B"))"
GC_IN_USE=$(jq -c '.runtimeOptions.configProperties | with_entries(select(.key | test("GC|Tiered|ReadyToRun")))' "$WORK/api/FinInfra.Api.runtimeconfig.json")
api_stop; bare_stop

# ---------------------------------------------------------------------------------------------------------------------
PG_AUTH=$AUTH
# 4. SQLite at 200k rows: HTTP p50 against the hand-written query in-process and against the bare endpoint.
SQLITE_FILE="$WORK/sqlite/reads.db"; mkdir -p "$WORK/sqlite"
SQLITE_URL="sqlite:///$SQLITE_FILE"
api_start "$SQLITE_URL"
api_user bench@example.com
SQ_ACCOUNT=$(api_account reads)
# One row through the service: the template whose stored formats (GUID text, dates, decimals, timestamps) the rest copy.
printf '{"transactionId":"template","amount":-1.99,"date":"2021-01-01","name":"Purchase","merchantName":"Shop","category":"Food","pending":false}\n' > "$WORK/template.ndjson"
call POST "/api/v1/accounts/$SQ_ACCOUNT/transactions/import" -H "$AUTH" -H 'Content-Type: application/x-ndjson' --data-binary "@$WORK/template.ndjson" >/dev/null
log "loading $SQLITE_ROWS rows over $USERS users into SQLite"
sqlite3 "$SQLITE_FILE" >/dev/null <<SQL
PRAGMA busy_timeout = 10000;
BEGIN;
CREATE TEMP TABLE seed AS WITH RECURSIVE g(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g WHERE n < $USERS - 1)
  SELECT n,
    CASE WHEN n = 0 THEN (SELECT user_id FROM accounts WHERE id = upper('$SQ_ACCOUNT')) ELSE printf('00000000-0000-7000-8000-%012X', n) END AS user_id,
    CASE WHEN n = 0 THEN (SELECT connection_id FROM accounts WHERE id = upper('$SQ_ACCOUNT')) ELSE printf('00000000-0001-7000-8000-%012X', n) END AS connection_id,
    CASE WHEN n = 0 THEN upper('$SQ_ACCOUNT') ELSE printf('00000000-0002-7000-8000-%012X', n) END AS account_id
  FROM g;
INSERT INTO users (id, email, hashed_password, created_at, updated_at, security_stamp, base_currency)
  SELECT s.user_id, 'reader' || s.n || '@example.com', 'none', u.created_at, u.updated_at, hex(randomblob(16)), u.base_currency
  FROM seed s, users u WHERE s.n > 0 AND u.id = (SELECT user_id FROM seed WHERE n = 0);
INSERT INTO bank_connections (id, user_id, provider, item_id, institution_name, status, created_at, updated_at, version)
  SELECT s.connection_id, s.user_id, c.provider, 'manual-bench-' || s.n, c.institution_name, c.status, c.created_at, c.updated_at, 0
  FROM seed s, bank_connections c WHERE s.n > 0 AND c.id = (SELECT connection_id FROM seed WHERE n = 0);
INSERT INTO accounts (id, connection_id, account_id, name, type, subtype, balance, currency, is_manual, user_id, created_at, updated_at, version)
  SELECT s.account_id, s.connection_id, 'manual-bench-' || s.n, a.name, a.type, a.subtype, a.balance, a.currency, a.is_manual, s.user_id, a.created_at, a.updated_at, 0
  FROM seed s, accounts a WHERE s.n > 0 AND a.id = (SELECT account_id FROM seed WHERE n = 0);
CREATE TEMP TABLE template AS SELECT * FROM transactions WHERE transaction_id = 'template';
DELETE FROM transactions WHERE transaction_id = 'template';
CREATE TEMP TABLE numbers AS WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < $SQLITE_ROWS / $USERS - 1) SELECT i FROM r;
INSERT INTO transactions ($TRANSACTION_COLUMNS, account_deleted)
  SELECT printf('%08X-%04X-7000-8000-%012X', r.i, s.n, r.i), s.user_id, s.account_id, printf('r-%07d', r.i), printf('%.2f', -(r.i % 500) - 0.99),
    t.currency, date(t.date, '+' || (r.i % 1800) || ' days'), 'Purchase ' || r.i, 'Shop ' || (r.i % 500), t.category, t.category_key, t.kind, t.note,
    t.pending, t.source, 'Purchase ' || r.i, 'Shop ' || (r.i % 500), t.source_category, t.source_kind, t.edited_fields, t.counterpart_id,
    t.created_at, t.updated_at, t.account_deleted
  FROM seed s, numbers r, template t;
COMMIT;
ANALYZE;
SQL
SQ_USER=$(sqlite3 "$SQLITE_FILE" "SELECT user_id FROM accounts WHERE id = upper('$SQ_ACCOUNT')")
[ "$(sqlite3 "$SQLITE_FILE" "SELECT count(*) FROM transactions")" = "$SQLITE_ROWS" ] || { echo "the SQLite load is short" >&2; exit 1; }
call GET "/api/v1/transactions?limit=50" -H "$AUTH" | jq -e '.items | length == 50' >/dev/null
SQ_CURSOR=$(deep_cursor)
SQ_DEEP=$(sqlite3 -separator ' ' "$SQLITE_FILE" "SELECT date, lower(id) FROM transactions WHERE user_id = '$SQ_USER' ORDER BY date DESC, id DESC LIMIT 1 OFFSET 499")
bare_start BARE_SQLITE="$SQLITE_FILE"
same_answer "/api/v1/transactions?limit=50" "$BARE/sqlite/transactions?user=$SQ_USER"
same_answer "/api/v1/transactions?limit=50&cursor=$SQ_CURSOR" "$BARE/sqlite/transactions?user=$SQ_USER&date=${SQ_DEEP% *}&id=${SQ_DEEP#* }"
log "HTTP p50 on SQLite"
wrk_warm "$B/api/v1/transactions?limit=50" 4 "$WARM_SECONDS" "$AUTH"; wrk_warm "$B/api/v1/transactions?limit=50&cursor=$SQ_CURSOR" 4 3 "$AUTH"
wrk_warm "$BARE/sqlite/transactions?user=$SQ_USER" 4 "$WARM_SECONDS"; wrk_warm "$BARE/sqlite/transactions?user=$SQ_USER&date=${SQ_DEEP% *}&id=${SQ_DEEP#* }" 4 3
pair "$ROUNDS" "$SECONDS_PER_RUN" 1 "$B/api/v1/transactions?limit=50" "$AUTH" "$BARE/sqlite/transactions?user=$SQ_USER"; P1=$A_P50; BP1=$B_P50
pair "$ROUNDS" "$SECONDS_PER_RUN" 1 "$B/api/v1/transactions?limit=50&cursor=$SQ_CURSOR" "$AUTH" "$BARE/sqlite/transactions?user=$SQ_USER&date=${SQ_DEEP% *}&id=${SQ_DEEP#* }"; P2=$A_P50; BP2=$B_P50
api_stop; bare_stop
log "the hand-written query in-process (bench reads)"
dotnet "$WORK/benchbin/FinInfra.Benchmarks.dll" reads "$SQLITE_ROWS" --file "$SQLITE_FILE" --user "$SQ_USER" > "$WORK/reads.txt"
cat "$WORK/reads.txt" >&2
IN1=$(awk -F' *\\| *' '$2 == "first" { sub(/ ms/, "", $4); print $4 }' "$WORK/reads.txt")
IN2=$(awk -F' *\\| *' '$2 == "after row 500" { sub(/ ms/, "", $4); print $4 }' "$WORK/reads.txt")
row "**SQLite**, newest 50 at $SQLITE_ROWS rows, HTTP p50" "**$P1 ms**" "the hand-written query in-process: $IN1 ms" "**$(ratio "$P1" "$IN1")**"
row "the same against the bare endpoint on SQLite" "$P1 ms" "the bare endpoint: $BP1 ms" "$(ratio "$P1" "$BP1")"
row "SQLite, the page after row 500, HTTP p50" "$P2 ms" "in-process: $IN2 ms; the bare endpoint: $BP2 ms" "$(ratio "$P2" "$IN2") / $(ratio "$P2" "$BP2")"

# ---------------------------------------------------------------------------------------------------------------------
# 7. GC variants (BENCH_GC=1) and a fresh process's first 5 s (BENCH_STARTUP=1), on PostgreSQL's GET /accounts.
accounts_load() { # accounts_load LABEL [VAR=value…]: service and bare endpoint with the same runtime settings
  local label=$1; shift
  api_start "$PG_URL" "$@"; bare_start BARE_POSTGRES="$PG_CS" "$@"
  wrk_warm "$B/api/v1/accounts" 16 "$WARM_SECONDS" "$AUTH"; wrk_warm "$BARE/pg/accounts?user=$USER_ID" 16 "$WARM_SECONDS"
  pair "$ROUNDS" "$SECONDS_PER_RUN" 16 "$B/api/v1/accounts" "$AUTH" "$BARE/pg/accounts?user=$USER_ID"
  local rs rb; rs=$(rss_mb "$API_PID" VmRSS); rb=$(rss_mb "$BARE_PID" VmRSS)
  row "GC: $label; \`GET /accounts\` -c16 / VmRSS" "$A_RPS req/s, $rs MB" "bare, same settings: $B_RPS req/s, $rb MB" "$(ratio "$A_RPS" "$B_RPS") / $(ratio "$rs" "$rb")"
  api_stop; bare_stop
}
AUTH=$PG_AUTH
if [ -n "${BENCH_GC:-}" ]; then
  # The PostgreSQL database is still there; the service signs the same user in again with the same token key.
  accounts_load "as published $GC_IN_USE" DOTNET_gcServer=0 DOTNET_gcConcurrent=0
  accounts_load "Workstation, concurrent" DOTNET_gcServer=0 DOTNET_gcConcurrent=1
  accounts_load "Server with DATAS (the Web SDK's default)" DOTNET_gcServer=1 DOTNET_gcConcurrent=1
  accounts_load "Server, DATAS off" DOTNET_gcServer=1 DOTNET_gcConcurrent=1 DOTNET_GCDynamicAdaptationMode=0
  accounts_load "Server, 1 heap" DOTNET_gcServer=1 DOTNET_gcConcurrent=1 DOTNET_GCHeapCount=1
  accounts_load "as published, TieredPGO off" DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_TieredPGO=0
  accounts_load "as published, W^X off (JIT code mapped once)" DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_EnableWriteXorExecute=0
fi
if [ -n "${BENCH_OPTIONS:-}" ]; then
  # DbContext pooling off against on (the default), the same process settings otherwise.
  options_load() { # options_load LABEL [VAR=value…]: GET /accounts -c16 req/s and the newest-50 page p50 (-c1)
    local label=$1; shift
    api_start "$PG_URL" "$@"
    wrk_warm "$B/api/v1/accounts" 16 "$WARM_SECONDS" "$AUTH"; wrk_warm "$B/api/v1/transactions?limit=50" 4 3 "$AUTH"
    wrk_run "$WORK/oa.txt" "$B/api/v1/accounts" 16 "$SECONDS_PER_RUN" "$AUTH"
    wrk_run "$WORK/op.txt" "$B/api/v1/transactions?limit=50" 1 "$SECONDS_PER_RUN" "$AUTH"
    OPT_RPS=$(wrk_rps "$WORK/oa.txt"); OPT_P50=$(wrk_p50 "$WORK/op.txt"); OPT_RSS=$(rss_mb "$API_PID" VmRSS)
    api_stop
  }
  options_load off Database__ContextPooling=false; OFF_RPS=$OPT_RPS; OFF_P50=$OPT_P50; OFF_RSS=$OPT_RSS
  options_load on; row "DbContext pooling on (the default) / off: \`GET /accounts\` -c16; newest-50 p50; VmRSS" "$OPT_RPS req/s; $OPT_P50 ms; $OPT_RSS MB" "off: $OFF_RPS req/s; $OFF_P50 ms; $OFF_RSS MB" "$(ratio "$OPT_RPS" "$OFF_RPS") / $(ratio "$OPT_P50" "$OFF_P50") / $(ratio "$OPT_RSS" "$OFF_RSS")"
fi
startup() { # startup LABEL [VAR=value…]: GET /accounts -c16 in a fresh process's first 5 s, and 5 s after 25 s of load
  local label=$1; shift
  api_start "$PG_URL" "$@"
  wrk_run "$WORK/f1.txt" "$B/api/v1/accounts" 16 5 "$AUTH"
  wrk_warm "$B/api/v1/accounts" 16 20 "$AUTH"
  wrk_run "$WORK/f2.txt" "$B/api/v1/accounts" 16 5 "$AUTH"
  api_stop
  local cold warm; cold=$(wrk_rps "$WORK/f1.txt"); warm=$(wrk_rps "$WORK/f2.txt")
  row "startup: $label, first 5 s of \`GET /accounts\` -c16" "$cold req/s" "the same process after 25 s: $warm req/s" "$(ratio "$cold" "$warm")"
}
if [ -n "${BENCH_STARTUP:-}" ]; then
  startup "as published"
  startup "warm-up of the hot queries at start off" Warmup__Enabled=false
  startup "warm-up of the hot queries at start on" Warmup__Enabled=true
  startup "TieredCompilation off (fully optimised JIT from the start)" DOTNET_TieredCompilation=0
  startup "TC_QuickJitForLoops off, TieredPGO off" DOTNET_TC_QuickJitForLoops=0 DOTNET_TieredPGO=0
  mv "$WORK/api" "$WORK/api-jit"; mv "$WORK/api-r2r" "$WORK/api"
  startup "published with ReadyToRun"
  rm -rf "$WORK/api"; mv "$WORK/api-jit" "$WORK/api"
fi

echo
echo "issue 10, measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load average before/after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)"
echo "GC setting in use (the service's runtimeconfig.json): $GC_IN_USE"
echo
printf '| what | service | baseline | ratio |\n| --- | ---: | ---: | ---: |\n'
cat "$TABLE"
echo
echo "The service's SQL, as the server logged it:"
cat "$WORK/service-sql.txt"

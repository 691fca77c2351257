#!/usr/bin/env bash
# Issue 10's import row: 100k transactions through HTTP (the streaming NDJSON route, Release build) against a binary
# COPY (psql \copy … WITH (FORMAT binary)) of the same rows into the same table, in the same run, on a throwaway
# PostgreSQL cluster from the local binaries (initdb/pg_ctl, default durability); then a re-import of the unchanged rows.
# Usage: bench/run-import.sh [rows]   (default 100000)
set -euo pipefail
ROWS=${1:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/fininfra-bench-import.XXXXXX)
PGPORT=$((21000 + RANDOM % 9000)); APIPORT=$((31000 + RANDOM % 9000))
API_PID=
cleanup() {
  [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null || true
  pg pg_ctl -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
# As root (containers), the cluster runs as the postgres user, as the tests' PostgresCluster does.
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$WORK" && chmod 777 "$WORK"

echo "cluster on port $PGPORT, work dir $WORK"
pg initdb -D "$WORK/pg" -A trust -U postgres -E UTF8 >/dev/null
pg pg_ctl -D "$WORK/pg" -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" -l "$WORK/pg.log" -w start >/dev/null
PSQL=(psql -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres)
"${PSQL[@]}" -c "CREATE DATABASE fininfra" >/dev/null

echo "publishing the service (Release)"
dotnet publish "$ROOT/src/Api" -c Release -o "$WORK/api" >/dev/null
export SQL_URL="postgresql://postgres@127.0.0.1:$PGPORT/fininfra"
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$APIPORT"
export Encryption__Keys__bench=$(head -c 32 /dev/urandom | base64) Encryption__ActiveKeyId=bench
export Jwt__SigningKey=$(head -c 48 /dev/urandom | base64) Https__Mode=proxy ReverseProxy__KnownProxies__0=127.0.0.1 AllowedHosts=127.0.0.1 Logging__LogLevel__Default=Warning
(cd "$WORK" && dotnet "$WORK/api/FinInfra.Api.dll" db upgrade >/dev/null)
(cd "$WORK" && exec dotnet "$WORK/api/FinInfra.Api.dll" >"$WORK/api.log" 2>&1) & API_PID=$!
B="http://127.0.0.1:$APIPORT"
for _ in $(seq 1 120); do curl -sf "$B/health/ready" >/dev/null && break; kill -0 "$API_PID" 2>/dev/null || { tail -20 "$WORK/api.log"; exit 1; }; sleep 0.5; done

curl -sf -H 'X-Forwarded-Proto: https' -X POST "$B/api/v1/auth/register" -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"correct horse battery staple"}' >/dev/null
TOKEN=$(curl -sf -H 'X-Forwarded-Proto: https' -X POST "$B/api/v1/auth/login" -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"correct horse battery staple"}' | jq -r .accessToken)
AUTH="Authorization: Bearer $TOKEN"
account() {
  local conn; conn=$(curl -sf -H 'X-Forwarded-Proto: https' -X POST "$B/api/v1/bank-connections" -H "$AUTH" -H 'Content-Type: application/json' -d "{\"provider\":\"manual\",\"institutionName\":\"$1\"}" | jq -r .id)
  curl -sf -H 'X-Forwarded-Proto: https' -X POST "$B/api/v1/bank-connections/$conn/accounts" -H "$AUTH" -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"type\":\"depository\",\"subtype\":\"checking\",\"balance\":0}" | jq -r .id
}
HTTP_ACCOUNT=$(account http); COPY_ACCOUNT=$(account copy)
USER_ID=$("${PSQL[@]}" -At -d fininfra -c "SELECT user_id FROM accounts WHERE id = '$COPY_ACCOUNT'")

echo "generating $ROWS rows"
awk -v n="$ROWS" 'BEGIN { srand(42); for (i = 0; i < n; i++) {
  printf "{\"transactionId\":\"bench-%07d\",\"amount\":%.2f,\"date\":\"2026-%02d-%02d\",\"name\":\"Card payment %d\",\"merchantName\":\"Shop %d\",\"category\":\"Food\",\"pending\":false}\n",
    i, -(1 + (i * 37) % 50000) / 100, i % 12 + 1, i % 28 + 1, i, i % 500 } }' > "$WORK/rows.ndjson"
# The same rows as the COPY baseline loads them: every column of the table, the values the service stores.
"${PSQL[@]}" -d fininfra -c "CREATE UNLOGGED TABLE bench_rows AS SELECT * FROM transactions WHERE false" >/dev/null
awk -v n="$ROWS" -v u="$USER_ID" -v a="$COPY_ACCOUNT" 'BEGIN { srand(42); for (i = 0; i < n; i++) {
  printf "%s\t%s\t%s\tbench-%07d\t%.4f\tUSD\t2026-%02d-%02d\tCard payment %d\tShop %d\tFood\tfood\tstandard\t\\N\tf\timport\tCard payment %d\tShop %d\tFood\tstandard\t0\t\\N\t2026-12-01 00:00:00+00\t2026-12-01 00:00:00+00\n",
    sprintf("%08x-0000-7000-8000-%012x", i, i), u, a, i, -(1 + (i * 37) % 50000) / 100, i % 12 + 1, i % 28 + 1, i, i % 500, i, i % 500 } }' > "$WORK/rows.tsv"
COLUMNS="id, user_id, account_id, transaction_id, amount, currency, date, name, merchant_name, category, category_key, kind, note, pending, source, source_name, source_merchant_name, source_category, source_kind, edited_fields, counterpart_id, created_at, updated_at"
"${PSQL[@]}" -d fininfra -c "\\copy bench_rows ($COLUMNS) FROM '$WORK/rows.tsv'" >/dev/null
"${PSQL[@]}" -d fininfra -c "\\copy bench_rows ($COLUMNS) TO '$WORK/rows.bin' WITH (FORMAT binary)" >/dev/null
"${PSQL[@]}" -d fininfra -c "DROP TABLE bench_rows" >/dev/null

import() {
  curl -sf -H 'X-Forwarded-Proto: https' -X POST "$B/api/v1/accounts/$HTTP_ACCOUNT/transactions/import" -H "$AUTH" -H 'Content-Type: application/x-ndjson' --data-binary "@$WORK/rows.ndjson"
}
# Warm the process (JIT, pools) with a small file into another account.
WARM=$(account warm); head -n 2000 "$WORK/rows.ndjson" > "$WORK/warm.ndjson"
curl -sf -H 'X-Forwarded-Proto: https' -X POST "$B/api/v1/accounts/$WARM/transactions/import" -H "$AUTH" -H 'Content-Type: application/x-ndjson' --data-binary "@$WORK/warm.ndjson" >/dev/null

t0=$(now); "${PSQL[@]}" -d fininfra -c "\\copy transactions ($COLUMNS) FROM '$WORK/rows.bin' WITH (FORMAT binary)" >/dev/null; t1=$(now)
t2=$(now); FIRST=$(import); t3=$(now)
t4=$(now); AGAIN=$(import); t5=$(now)
echo "first import: $(echo "$FIRST" | jq -c '{inserted, updated, unchanged, rejectedCount}')"
echo "re-import:    $(echo "$AGAIN" | jq -c '{inserted, updated, unchanged, rejectedCount}')"
awk -v n="$ROWS" -v c="$(echo "$t1 - $t0" | bc)" -v h="$(echo "$t3 - $t2" | bc)" -v r="$(echo "$t5 - $t4" | bc)" 'BEGIN {
  printf "\n| what | service | baseline | ratio |\n| --- | ---: | ---: | ---: |\n"
  printf "| import %d transactions, one streaming NDJSON request | %.0f rows/s | binary COPY of the same rows: %.0f rows/s | %.2fx |\n", n, n / h, n / c, c / h
  printf "| re-import of the %d unchanged rows | %.0f rows/s | | %.2fx |\n", n, n / r, c / r }'

#!/usr/bin/env bash
# The whole test suite, on a fresh machine: static checks, pure and integration tests on the embedded
# PGlite, the integration tests again on a real PostgreSQL, then the Playwright journeys.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh
bash scripts/ensure-postgres.sh
export TZ=${TZ:-UTC}
pg_url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}

echo "== Kiểm tra kiểu (tsc) và quy tắc phụ thuộc (eslint)"
npx tsc --noEmit
npx eslint .

echo "== Kiểm thử thuần và tích hợp trên PGlite"
env -u TEST_DATABASE_URL npx vitest run

# The same suite with the process clock three years ahead: a test that only passes this month, or a
# fixture issued "from now" but used at a fixed instant, fails here the day it is written.
echo "== Kiểm thử trên PGlite với đồng hồ dời 3 năm (faketime)"
env -u TEST_DATABASE_URL faketime -f '+3y' npx vitest run

# This run includes the replica test (app/services/reports/replica.test.ts): it makes a hot standby of
# this server with pg_basebackup -R on a free loopback port (it needs root or the postgres user), and
# REQUIRE_STANDBY_TEST makes it fail, not skip, when it cannot.
echo "== Kiểm thử tích hợp trên PostgreSQL ($pg_url), kèm bản sao dự phòng nóng (hot standby)"
TEST_DATABASE_URL="$pg_url" REQUIRE_STANDBY_TEST=1 npx vitest run app db

echo "== Build và kiểm thử hành trình (Playwright, Chromium)"
npx remix build
npx playwright test

# Today's two-level province (Hưng Yên, H31, after the 2025 merger) from the same code: the seed of
# that profile and the citizen's online journey on it.
echo "== Hành trình công dân trên hồ sơ tỉnh hai cấp (SEED_PROFILE=hung-yen)"
SEED_PROFILE=hung-yen npx playwright test e2e/online-dossier-journey.spec.ts

# The attacker's probes again, with the server on PostgreSQL (a fresh database, dropped afterwards).
echo "== Kiểm thử an toàn (Playwright) trên PostgreSQL"
e2e_db="motcua_e2e_$(date +%s)_$$"
psql "$pg_url" -qc "create database $e2e_db"
trap 'psql "$pg_url" -qc "drop database if exists $e2e_db with (force)" >/dev/null 2>&1 || true' EXIT
E2E_DATABASE_URL="${pg_url%/*}/$e2e_db" npx playwright test e2e/security.spec.ts e2e/uploads.spec.ts

#!/usr/bin/env bash
# Development loop: the Remix classic compiler rebuilds on change, and the server restarts when the
# build or any server module changes (a restart reopens the embedded database in about a second).
set -euo pipefail
cd "$(dirname "$0")/.."
npx remix build
npx remix watch &
watcher=$!
trap 'kill $watcher 2>/dev/null' EXIT
NODE_ENV=development npx tsx watch --include build/index.js app/server.ts

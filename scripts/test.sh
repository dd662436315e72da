#!/usr/bin/env bash
# Runs every test: formatting, clippy on both feature sets, the docs' links, Rust tests, and the Playwright suite
# against a release build in Debian's Chromium. Installs whatever is missing first (build tools, chromium, npm packages).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
step() { printf '\n\033[1m==> %s\033[0m (at %d s)\n' "$*" "$((SECONDS - started))"; }

bash scripts/install-tools.sh
source scripts/env.sh

# Debian's packages for the browser suite: the browser itself, and for the hosted shape behind a TLS proxy
# (scripts/proxy-topology.sh) nginx, openssl, certutil (the browser's trust store) and psql.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v nginx >/dev/null || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
command -v certutil >/dev/null || missing+=(libnss3-tools)
command -v psql >/dev/null || missing+=(postgresql-client)
# sqlite3 reads the test server's database in the hostile-answers spec (what a refused ceremony left).
command -v sqlite3 >/dev/null || missing+=(sqlite3)
# A font with Hebrew letters, for the pages (and screenshots) in Hebrew.
fc-list :lang=he 2>/dev/null | grep -q . || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian's ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

step "npm ci (end2end)"
(cd end2end && npm ci --no-audit --no-fund)

step "cargo fmt --check"
cargo fmt --all --check

step "cargo deny: licences, bans, sources (offline)"
cargo deny --locked check licenses bans sources

step "cargo deny: advisories (needs the RustSec database)"
if cargo deny --locked fetch db >/dev/null 2>&1; then
  cargo deny --locked check advisories
else
  echo "advisories: skipped, the RustSec advisory database could not be fetched from here"
fi

step "clippy: server (ssr)"
cargo clippy --locked -p app -p server --features app/ssr --all-targets -- -D warnings

step "clippy: browser (hydrate, wasm32)"
cargo clippy --locked -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

step "cargo doc: every doc link resolves (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p app -p server --features app/ssr

step "Rust tests (SQLite; the store contract on both backends; two instances on PostgreSQL)"
# PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test): each test makes and drops
# a database of its own there. Without a server there, those tests fail and say so.
cargo test --locked -p app -p server --features app/ssr

step "Rust tests again on PostgreSQL: the integration suite, the crash test, SIGTERM"
TEST_DATABASE=postgres cargo test --locked -p server --features app/ssr --test api --test crash --test process

step "release build (cargo leptos build --release --precompress --split)"
cargo leptos build --release --precompress --split

step "every spec uses the crash-guarded test (end2end/tests/fixtures/test.ts)"
# A spec that imported `test` from @playwright/test itself would pass through a wasm panic unnoticed.
if grep -rnE "import \{[^}]*\btest\b[^}]*\} from '@playwright/test'" end2end/tests | grep -v '^end2end/tests/fixtures/test.ts:'; then
  echo "these import test from @playwright/test; import it from ./fixtures/test (or a fixture built on it)" >&2
  exit 1
fi

step "Playwright (end2end)"
(cd end2end && npx tsc -p . && npx playwright test)

step "all green in $((SECONDS - started)) s"

#!/usr/bin/env bash
# Runs every test: formatting, clippy on both feature sets, Rust tests, and the Playwright suite against a release
# build in Debian's Chromium. Installs whatever is missing first (build tools, chromium, npm packages).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
step() { printf '\n\033[1m==> %s\033[0m (at %d s)\n' "$*" "$((SECONDS - started))"; }

bash scripts/install-tools.sh
source scripts/env.sh

if ! command -v chromium >/dev/null; then
  step "installing Debian's chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium
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

step "Rust tests"
cargo test --locked -p app -p server --features app/ssr

step "release build (cargo leptos build --release --precompress)"
cargo leptos build --release --precompress

step "every spec uses the crash-guarded test (end2end/tests/fixtures/test.ts)"
# A spec that imported `test` from @playwright/test itself would pass through a wasm panic unnoticed.
if grep -rnE "import \{[^}]*\btest\b[^}]*\} from '@playwright/test'" end2end/tests | grep -v '^end2end/tests/fixtures/test.ts:'; then
  echo "these import test from @playwright/test; import it from ./fixtures/test (or a fixture built on it)" >&2
  exit 1
fi

step "Playwright (end2end)"
(cd end2end && npx tsc -p . && npx playwright test)

step "all green in $((SECONDS - started)) s"

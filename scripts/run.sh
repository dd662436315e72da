#!/usr/bin/env bash
# Builds the site (release) and serves it on http://localhost:3000 with SQLite in data/leptos-passkeys.sqlite,
# created and migrated at start-up. Installs the pinned build tools first if they are missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-tools.sh
source scripts/env.sh

# Settings come from the environment (see .env.example); a local .env file is read if there is one.
if [ -f .env ]; then
  set -a
  # shellcheck disable=SC1091
  source .env
  set +a
fi

exec cargo leptos serve --release --precompress --split

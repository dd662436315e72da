#!/usr/bin/env bash
# Installs the build tools cargo-leptos needs, at pinned versions, from crates.io and npm only.
#
# cargo-leptos looks every tool up on PATH and otherwise downloads it from GitHub, which this project must never
# rely on. So each tool is built or installed here into a versioned directory under $TOOLS_HOME (outside the
# clone, so that fresh clones on the same machine reuse it) and that directory is put first on PATH by `env.sh`.
#
# Safe to run again: every step is skipped when its result is already there.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/env.sh
source "$here/env.sh"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Builds a crate from its crates.io source after pinning one dependency, because the crate's own lockfile
# needs a newer rustc than this project supports (cargo-leptos 0.3.11 locks cargo-util-schemas 0.14.2, which needs
# rustc 1.96; wasm-bindgen-cli 0.2.130 locks a webpki-roots that is no longer in the index).
install_crate_from_source() {
  local name=$1 version=$2 pin_pkg=$3 pin_version=$4 dest=$5
  local work started=$SECONDS
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  log "building $name $version (one-off; later runs reuse $dest)"
  curl --proto '=https' -sSfL "https://static.crates.io/crates/$name/$name-$version.crate" | tar -xz -C "$work"
  (
    cd "$work/$name-$version"
    cargo update --quiet -p "$pin_pkg" --precise "$pin_version"
    CARGO_TARGET_DIR="$work/target" cargo install --quiet --locked "${quick_build[@]}" --path . --root "$dest"
  )
  log "built $name in $((SECONDS - started)) s"
}

# The crates ship fat LTO with one codegen unit and full optimisation. These tools only orchestrate a build, so
# they are compiled unoptimised, which more than halves their build time, except the few crates that do heavy work
# at run time (brotli and gzip of the wasm, content hashes), which keep full optimisation.
quick_build=(
  --config 'profile.release.lto=false' --config 'profile.release.codegen-units=256'
  --config 'profile.release.opt-level=0' --config 'profile.release.incremental=false'
)
for hot in brotli brotli-decompressor libflate libflate_lz77 miniz_oxide flate2 crc32fast adler2 md-5 seahash; do
  quick_build+=(--config "profile.release.package.$hot.opt-level=3")
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ ! -x "$CARGO_LEPTOS_ROOT/bin/cargo-leptos" ]; then
  install_crate_from_source cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-util-schemas 0.14.1 "$CARGO_LEPTOS_ROOT"
fi

if [ ! -x "$WASM_BINDGEN_ROOT/bin/wasm-bindgen" ]; then
  install_crate_from_source wasm-bindgen-cli "$WASM_BINDGEN_VERSION" webpki-roots 1.0.10 "$WASM_BINDGEN_ROOT"
fi

if [ ! -x "$BINARYEN_ROOT/node_modules/.bin/wasm-opt" ]; then
  log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
  mkdir -p "$BINARYEN_ROOT"
  npm install --silent --no-audit --no-fund --prefix "$BINARYEN_ROOT" "binaryen@$BINARYEN_VERSION"
fi

if [ ! -x "$CARGO_DENY_ROOT/bin/cargo-deny" ]; then
  log "building cargo-deny $CARGO_DENY_VERSION (one-off; checks licences, bans and sources)"
  started=$SECONDS
  cargo install --quiet --locked "${quick_build[@]}" "cargo-deny@$CARGO_DENY_VERSION" --root "$CARGO_DENY_ROOT"
  log "built cargo-deny in $((SECONDS - started)) s"
fi

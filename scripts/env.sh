# Sourced by the other scripts: pinned tool versions and the PATH that makes cargo-leptos find them.
# shellcheck shell=bash

# Must equal the wasm-bindgen version locked in Cargo.lock (it is pinned with `=` in Cargo.toml).
WASM_BINDGEN_VERSION=0.2.130
CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132
CARGO_DENY_VERSION=0.20.2

TOOLS_HOME=${LEPTOS_PASSKEYS_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/leptos-passkeys/tools}
CARGO_LEPTOS_ROOT=$TOOLS_HOME/cargo-leptos-$CARGO_LEPTOS_VERSION
WASM_BINDGEN_ROOT=$TOOLS_HOME/wasm-bindgen-$WASM_BINDGEN_VERSION
BINARYEN_ROOT=$TOOLS_HOME/binaryen-$BINARYEN_VERSION
CARGO_DENY_ROOT=$TOOLS_HOME/cargo-deny-$CARGO_DENY_VERSION

export PATH="$CARGO_DENY_ROOT/bin:$CARGO_LEPTOS_ROOT/bin:$WASM_BINDGEN_ROOT/bin:$BINARYEN_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

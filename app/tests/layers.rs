//! The module graph of `app/src` points one way:
//!
//! ```text
//!  store <- state <- session, request <- inspector <- features (auth, language, passkeys, shop)
//!        <- guest_to_passkey <- pages, components, endpoints, page_state <- app, shell
//! ```
//!
//! with `cookies`, `error`, `format`, `hydration`, `i18n` (the translations), `outcomes`, `page` (where the
//! page is, and leaving it), `plain_form` and `webauthn` as a base that anything may use, and no feature reaching
//! into another feature's server half (its ssr-only submodules). This test reads every `crate::` path in the
//! sources and fails on an arrow against that chain, naming the file and the path.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const BASE: &[&str] =
    &["cookies", "error", "format", "hydration", "i18n", "outcomes", "page", "plain_form", "webauthn"];
const FEATURES: &[&str] = &["auth", "language", "passkeys", "shop"];

/// Where a top-level module sits in the chain; a module may only use modules at its level or below.
fn level(top: &str) -> Option<u8> {
    match top {
        _ if BASE.contains(&top) => Some(0),
        "store" => Some(1),
        "state" => Some(2),
        "session" | "request" => Some(3),
        // The ceremony inspector: every passkey flow reports to it, so it sits below the features.
        "inspector" => Some(4),
        _ if FEATURES.contains(&top) => Some(5),
        // Where the shop and the passkeys meet (a guest order's new account).
        "guest_to_passkey" => Some(6),
        // The table of abuse limits names every server function; the page's state is what the features share.
        "pages" | "components" | "endpoints" | "page_state" => Some(7),
        // The app and the document around it; lib.rs only declares modules and names these two.
        "app" | "shell" | "" => Some(8),
        _ => None,
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `app/src/passkeys/server.rs` -> `["passkeys", "server"]`; `mod.rs` and `lib.rs` name their directory.
fn module_of(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

/// The ssr-only submodules of a feature (`#[cfg(feature = "ssr")]` on their `mod` line): its server half.
fn server_half(feature: &str) -> BTreeSet<String> {
    let text = fs::read_to_string(src().join(feature).join("mod.rs")).expect("feature mod.rs");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines
        .windows(2)
        .filter(|pair| pair[0] == "#[cfg(feature = \"ssr\")]")
        .filter_map(|pair| pair[1].trim_start_matches("pub ").strip_prefix("mod "))
        .map(|name| name.trim_end_matches(';').to_owned())
        .collect()
}

/// Every `crate::a::b` path a source mentions outside comments, as `[a, b]` (b may be missing), including the
/// members of grouped imports (`use crate::{a, b::c}`).
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let code: String = text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let mut paths = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = matching_brace(group);
            for member in split_top_level(&group[..end]) {
                paths.push(segments(member));
            }
        } else {
            paths.push(segments(rest));
        }
    }
    paths.into_iter().filter(|p| !p.is_empty()).collect()
}

fn matching_brace(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

fn split_top_level(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// The first two path segments of `text` (`a::b::{c}` -> `[a, b]`).
fn segments(text: &str) -> Vec<String> {
    text.split("::")
        .take(2)
        .map(|s| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>())
        .take_while(|s| !s.is_empty())
        .collect()
}

fn violations() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut found = Vec::new();
    for file in files {
        let module = module_of(&file);
        let top = module.first().map(String::as_str).unwrap_or("");
        let name = format!("{} ({})", module.join("::"), file.strip_prefix(src()).unwrap().display());
        let Some(own_level) = level(top) else {
            found.push(format!("{name}: a top-level module the chain does not place; add it to tests/layers.rs"));
            continue;
        };
        let text = fs::read_to_string(&file).expect("readable source");
        for path in crate_paths(&text) {
            let target = path[0].as_str();
            let shown = path.join("::");
            match level(target) {
                None => found.push(format!("{name} -> crate::{shown}: not in the chain")),
                Some(target_level) if target_level > own_level => {
                    found.push(format!("{name} -> crate::{shown}: points up the chain"));
                }
                _ => {}
            }
            let into_other_server_half = FEATURES.contains(&target)
                && target != top
                && path.get(1).is_some_and(|sub| server_half(target).contains(sub));
            if into_other_server_half && FEATURES.contains(&top) {
                found.push(format!("{name} -> crate::{shown}: a feature reaching into another feature's server half"));
            }
        }
    }
    found
}

#[test]
fn every_crate_path_points_down_the_chain_and_no_feature_uses_another_features_server_half() {
    let found = violations();
    assert!(found.is_empty(), "arrows against the chain:\n  {}", found.join("\n  "));
}

#[test]
fn the_checker_sees_grouped_imports_and_server_halves() {
    let paths = crate_paths("use crate::{AppError, shop::server::{a, b}, auth};\n// crate::pages in a comment\n");
    assert_eq!(paths, vec![vec!["AppError".to_owned()], vec!["shop".into(), "server".into()], vec!["auth".into()]]);
    assert!(server_half("passkeys").contains("server"), "passkeys::server is ssr-only");
    assert!(!server_half("passkeys").contains("autofill"), "autofill runs in the browser");
}

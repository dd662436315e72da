//! Embeds the diagrams of the guide (`docs/diagrams/*.svg`, drawn by `scripts/render-diagrams.mjs`) into the
//! server, named as the files are: the SHA-256 of each diagram's Mermaid source (see `pages/how_it_works.rs`).

use std::path::Path;
use std::{env, fs};

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("../docs/diagrams");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.retain(|path| path.extension().is_some_and(|ext| ext == "svg"));
    files.sort();
    let mut code =
        String::from("/// Every drawn diagram: (SHA-256 of its Mermaid source, first 16 hex digits; its SVG).\n");
    code.push_str("static DIAGRAMS: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_stem().and_then(|s| s.to_str()).expect("a file name");
        let path = path.canonicalize().expect("a path");
        code.push_str(&format!("    ({name:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("set by cargo")).join("diagrams.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

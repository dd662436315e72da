//! Whether the wasm bundle runs this page: one flag for the whole page, false in the server's HTML and true once
//! the page has hydrated.

use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Hydrated(ReadSignal<bool>);

/// Starts the page's flag (the app does, once). When it turns true, `<body data-hydrated="true">` marks the page
/// too, so that tests (and curious readers) can tell a hydrated page from server-rendered HTML.
pub fn provide_hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    provide_context(Hydrated(hydrated));
    Effect::new(move || {
        set_hydrated.set(true);
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    hydrated
}

/// True once the wasm bundle runs this page. Buttons that need WebAuthn stay disabled until then, so a click on
/// server-rendered HTML never silently does nothing.
pub fn use_hydrated() -> ReadSignal<bool> {
    use_context::<Hydrated>().map_or_else(provide_hydrated, |Hydrated(hydrated)| hydrated)
}

//! The wasm entry point: hydrates the islands of the server-rendered page (see [`app::app::hydrate`]).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::app::hydrate();
}

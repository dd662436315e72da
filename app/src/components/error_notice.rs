use crate::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// A page that could not load what it shows: the error's fixed message as an alert, and, when the page is
/// rendered on the server, the error's HTTP status instead of 200.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    set_page_status(error.status());
    let locale = use_i18n().get_locale_untracked();
    view! { <p role="alert">{move || error.message(locale)}</p> }
}

/// The message for the error code that a refused plain HTML form (no wasm) brought back in the page's URL
/// (`?error=too-many`, see `plain_form`). Only fixed messages: the URL chooses a code, never the text.
pub fn error_from_url() -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let query = leptos_router::hooks::use_query_map();
    let locale = use_i18n().get_locale_untracked();
    move || query.read().get_str("error").and_then(AppError::from_code).map(|e| e.message(locale))
}

/// Sets the HTTP status of the page being rendered on the server (the routes render completely before the first
/// byte, so it still can). Nothing happens in the browser.
pub fn set_page_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::StatusCode::from_u16(status))
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

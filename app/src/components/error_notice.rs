use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use server_fn::ServerFn;

/// A page that could not load what it shows: the error's fixed message as an alert, and, when the page is
/// rendered on the server, the error's HTTP status instead of 200.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    set_page_status(error.status());
    let locale = use_i18n().get_locale_untracked();
    view! { <p role="alert">{move || error.message(locale)}</p> }
}

/// The message for the error code that a refused plain HTML form (no wasm) brought back in the page's URL
/// (`?error=too_many_attempts`, see `plain_form`). Only fixed messages: the URL chooses a code, never the text,
/// and a code this site does not write gets the generic message.
pub fn error_from_url() -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let query = leptos_router::hooks::use_query_map();
    let locale = use_i18n().get_locale_untracked();
    move || query.read().get_str("error").map(|code| AppError::from_code(code).message(locale))
}

/// The server action behind a form that also works as a plain HTML form: use it instead of `ServerAction::new`.
///
/// When such a post fails without wasm, the server sends the browser back with the error in the URL (leptos'
/// `__path` and `__err`), and `ServerAction::new` starts with whatever text that holds; anyone can write such a
/// link and mail it. Here the URL's error counts only for its code, shown with that code's fixed message
/// ([`AppError::from_url`]), the same on the server and in the hydrating browser.
#[allow(clippy::disallowed_methods)]
pub fn form_action<S>() -> ServerAction<S>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    let from_url = use_context::<leptos::server::ServerActionError>()
        .filter(|error| error.path() == S::PATH)
        .map(|error| AppError::from_url(error.err()));
    if let Some(error) = from_url {
        action.value().set(Some(Err(error)));
    }
    action
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

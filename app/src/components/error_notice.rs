use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use server_fn::ServerFn;

/// A page that could not load what it shows: the error's fixed message as an alert, and, when the page is
/// rendered on the server, the error's HTTP status instead of 200.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    set_page_status(error.status());
    let locale = current_locale();
    view! { <p role="alert">{move || error.message(locale)}</p> }
}

/// The message for the error code that a refused plain HTML form (no wasm) brought back in the page's URL
/// (`?error=too_many_attempts`, see `plain_form`). Only fixed messages: the URL chooses a code, never the text,
/// and a code this site does not write gets the generic message. Also in islands: the query is the page's, read
/// the same way on the server and in the browser.
pub fn error_from_url() -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let locale = current_locale();
    let message = query_value("error").map(|code| AppError::from_code(&code).message(locale));
    let message = StoredValue::new(message);
    move || message.get_value()
}

/// The value of `name` in the page's query (`?next=…&error=…`): from the request on the server, from the
/// address bar in the browser.
pub fn query_value(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<axum::http::request::Parts>()?;
        let query = parts.uri.query()?;
        url::form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let search = window().location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
    }
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

/// In the browser: the error a failed plain HTML form post brought back in the page's URL (leptos' `__err` and
/// `__path`), for [`form_action`], as the server reads it when it renders the page (the bundle provides it at
/// the page's root; islands have no router to do it).
#[cfg(feature = "hydrate")]
pub fn provide_form_error_from_url() {
    if let (Some(error), Some(path)) = (query_value("__err"), query_value("__path")) {
        provide_context(leptos::server::ServerActionError::new(&path, &error));
    }
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

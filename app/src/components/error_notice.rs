use crate::AppError;
use leptos::prelude::*;

/// A page that could not load what it shows: the error's fixed message as an alert, and, when the page is
/// rendered on the server, the error's HTTP status instead of 200.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    set_page_status(error.status());
    view! { <p role="alert">{error.to_string()}</p> }
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

//! The page in the browser: where it is, and how an island leaves it. Every page is the server's (islands have
//! no router), so a move after a sign-in, an order or a deletion is a page load, which also shows the new state
//! of the whole page (the header, the cart, the account) at once. On the server these do nothing.

/// The path and query of the page (`/sign-in?next=%2Fcart`); `/` on the server.
pub fn here() -> String {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos::prelude::window().location();
        let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
        let search = location.search().unwrap_or_default();
        format!("{path}{search}")
    }
    #[cfg(not(feature = "hydrate"))]
    "/".to_owned()
}

/// Loads `path` (a path on this site).
pub fn go(path: &str) {
    #[cfg(feature = "hydrate")]
    let _ = leptos::prelude::window().location().assign(path);
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Loads this page again.
pub fn reload() {
    #[cfg(feature = "hydrate")]
    let _ = leptos::prelude::window().location().reload();
}

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// After a client-side navigation, moves the focus to the new page's heading (`main h1`), as a full page load
/// would put a screen reader or keyboard user at the top of the new page: otherwise the focus stays on the button
/// that navigated, which is no longer there. The first page load is left to the browser.
#[component]
pub fn FocusOnNavigation() -> impl IntoView {
    let location = use_location();
    // The page the browser loaded: this component's first render is the hydration of that page. Kept for the
    // whole page's life, not in this component, which the router may render again.
    imp::remember_loaded_page();
    Effect::new(move || {
        let path = location.pathname.get();
        if imp::still_on_loaded_page(&path) {
            imp::mark_first_heading();
        } else {
            imp::focus_new_heading();
        }
    });
}

#[cfg(feature = "hydrate")]
mod imp {
    use leptos::prelude::*;
    use std::cell::{Cell, RefCell};
    use std::time::Duration;
    use wasm_bindgen::JsCast;
    use web_sys::HtmlElement;

    thread_local! {
        /// The path of the page the browser loaded, until the first client-side navigation away from it.
        static LOADED_PAGE: RefCell<Option<String>> = const { RefCell::new(None) };
        static NAVIGATED: Cell<bool> = const { Cell::new(false) };
    }

    pub(super) fn remember_loaded_page() {
        if NAVIGATED.get() {
            return;
        }
        LOADED_PAGE.with_borrow_mut(|page| {
            if page.is_none() {
                *page = Some(window().location().pathname().unwrap_or_default());
            }
        });
    }

    /// Whether no client-side navigation has happened yet: `path` is still the loaded page's.
    pub(super) fn still_on_loaded_page(path: &str) -> bool {
        if !NAVIGATED.get() && LOADED_PAGE.with_borrow(|page| page.as_deref() == Some(path)) {
            return true;
        }
        NAVIGATED.set(true);
        false
    }

    /// Marks a page's heading once it has been seen (the first page's) or focused, so the next page's is the one
    /// without the mark.
    const SEEN: &str = "data-focused-once";

    fn unseen_heading() -> Option<HtmlElement> {
        let heading = document().query_selector(&format!("main h1:not([{SEEN}])")).ok().flatten()?;
        heading.dyn_into().ok()
    }

    /// The first page's heading is the browser's business: only marked.
    pub(super) fn mark_first_heading() {
        if let Some(heading) = unseen_heading() {
            let _ = heading.set_attribute(SEEN, "");
        }
    }

    /// The new page may already have replaced the old one when this runs, or may render its heading only once
    /// its data is there, and the old page may render its own heading once more on its way out (after a sign-in,
    /// say): so it looks every 100 ms, up to two seconds, until the heading it focused is still in the page.
    pub(super) fn focus_new_heading() {
        try_focus(20);
    }

    fn try_focus(tries: u32) {
        let focused = unseen_heading().inspect(|heading| {
            let _ = heading.set_attribute(SEEN, "");
            // Focusable by script only: it does not become a stop for Tab.
            let _ = heading.set_attribute("tabindex", "-1");
            let _ = heading.focus();
        });
        if tries > 0 {
            set_timeout(
                move || {
                    if !focused.is_some_and(|heading| heading.is_connected()) {
                        try_focus(tries - 1);
                    }
                },
                Duration::from_millis(100),
            );
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    //! Effects never run on the server.
    pub(super) fn remember_loaded_page() {}
    pub(super) fn still_on_loaded_page(_path: &str) -> bool {
        true
    }
    pub(super) fn mark_first_heading() {}
    pub(super) fn focus_new_heading() {}
}

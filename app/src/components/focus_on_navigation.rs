use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// After a client-side navigation, moves the focus to the new page's heading (`main h1`), as a full page load
/// would put a screen reader or keyboard user at the top of the new page: otherwise the focus stays on the button
/// that navigated, which is no longer there. The first page load is left to the browser.
#[component]
pub fn FocusOnNavigation() -> impl IntoView {
    let location = use_location();
    let first = StoredValue::new(true);
    Effect::new(move || {
        location.pathname.track();
        if first.get_value() {
            first.set_value(false);
            imp::mark_first_heading();
            return;
        }
        imp::focus_new_heading();
    });
}

#[cfg(feature = "hydrate")]
mod imp {
    use leptos::prelude::*;
    use std::time::Duration;
    use wasm_bindgen::JsCast;
    use web_sys::HtmlElement;

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
    /// its data is there: so it looks, every 100 ms up to two seconds, for a heading not seen before.
    pub(super) fn focus_new_heading() {
        try_focus(20);
    }

    fn try_focus(tries: u32) {
        if let Some(heading) = unseen_heading() {
            let _ = heading.set_attribute(SEEN, "");
            // Focusable by script only: it does not become a stop for Tab.
            let _ = heading.set_attribute("tabindex", "-1");
            let _ = heading.focus();
            return;
        }
        if tries > 0 {
            set_timeout(move || try_focus(tries - 1), Duration::from_millis(100));
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    //! Effects never run on the server.
    pub(super) fn mark_first_heading() {}
    pub(super) fn focus_new_heading() {}
}

//! Whether the wasm bundle runs this part of the page. Pages are rendered on the server only; the parts that need
//! the browser are islands (`#[island]`), each hydrated on its own once the bundle has loaded.

use leptos::prelude::*;

/// False in the server's HTML, true once this island has hydrated. Buttons that need WebAuthn stay disabled
/// until then, so a click on server-rendered HTML never silently does nothing.
///
/// Every island calls it once, first thing: the page counts its islands this way, and once the last one has
/// hydrated (a lazy island only after its part of the bundle has loaded) marks `<body data-hydrated="true">`.
pub fn use_hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser, after the island has hydrated.
    Effect::new(move || {
        set_hydrated.set(true);
        #[cfg(feature = "hydrate")]
        island_hydrated();
    });
    hydrated
}

#[cfg(feature = "hydrate")]
thread_local! {
    /// How many of the page's islands have hydrated.
    static HYDRATED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One more island has hydrated: if it was the page's last, the page is live.
#[cfg(feature = "hydrate")]
fn island_hydrated() {
    let done = HYDRATED.get() + 1;
    HYDRATED.set(done);
    let islands = document().query_selector_all("leptos-island").map_or(0, |list| list.length());
    if done == islands {
        page_is_live();
    }
}

/// For a page without islands: it is as live as it gets once the bundle runs.
#[cfg(feature = "hydrate")]
pub(crate) fn mark_page_without_islands() {
    if document().query_selector("leptos-island").ok().flatten().is_none() {
        page_is_live();
    }
}

/// Marks `<body data-hydrated="true">`, so that tests (and curious readers) can tell a live page from
/// server-rendered HTML, and moves the focus to the page's heading after a move within the site.
#[cfg(feature = "hydrate")]
fn page_is_live() {
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
    focus_heading_after_navigation();
}

/// After a move from one page of this site to another (a link, a form, a sign-in that went on to the next page),
/// puts the focus on the new page's heading (`main h1`), where a screen reader or keyboard user wants to start,
/// rather than at the top of the document before the header; or, when the address names a part of the page
/// (`/?added=…#product-…` after "Add to cart"), on that part. Left alone: the first page of a visit (from
/// elsewhere), a reload, back and forward, and a page where the user has already moved the focus.
#[cfg(feature = "hydrate")]
fn focus_heading_after_navigation() {
    use wasm_bindgen::JsCast;
    let document = document();
    let from_this_site = web_sys::Url::new(&document.referrer())
        .is_ok_and(|referrer| Some(referrer.origin()) == window().location().origin().ok());
    let navigation = window().performance().and_then(|p| p.get_entries_by_type("navigation").get(0).dyn_into().ok());
    let navigated = navigation
        .is_some_and(|entry: web_sys::PerformanceNavigationTiming| entry.type_() == web_sys::NavigationType::Navigate);
    let untouched = document.active_element().is_none_or(|element| Some(element) == document.body().map(Into::into));
    if !(from_this_site && navigated && untouched) {
        return;
    }
    let fragment = window().location().hash().ok().filter(|hash| hash.len() > 1);
    let named = fragment.and_then(|hash| document.get_element_by_id(&hash[1..]));
    let heading = named
        .or_else(|| document.query_selector("main h1").ok().flatten())
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(heading) = heading {
        // Focusable by script only: it does not become a stop for Tab.
        let _ = heading.set_attribute("tabindex", "-1");
        let _ = heading.focus();
    }
}

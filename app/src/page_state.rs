//! What the islands of a page share: whether the visitor is signed in, how many items the cart holds, and the
//! sign-in challenge issued with the page. The server writes it into the page once, as JSON in a
//! `<script type="application/json">` (data: a browser never runs it); the
//! bundle reads it when it starts (`app::app::hydrate`) and provides what it holds at the page's root, which every
//! island is a child of. So each shared value has one owner in the browser, and none costs a request.

use crate::auth::use_auth;
use crate::passkeys::{PreparedSignIn, use_prepared_sign_ins};
use crate::shop::use_cart;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The id of the element that holds the state.
const ELEMENT_ID: &str = "page-state";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageState {
    pub signed_in: bool,
    pub cart_count: u32,
    /// For a signed-out visitor: the first sign-in challenge, so that a click needs no request before `get()`.
    pub sign_in: Option<PreparedSignIn>,
}

/// The page's state, rendered by the server once the app's own loads (who is signed in, the cart, the
/// challenge) are done: it waits for nothing else.
#[component]
pub fn PageStateScript() -> impl IntoView {
    let (auth, cart, prepared) = (use_auth(), use_cart(), use_prepared_sign_ins());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let signed_in = matches!(auth.user.await, Ok(Some(_)));
                let cart_count = cart.view.await.map_or(0, |cart| cart.count);
                let sign_in = prepared.arrived().await;
                let state = PageState { signed_in, cart_count, sign_in };
                // Data, never run; it carries the response's nonce all the same, like every script of the page.
                #[cfg(feature = "ssr")]
                let nonce = leptos::nonce::use_nonce().map(|nonce| nonce.to_string());
                #[cfg(not(feature = "ssr"))]
                let nonce = None::<String>;
                view! {
                    <script type="application/json" id=ELEMENT_ID nonce=nonce inner_html=script_text(&state)></script>
                }
            })}
        </Suspense>
    }
}

/// JSON that stays data inside `<script>`: a `<` (of `</script>`, in a display name say) is written `\u003c`.
fn script_text(state: &PageState) -> String {
    leptos::serde_json::to_string(state).unwrap_or_default().replace('<', "\\u003c")
}

/// The state the server wrote into this page (the default, signed out with nothing, if it is missing).
#[cfg(feature = "hydrate")]
pub fn read() -> PageState {
    document()
        .get_element_by_id(ELEMENT_ID)
        .and_then(|element| element.text_content())
        .and_then(|text| leptos::serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_is_written_as_json_that_reads_back() {
        let text = script_text(&PageState { signed_in: true, cart_count: 2, sign_in: None });
        assert_eq!(text, r#"{"signed_in":true,"cart_count":2,"sign_in":null}"#);
        let back: PageState = leptos::serde_json::from_str(&text).expect("reads back");
        assert!(back.signed_in && back.cart_count == 2 && back.sign_in.is_none());
    }
}

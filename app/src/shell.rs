//! The HTML document around the app, rendered only on the server, and the page's Content-Security-Policy.

use crate::app::App;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                // Islands: the bundle hydrates each `#[island]` of the page, and nothing else.
                <HydrationScripts options=options.clone() islands=true />
                // Content-hashed in release builds (`hash-files`), so it can be cached for good.
                <HashedStylesheet options id="leptos" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from this site, and only those the page itself starts (the
/// hydration script carries this response's nonce; what it imports is trusted through it, `'strict-dynamic'`);
/// WebAssembly may be compiled; styles, images, fetches and form posts only from this site; no plugins, no
/// `<base>`, no framing.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self'; connect-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'"
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

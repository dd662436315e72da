use super::{CartLink, LanguageSwitch, SignInButton};
use crate::auth::{SignOut, use_auth};
use crate::i18n::*;
use crate::shop::use_cart;
use leptos::prelude::*;
use server_fn::ServerFn;

/// The site header: the brand, and either "Sign in" / "Sign up" links or the signed-in username and "Sign out".
/// Rendered on the server; "Sign in" and the cart's link are islands.
#[component]
pub fn Header() -> impl IntoView {
    let (auth, cart) = (use_auth(), use_cart());
    let locale = current_locale();
    view! {
        <header class="site-header">
            <a href="/" class="brand">"leptos-passkeys"</a>
            <nav aria-label=td_string!(locale, common.nav.site) class="site-nav">
                <a href="/how-it-works">{td_string!(locale, common.nav.how_it_works)}</a>
                <LanguageSwitch />
            </nav>
            <nav aria-label=td_string!(locale, common.nav.account)>
                <Suspense>
                    {move || Suspend::new(async move {
                        let count = cart.view.await.map_or(0, |cart| cart.count);
                        let account = match auth.user.await {
                            Ok(Some(user)) => {
                                view! {
                                    <a href="/account" class="username">{user.username}</a>
                                    <SignOutButton />
                                }
                                    .into_any()
                            }
                            _ => {
                                view! {
                                    <SignInButton />
                                    <a href="/sign-up" class="secondary">{td_string!(locale, common.nav.sign_up)}</a>
                                }
                                    .into_any()
                            }
                        };
                        view! { <CartLink count /> {account} }
                    })}
                </Suspense>
            </nav>
        </header>
    }
}

/// A plain form that posts to the `sign_out` server function: the server ends the session and sends the browser
/// home, with or without wasm.
#[component]
fn SignOutButton() -> impl IntoView {
    let locale = current_locale();
    view! {
        <form method="post" action=SignOut::PATH class="inline">
            <button type="submit">{td_string!(locale, common.nav.sign_out)}</button>
        </form>
    }
}

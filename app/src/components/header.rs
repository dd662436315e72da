use super::{CartLink, LanguageSwitch, SignInButton, form_action};
use crate::auth::{SignOut, use_auth};
use crate::i18n::*;
use crate::passkeys::use_prepared_sign_ins;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The site header: the brand, and either "Sign in" / "Sign up" links or the signed-in username and "Sign out".
#[component]
pub fn Header() -> impl IntoView {
    let auth = use_auth();
    let prepared = use_prepared_sign_ins();
    let locale = use_i18n().get_locale_untracked();
    let signed_out = move || {
        view! {
            <SignInButton />
            <a href="/sign-up" class="secondary">{td_string!(locale, common.nav.sign_up)}</a>
        }
    };
    view! {
        <header class="site-header">
            <a href="/" class="brand">"leptos-passkeys"</a>
            <nav aria-label=td_string!(locale, common.nav.site) class="site-nav">
                <a href="/how-it-works">{td_string!(locale, common.nav.how_it_works)}</a>
                <LanguageSwitch />
            </nav>
            <nav aria-label=td_string!(locale, common.nav.account)>
                <CartLink />
                <Transition fallback=signed_out>
                    {move || Suspend::new(async move {
                        match auth.user.await {
                            Ok(Some(user)) => {
                                view! {
                                    <a href="/account" class="username">{user.username}</a>
                                    <SignOutButton />
                                }
                                    .into_any()
                            }
                            _ => {
                                // The server renders the first sign-in challenge into a signed-out page.
                                prepared.arrived().await;
                                signed_out().into_any()
                            }
                        }
                    })}
                </Transition>
            </nav>
        </header>
    }
}

/// A form that posts to the `sign_out` server function, so it works without wasm too (the server then
/// redirects back). Hydrated, it updates the page and goes home.
#[component]
fn SignOutButton() -> impl IntoView {
    let auth = use_auth();
    let locale = use_i18n().get_locale_untracked();
    let navigate = use_navigate();
    let sign_out = form_action::<SignOut>();
    Effect::new(move || {
        if let Some(Ok(())) = sign_out.value().get() {
            auth.changed();
            navigate("/", Default::default());
        }
    });
    view! {
        <ActionForm action=sign_out attr:class="inline">
            <button type="submit">{td_string!(locale, common.nav.sign_out)}</button>
        </ActionForm>
    }
}

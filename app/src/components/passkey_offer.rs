use crate::auth::use_account_changes;
use crate::i18n::*;
use crate::passkeys::{add_passkey, dismiss_passkey_offer, passkey_offer};
use leptos::prelude::*;

/// "Create a passkey", offered on whatever page a password sign-in lands on (the form's `next`, or the page where
/// immediate mode returned a saved password). One tap: a modal `navigator.credentials.create()` with a fresh
/// registration challenge, the password sign-in counting as the proof of the owner that adding a passkey needs.
///
/// Not the silent conditional create (`mediation: 'conditional'`): such a registration arrives without the
/// user-present flag, and webauthn-rs 0.6 refuses every registration without it, with no option to allow it.
///
/// The server asks whether to offer it while it renders the page; only a page with the offer has its island.
#[component]
pub fn PasskeyOffer() -> impl IntoView {
    let offer = Resource::new(|| (), |()| passkey_offer());
    view! {
        <Suspense>
            {move || Suspend::new(async move { matches!(offer.await, Ok(true)).then(|| view! { <OfferCard /> }) })}
        </Suspense>
    }
}

/// The offer itself: an island.
#[island(lazy)]
fn OfferCard() -> impl IntoView {
    let locale = current_locale();
    let hydrated = crate::hydration::use_hydrated();
    let dismissed = RwSignal::new(false);
    let create = Action::new_unsync(|_: &()| add_passkey());
    let account_changes = use_account_changes();
    Effect::new(move || {
        if let Some(Ok(_)) = create.value().get() {
            // The account page (if this is it) shows the new passkey.
            account_changes.update(|n| *n += 1);
        }
    });
    let dismiss = move |_| {
        dismissed.set(true);
        leptos::task::spawn_local(async move {
            // The offer is already hidden here; if the server did not hear it, it only comes back on a reload.
            let _ = dismiss_passkey_offer().await;
        });
    };
    let created = move || matches!(create.value().get(), Some(Ok(_)));
    let offered = move || !dismissed.get() && !created();
    let error = move || create.value().get().and_then(Result::err).map(|e| e.message(locale));

    view! {
        <Show when=created>
            <p class="notice" role="status">{td_string!(locale, common.passkey_offer.created)}</p>
        </Show>
        <Show when=offered>
            <aside class="card offer" aria-labelledby="passkey-offer-title">
                <h2 id="passkey-offer-title">{td_string!(locale, common.passkey_offer.title)}</h2>
                <p>{td_string!(locale, common.passkey_offer.pitch)}</p>
                <div class="actions">
                    <button type="button" disabled=move || !hydrated.get() || create.pending().get() on:click=move |_| {
                        create.dispatch(());
                    }>{td_string!(locale, common.passkey_offer.create)}</button>
                    <button type="button" class="secondary" on:click=dismiss>{td_string!(locale, common.passkey_offer.not_now)}</button>
                </div>
                <p class="error" role="alert">{error}</p>
            </aside>
        </Show>
    }
}

//! `/account`, the account security page: the account's passkeys (rename, delete, add), its password (set,
//! change, remove), its display name, its other sessions, its orders, and deleting it; one file per section.
//!
//! Every change goes through [`Confirm::guard`]: the server refuses a change without a recent proof of the owner
//! (`ReauthRequired`), the page then asks for one ("Confirm it's you") and tries once more. After each change
//! the page loads the account again, and the passkey manager is told what the site now holds (Signal API).

mod confirm;
mod delete;
mod display_name;
mod orders;
mod passkeys;
mod password;
mod sessions;

use crate::auth::{account_settings, use_account_changes, use_auth};
use crate::components::ErrorNotice;
use crate::error::AppError;
use crate::hydration::use_hydrated;
use crate::i18n::*;
use crate::passkeys::{list_passkeys, passkey_manager_view, sync_passkey_manager};
use crate::shop::my_orders;
use confirm::{Confirm, ConfirmDialog};
use delete::DeleteAccountSection;
use display_name::DisplayNameSection;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use orders::OrderList;
use passkeys::PasskeySection;
use password::PasswordSection;
use sessions::SessionsSection;

/// What the page's changes share: the dialog, the account's version (bumped after each change, which reloads
/// what the page shows) and the messages.
#[derive(Clone, Copy)]
pub(super) struct Changes {
    confirm: Confirm,
    version: RwSignal<u32>,
    status: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    hydrated: ReadSignal<bool>,
}

impl Changes {
    /// Runs a change (with the proof it may need); on success reloads the account and says `done`.
    async fn run<T, Fut>(self, done: impl FnOnce(&T) -> String, change: impl Fn() -> Fut) -> Option<T>
    where
        Fut: Future<Output = Result<T, AppError>>,
    {
        self.status.set(None);
        self.error.set(None);
        match self.confirm.guard(change).await {
            Ok(value) => {
                self.status.set(Some(done(&value)));
                self.version.update(|v| *v += 1);
                Some(value)
            }
            Err(message) => {
                self.error.set(Some(message));
                None
            }
        }
    }
}

/// Signed-out visitors are sent to `/sign-in` (by a 302: the route renders in `SsrMode::Async`).
#[component]
pub fn Account() -> impl IntoView {
    let auth = use_auth();
    let locale = current_locale();
    view! {
        <h1>{td_string!(locale, account.page.title)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(_)) => view! { <AccountSections /> }.into_any(),
                    Ok(None) | Err(AppError::Unauthorized) => view! { <Redirect path="/sign-in" /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <noscript>
            <p class="notice">{td_string!(locale, account.page.needs_javascript)}</p>
        </noscript>
    }
}

/// Every section, with the dialog they share: an island.
#[island(lazy)]
fn AccountSections() -> impl IntoView {
    let locale = current_locale();
    let changes = Changes {
        confirm: Confirm::new(),
        version: RwSignal::new(0),
        status: RwSignal::new(None),
        error: RwSignal::new(None),
        hydrated: use_hydrated(),
    };
    let version = changes.version;
    // Loaded again after each change here, and when the account changes elsewhere on the page (the passkey offer).
    let elsewhere = use_account_changes();
    let settings = Resource::new(move || (version.get(), elsewhere.get()), |_| account_settings());
    let passkeys = Resource::new(move || (version.get(), elsewhere.get()), |_| list_passkeys());
    let orders = Resource::new(|| (), |_| my_orders());
    // The passkey manager learns the account's passkeys and names when the page loads and after every change
    // (Signal API): asked for in the browser only, once the page is interactive, and never on the server.
    let manager_view = LocalResource::new(move || {
        version.track();
        elsewhere.track();
        passkey_manager_view()
    });
    Effect::new(move || {
        if let Some(Ok(view)) = manager_view.get() {
            sync_passkey_manager(&view);
        }
    });
    // Which proofs the dialog offers. An effect, so the server's page and the hydrating one render the same.
    Effect::new(move || {
        if let Some(Ok(list)) = passkeys.get() {
            changes.confirm.has_passkeys.set(!list.is_empty());
        }
        if let Some(Ok(account)) = settings.get() {
            changes.confirm.has_password.set(account.has_password);
        }
    });
    let manager_view = Signal::derive(move || manager_view.get().and_then(Result::ok));

    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, account.page.loading)}</p> }>
            {move || Suspend::new(async move {
                match (settings.await, passkeys.await) {
                    (Ok(account), Ok(list)) => {
                        let username = account.username.clone();
                        let display_name = account.display_name.clone();
                        let strong = |children: ChildrenFn| view! { <strong>{children()}</strong> };
                        let who = if account.display_name == account.username {
                            td!(locale, account.page.signed_in_as, username = move || username.clone(), <strong> = strong)
                                .into_any()
                        } else {
                            td!(
                                locale,
                                account.page.signed_in_as_named,
                                username = move || username.clone(),
                                display_name = move || display_name.clone(),
                                <strong> = strong
                            )
                                .into_any()
                        };
                        view! {
                            <p class="who">{who}</p>
                            <PasskeySection changes passkeys=list />
                            <PasswordSection changes has_password=account.has_password />
                            <DisplayNameSection changes account=account.clone() />
                            <SessionsSection changes />
                            <h2 id="orders-heading">{td_string!(locale, account.orders.heading)}</h2>
                            <OrderList orders=orders.await.unwrap_or_default() />
                            <DeleteAccountSection changes manager_view />
                        }
                            .into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <p class="status" role="status">{move || changes.status.get()}</p>
        <p class="error" role="alert">{move || changes.error.get()}</p>
        <ConfirmDialog confirm=changes.confirm />
    }
}

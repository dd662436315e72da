//! `/account`, the account security page: the account's passkeys (rename, delete, add), its password (set,
//! change, remove), its display name, its other sessions, and deleting it.
//!
//! Every change goes through [`Confirm::guard`]: the server refuses a change without a recent proof of the owner
//! (`ReauthRequired`), the page then asks for one ("Confirm it's you") and tries once more. After each change
//! the page loads the account again, and the passkey manager is told what the site now holds (Signal API).

mod confirm;

use super::use_hydrated;
use crate::AppError;
use crate::auth::{
    AccountOverview, CurrentUser, DisplayName, Password, account_settings, delete_account, remove_password,
    set_display_name, set_password, sign_out_everywhere_else, use_auth,
};
use crate::components::ErrorNotice;
use crate::passkeys::{
    AccountForPasskeyManager, MAX_PASSKEY_LABEL, PasskeySummary, create_added_passkey, delete_passkey,
    forget_account_in_passkey_manager, list_passkeys, passkey_manager_view, rename_passkey, start_adding_passkey,
    sync_passkey_manager,
};
use crate::shop::{OrderSummary, format_cents, my_orders};
use confirm::{Confirm, ConfirmDialog};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

/// What the page's changes share: the dialog, the account's version (bumped after each change, which reloads
/// what the page shows) and the messages.
#[derive(Clone, Copy)]
struct Changes {
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

/// Signed-out visitors are sent to `/sign-in` (by a 302 when the page is rendered on the server: the route
/// renders in `SsrMode::Async`).
#[component]
pub fn Account() -> impl IntoView {
    let auth = use_auth();
    let changes = Changes {
        confirm: Confirm::new(),
        version: RwSignal::new(0),
        status: RwSignal::new(None),
        error: RwSignal::new(None),
        hydrated: use_hydrated(),
    };
    let version = changes.version;
    // Loaded again after each change here, and when the account changes elsewhere (the passkey offer).
    let settings = Resource::new(move || (version.get(), auth.version()), |_| account_settings());
    let passkeys = Resource::new(move || (version.get(), auth.version()), |_| list_passkeys());
    let orders = Resource::new(|| (), |_| my_orders());
    // The passkey manager learns the account's passkeys and names when the page loads and after every change
    // (Signal API): asked for in the browser only, once the page is interactive, and never on the server.
    let manager_view = LocalResource::new(move || {
        version.track();
        auth.version();
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
        <h1>"Your account"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (settings.await, passkeys.await) {
                    (Ok(account), Ok(list)) => {
                        let display_name =
                            (account.display_name != account.username).then(|| format!(" ({})", account.display_name));
                        view! {
                            <p class="who">
                                "Signed in as " <strong>{account.username.clone()}</strong>
                                {display_name}
                            </p>
                            <PasskeySection changes passkeys=list />
                            <PasswordSection changes has_password=account.has_password />
                            <DisplayNameSection changes account=account.clone() />
                            <SessionsSection changes />
                            <h2 id="orders-heading">"Your orders"</h2>
                            <OrderList orders=orders.await.unwrap_or_default() />
                            <DeleteAccountSection changes manager_view />
                        }
                            .into_any()
                    }
                    (Err(AppError::Unauthorized), _) | (_, Err(AppError::Unauthorized)) => {
                        view! { <Redirect path="/sign-in" /> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <p class="status" role="status">{move || changes.status.get()}</p>
        <p class="error" role="alert">{move || changes.error.get()}</p>
        <noscript>
            <p class="notice">"Changing your passkeys, password and account needs JavaScript."</p>
        </noscript>
        <ConfirmDialog confirm=changes.confirm />
    }
}

#[component]
fn PasskeySection(changes: Changes, passkeys: Vec<PasskeySummary>) -> impl IntoView {
    let add = Action::new_unsync(move |_: &()| async move {
        changes.status.set(None);
        changes.error.set(None);
        let options = match changes.confirm.guard(start_adding_passkey).await {
            Ok(options) => options,
            Err(message) => {
                changes.error.set(Some(message));
                return None;
            }
        };
        match create_added_passkey(options).await {
            Ok(user) => {
                changes.status.set(Some("Passkey added.".to_owned()));
                changes.version.update(|v| *v += 1);
                Some(user)
            }
            Err(error) => {
                changes.error.set(Some(error.to_string()));
                None
            }
        }
    });
    view! {
        <h2 id="passkeys-heading">"Your passkeys"</h2>
        <ul class="passkeys" aria-labelledby="passkeys-heading">
            {passkeys.into_iter().map(|passkey| view! { <PasskeyItem changes passkey /> }).collect_view()}
        </ul>
        <button
            type="button"
            class="secondary"
            disabled=move || !changes.hydrated.get() || add.pending().get()
            on:click=move |_| {
                add.dispatch(());
            }
        >
            "Add a passkey"
        </button>
    }
}

#[component]
fn PasskeyItem(changes: Changes, passkey: PasskeySummary) -> impl IntoView {
    let renaming = RwSignal::new(false);
    let label = RwSignal::new(passkey.label.clone().unwrap_or_default());
    let id = StoredValue::new(passkey.credential_id.clone());
    let rename = Action::new_unsync(move |label: &String| {
        let label = label.clone();
        async move {
            let renamed =
                changes.run(|_| "Passkey renamed.".to_owned(), || rename_passkey(id.get_value(), label.clone())).await;
            if renamed.is_some() {
                renaming.set(false);
            }
        }
    });
    let delete = Action::new_unsync(move |_: &()| async move {
        changes
            .run(
                |_| "Passkey deleted. You are signed out everywhere else.".to_owned(),
                || delete_passkey(id.get_value()),
            )
            .await;
    });
    let busy = move || !changes.hydrated.get() || rename.pending().get() || delete.pending().get();
    let kind = if passkey.synced { "Synced" } else { "This device only" };
    // The provider's name beside a label the user gave, and its logo (decorative: the name says it).
    let provider = passkey.label.is_some().then_some(passkey.provider).flatten();
    let icon = passkey.icon_light.map(|light| {
        let dark = passkey.icon_dark.unwrap_or_else(|| light.clone());
        view! {
            <picture>
                <source srcset=dark media="(prefers-color-scheme: dark)" />
                <img class="provider-icon" src=light alt="" width="24" height="24" />
            </picture>
        }
    });
    view! {
        <li>
            {icon}
            <span class="passkey-name">{passkey.name}</span>
            {provider.map(|provider| view! { <span class="provider">{provider}</span> })}
            <span class="badge">{kind}</span>
            <span>"Created " {passkey.created_at}</span>
            <span>"Last used " {passkey.last_used_at.unwrap_or_else(|| "never".to_owned())}</span>
            <Show
                when=move || renaming.get()
                fallback=move || {
                    view! {
                        <span class="actions">
                            <button type="button" class="secondary" disabled=busy on:click=move |_| renaming.set(true)>
                                "Rename"
                            </button>
                            <button type="button" class="secondary" disabled=busy on:click=move |_| {
                                delete.dispatch(());
                            }>"Delete"</button>
                        </span>
                    }
                }
            >
                <form class="inline" on:submit=move |event| {
                    event.prevent_default();
                    rename.dispatch(label.get_untracked());
                }>
                    <input aria-label="Passkey name" maxlength=MAX_PASSKEY_LABEL bind:value=label />
                    <button type="submit" disabled=busy>"Update name"</button>
                    <button type="button" class="secondary" on:click=move |_| renaming.set(false)>"Cancel"</button>
                </form>
            </Show>
        </li>
    }
}

#[component]
fn PasswordSection(changes: Changes, has_password: bool) -> impl IntoView {
    let editing = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let save = Action::new_unsync(move |password: &String| {
        let password = password.clone();
        async move {
            if let Err(error) = Password::parse(password.clone()) {
                changes.error.set(Some(error.to_string()));
                return;
            }
            let done = if has_password { "Password changed." } else { "Password set." };
            let message = format!("{done} You are signed out everywhere else.");
            if changes.run(|_| message, || set_password(password.clone())).await.is_some() {
                editing.set(false);
            }
        }
    });
    let remove = Action::new_unsync(move |_: &()| async move {
        changes.run(|_| "Password removed. You sign in with your passkeys.".to_owned(), remove_password).await;
    });
    let busy = move || !changes.hydrated.get() || save.pending().get() || remove.pending().get();
    view! {
        <h2>"Password"</h2>
        <p>
            {if has_password {
                "You can also sign in with your password."
            } else {
                "Your account has no password: you sign in with your passkeys."
            }}
        </p>
        <Show
            when=move || editing.get()
            fallback=move || {
                view! {
                    <div class="actions">
                        <button type="button" class="secondary" disabled=busy on:click=move |_| editing.set(true)>
                            {if has_password { "Change password" } else { "Set a password" }}
                        </button>
                        {has_password
                            .then(|| {
                                view! {
                                    <button type="button" class="secondary" disabled=busy on:click=move |_| {
                                        remove.dispatch(());
                                    }>"Remove password"</button>
                                }
                            })}
                    </div>
                }
            }
        >
            <form class="card" on:submit=move |event| {
                event.prevent_default();
                save.dispatch(password.get_untracked());
            }>
                <label for="new-password">"New password"</label>
                <input
                    id="new-password"
                    type="password"
                    autocomplete="new-password"
                    required
                    minlength=Password::MIN_LEN
                    maxlength=Password::MAX_LEN
                    bind:value=password
                />
                <div class="actions">
                    <button type="submit" disabled=busy>"Use this password"</button>
                    <button type="button" class="secondary" on:click=move |_| editing.set(false)>"Cancel"</button>
                </div>
            </form>
        </Show>
    }
}

#[component]
fn DisplayNameSection(changes: Changes, account: AccountOverview) -> impl IntoView {
    let auth = use_auth();
    let name = RwSignal::new(account.display_name);
    let save = Action::new_unsync(move |name: &String| {
        let name = name.clone();
        async move {
            let saved: Option<CurrentUser> = changes
                .run(
                    |user: &CurrentUser| format!("Display name saved: {}.", user.display_name),
                    || set_display_name(name.clone()),
                )
                .await;
            if saved.is_some() {
                auth.changed();
            }
        }
    });
    view! {
        <h2>"Display name"</h2>
        <form class="inline" on:submit=move |event| {
            event.prevent_default();
            save.dispatch(name.get_untracked());
        }>
            <label for="display-name">"Display name"</label>
            <input id="display-name" autocomplete="name" maxlength=DisplayName::MAX_LEN bind:value=name />
            <button type="submit" disabled=move || !changes.hydrated.get() || save.pending().get()>"Save"</button>
        </form>
    }
}

#[component]
fn SessionsSection(changes: Changes) -> impl IntoView {
    let sign_out = Action::new_unsync(move |_: &()| async move {
        changes
            .run(
                |ended: &u64| match ended {
                    0 => "You were signed in nowhere else.".to_owned(),
                    1 => "Signed out of 1 other session.".to_owned(),
                    n => format!("Signed out of {n} other sessions."),
                },
                sign_out_everywhere_else,
            )
            .await;
    });
    view! {
        <h2>"Sessions"</h2>
        <button
            type="button"
            class="secondary"
            disabled=move || !changes.hydrated.get() || sign_out.pending().get()
            on:click=move |_| {
                sign_out.dispatch(());
            }
        >
            "Sign out everywhere else"
        </button>
    }
}

#[component]
fn DeleteAccountSection(changes: Changes, manager_view: Signal<Option<AccountForPasskeyManager>>) -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let delete = Action::new_unsync(move |_: &()| async move {
        // Taken before: once the account is gone, the server no longer says what it was.
        let view = manager_view.get_untracked();
        let deleted = changes.run(|_| "Your account is deleted.".to_owned(), delete_account).await.is_some();
        if deleted && let Some(view) = view {
            forget_account_in_passkey_manager(&view);
        }
        deleted
    });
    Effect::new(move || {
        if delete.value().get() == Some(true) {
            auth.changed();
            navigate("/", Default::default());
        }
    });
    let busy = move || !changes.hydrated.get() || delete.pending().get();
    view! {
        <h2>"Delete account"</h2>
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button type="button" class="secondary danger" disabled=busy on:click=move |_| asking.set(true)>
                        "Delete account"
                    </button>
                }
            }
        >
            <p>"This deletes your account, its passkeys and its password for good. Your orders stay on record."</p>
            <div class="actions">
                <button type="button" class="danger" disabled=busy on:click=move |_| {
                    delete.dispatch(());
                }>"Yes, delete my account"</button>
                <button type="button" class="secondary" on:click=move |_| asking.set(false)>"Keep my account"</button>
            </div>
        </Show>
    }
}

#[component]
fn OrderList(orders: Vec<OrderSummary>) -> impl IntoView {
    if orders.is_empty() {
        return view! { <p>"No orders yet."</p> }.into_any();
    }
    view! {
        <ul class="orders" aria-labelledby="orders-heading">
            {orders
                .into_iter()
                .map(|order| {
                    let href = format!("/orders/{}", order.id);
                    let items = if order.items == 1 { "1 item".to_owned() } else { format!("{} items", order.items) };
                    view! {
                        <li>
                            <a href=href>"Order of " {order.placed_at}</a>
                            <span>{items}</span>
                            <span>{format_cents(order.total_cents)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

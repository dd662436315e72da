//! `/account`, the account security page: the account's passkeys (rename, delete, add), its password (set,
//! change, remove), its display name, its other sessions, and deleting it.
//!
//! Every change goes through [`Confirm::guard`]: the server refuses a change without a recent proof of the owner
//! (`ReauthRequired`), the page then asks for one ("Confirm it's you") and tries once more. After each change
//! the page loads the account again, and the passkey manager is told what the site now holds (Signal API).

mod confirm;

use crate::auth::{
    AccountOverview, CurrentUser, DisplayName, Password, account_settings, delete_account, remove_password,
    set_display_name, set_password, sign_out_everywhere_else, use_auth,
};
use crate::components::ErrorNotice;
use crate::error::AppError;
use crate::hydration::use_hydrated;
use crate::i18n::translate::fill;
use crate::i18n::*;
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
    let locale = use_i18n().get_locale_untracked();
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
        <h1>{td_string!(locale, account.page.title)}</h1>
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
            <p class="notice">{td_string!(locale, account.page.needs_javascript)}</p>
        </noscript>
        <ConfirmDialog confirm=changes.confirm />
    }
}

#[component]
fn PasskeySection(changes: Changes, passkeys: Vec<PasskeySummary>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
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
                changes.status.set(Some(td_string!(locale, account.passkeys.added).to_owned()));
                changes.version.update(|v| *v += 1);
                Some(user)
            }
            Err(error) => {
                changes.error.set(Some(error.message(locale)));
                None
            }
        }
    });
    view! {
        <h2 id="passkeys-heading">{td_string!(locale, account.passkeys.heading)}</h2>
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
            {td_string!(locale, account.passkeys.add)}
        </button>
    }
}

#[component]
fn PasskeyItem(changes: Changes, passkey: PasskeySummary) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let renaming = RwSignal::new(false);
    let label = RwSignal::new(passkey.label.clone().unwrap_or_default());
    let id = StoredValue::new(passkey.credential_id.clone());
    let rename = Action::new_unsync(move |label: &String| {
        let label = label.clone();
        async move {
            let renamed = changes
                .run(
                    |_| td_string!(locale, account.passkeys.renamed).to_owned(),
                    || rename_passkey(id.get_value(), label.clone()),
                )
                .await;
            if renamed.is_some() {
                renaming.set(false);
            }
        }
    });
    let delete = Action::new_unsync(move |_: &()| async move {
        changes
            .run(|_| td_string!(locale, account.passkeys.deleted).to_owned(), || delete_passkey(id.get_value()))
            .await;
    });
    let busy = move || !changes.hydrated.get() || rename.pending().get() || delete.pending().get();
    let synced = passkey.synced;
    let kind = move || {
        if synced {
            td_string!(locale, account.passkeys.synced)
        } else {
            td_string!(locale, account.passkeys.device_only)
        }
    };
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
    let created_at = passkey.created_at;
    view! {
        <li>
            {icon}
            <span class="passkey-name">{passkey.name}</span>
            {provider.map(|provider| view! { <span class="provider">{provider}</span> })}
            <span class="badge">{kind}</span>
            <span>{td!(locale, account.passkeys.created, date = move || created_at.clone())}</span>
            <span>
                {match passkey.last_used_at {
                    Some(last_used_at) => {
                        td!(locale, account.passkeys.last_used, date = move || last_used_at.clone()).into_any()
                    }
                    None => td!(locale, account.passkeys.never_used).into_any(),
                }}
            </span>
            <Show
                when=move || renaming.get()
                fallback=move || {
                    view! {
                        <span class="actions">
                            <button type="button" class="secondary" disabled=busy on:click=move |_| renaming.set(true)>
                                {td_string!(locale, account.passkeys.rename)}
                            </button>
                            <button type="button" class="secondary" disabled=busy on:click=move |_| {
                                delete.dispatch(());
                            }>{td_string!(locale, account.passkeys.delete)}</button>
                        </span>
                    }
                }
            >
                <form class="inline" on:submit=move |event| {
                    event.prevent_default();
                    rename.dispatch(label.get_untracked());
                }>
                    <input
                        aria-label=td_string!(locale, account.fields.passkey_name)
                        maxlength=MAX_PASSKEY_LABEL
                        bind:value=label
                    />
                    <button type="submit" disabled=busy>{td_string!(locale, account.passkeys.update_name)}</button>
                    <button type="button" class="secondary" on:click=move |_| renaming.set(false)>
                        {td_string!(locale, account.page.cancel)}
                    </button>
                </form>
            </Show>
        </li>
    }
}

#[component]
fn PasswordSection(changes: Changes, has_password: bool) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let editing = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let save = Action::new_unsync(move |password: &String| {
        let password = password.clone();
        async move {
            if let Err(error) = Password::parse(password.clone()) {
                changes.error.set(Some(error.message(locale)));
                return;
            }
            let message = if has_password {
                td_string!(locale, account.password.changed)
            } else {
                td_string!(locale, account.password.was_set)
            };
            if changes.run(|_| message.to_owned(), || set_password(password.clone())).await.is_some() {
                editing.set(false);
            }
        }
    });
    let remove = Action::new_unsync(move |_: &()| async move {
        changes.run(|_| td_string!(locale, account.password.removed).to_owned(), remove_password).await;
    });
    let busy = move || !changes.hydrated.get() || save.pending().get() || remove.pending().get();
    view! {
        <h2>{td_string!(locale, account.password.heading)}</h2>
        <p>
            {move || {
                if has_password {
                    td_string!(locale, account.password.has_password)
                } else {
                    td_string!(locale, account.password.no_password)
                }
            }}
        </p>
        <Show
            when=move || editing.get()
            fallback=move || {
                view! {
                    <div class="actions">
                        <button type="button" class="secondary" disabled=busy on:click=move |_| editing.set(true)>
                            {move || {
                                if has_password {
                                    td_string!(locale, account.password.change)
                                } else {
                                    td_string!(locale, account.password.set)
                                }
                            }}
                        </button>
                        {has_password
                            .then(|| {
                                view! {
                                    <button type="button" class="secondary" disabled=busy on:click=move |_| {
                                        remove.dispatch(());
                                    }>{td_string!(locale, account.password.remove)}</button>
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
                <label for="new-password">{td_string!(locale, account.password.new_password)}</label>
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
                    <button type="submit" disabled=busy>{td_string!(locale, account.password.use_this)}</button>
                    <button type="button" class="secondary" on:click=move |_| editing.set(false)>
                        {td_string!(locale, account.page.cancel)}
                    </button>
                </div>
            </form>
        </Show>
    }
}

#[component]
fn DisplayNameSection(changes: Changes, account: AccountOverview) -> impl IntoView {
    let auth = use_auth();
    let locale = use_i18n().get_locale_untracked();
    let name = RwSignal::new(account.display_name);
    let save = Action::new_unsync(move |name: &String| {
        let name = name.clone();
        async move {
            let saved: Option<CurrentUser> = changes
                .run(
                    |user: &CurrentUser| {
                        let name = user.display_name.clone();
                        fill(td_string!(locale, account.display_name.saved), &[("name", &name)])
                    },
                    || set_display_name(name.clone()),
                )
                .await;
            if saved.is_some() {
                auth.changed();
            }
        }
    });
    view! {
        <h2>{td_string!(locale, account.display_name.heading)}</h2>
        <form class="inline" on:submit=move |event| {
            event.prevent_default();
            save.dispatch(name.get_untracked());
        }>
            <label for="display-name">{td_string!(locale, account.fields.display_name)}</label>
            <input id="display-name" autocomplete="name" maxlength=DisplayName::MAX_LEN bind:value=name />
            <button type="submit" disabled=move || !changes.hydrated.get() || save.pending().get()>
                {td_string!(locale, account.display_name.save)}
            </button>
        </form>
    }
}

#[component]
fn SessionsSection(changes: Changes) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let sign_out = Action::new_unsync(move |_: &()| async move {
        changes
            .run(
                |&ended: &u64| match ended {
                    0 => td_string!(locale, account.sessions.none_ended).to_owned(),
                    1 => td_string!(locale, account.sessions.one_ended).to_owned(),
                    n => fill(td_string!(locale, account.sessions.many_ended), &[("count", &n)]),
                },
                sign_out_everywhere_else,
            )
            .await;
    });
    view! {
        <h2>{td_string!(locale, account.sessions.heading)}</h2>
        <button
            type="button"
            class="secondary"
            disabled=move || !changes.hydrated.get() || sign_out.pending().get()
            on:click=move |_| {
                sign_out.dispatch(());
            }
        >
            {td_string!(locale, account.sessions.sign_out_elsewhere)}
        </button>
    }
}

#[component]
fn DeleteAccountSection(changes: Changes, manager_view: Signal<Option<AccountForPasskeyManager>>) -> impl IntoView {
    let auth = use_auth();
    let locale = use_i18n().get_locale_untracked();
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let delete = Action::new_unsync(move |_: &()| async move {
        // Taken before: once the account is gone, the server no longer says what it was.
        let view = manager_view.get_untracked();
        let deleted =
            changes.run(|_| td_string!(locale, account.delete.deleted).to_owned(), delete_account).await.is_some();
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
        <h2>{td_string!(locale, account.delete.heading)}</h2>
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button type="button" class="secondary danger" disabled=busy on:click=move |_| asking.set(true)>
                        {td_string!(locale, account.delete.button)}
                    </button>
                }
            }
        >
            <p>{td_string!(locale, account.delete.warning)}</p>
            <div class="actions">
                <button type="button" class="danger" disabled=busy on:click=move |_| {
                    delete.dispatch(());
                }>{td_string!(locale, account.delete.confirm)}</button>
                <button type="button" class="secondary" on:click=move |_| asking.set(false)>
                    {td_string!(locale, account.delete.keep)}
                </button>
            </div>
        </Show>
    }
}

#[component]
fn OrderList(orders: Vec<OrderSummary>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    if orders.is_empty() {
        return view! { <p>{td_string!(locale, account.orders.none)}</p> }.into_any();
    }
    view! {
        <ul class="orders" aria-labelledby="orders-heading">
            {orders
                .into_iter()
                .map(|order| {
                    let href = format!("/orders/{}", order.id);
                    let count = order.items;
                    let items = move || {
                        let locale = locale;
                        if count == 1 {
                            td_string!(locale, account.orders.one_item).to_owned()
                        } else {
                            fill(td_string!(locale, account.orders.many_items), &[("count", &count)])
                        }
                    };
                    let placed_at = order.placed_at;
                    view! {
                        <li>
                            <a href=href>{td!(locale, account.orders.order_of, date = move || placed_at.clone())}</a>
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

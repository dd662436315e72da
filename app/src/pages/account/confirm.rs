//! "Confirm it's you": the re-authentication the account page asks for when the server answers a change with
//! [`AppError::ReauthRequired`]. The server decides; this dialog only collects the proof (one of the account's
//! passkeys, or its password) and lets the change be tried once more.

use crate::auth::reauthenticate_with_password;
use crate::error::AppError;
use crate::i18n::translate::current_locale;
use crate::i18n::*;
use crate::passkeys::{FlowError, reauthenticate_with_passkey};
use futures::channel::oneshot;
use leptos::html;
use leptos::prelude::*;

/// The dialog's handle: [`Confirm::ask`] opens it and waits for the answer.
#[derive(Clone, Copy)]
pub(super) struct Confirm {
    open: RwSignal<bool>,
    answer: StoredValue<Option<oneshot::Sender<bool>>>,
    /// Which proofs the account can give.
    pub(super) has_passkeys: RwSignal<bool>,
    pub(super) has_password: RwSignal<bool>,
}

impl Confirm {
    pub(super) fn new() -> Self {
        Self {
            open: RwSignal::new(false),
            answer: StoredValue::new(None),
            has_passkeys: RwSignal::new(false),
            has_password: RwSignal::new(false),
        }
    }

    /// Opens the dialog; `true` once the server holds a fresh proof, `false` if the user closed it.
    async fn ask(self) -> bool {
        let (sender, receiver) = oneshot::channel();
        self.answer.set_value(Some(sender));
        self.open.set(true);
        receiver.await.unwrap_or(false)
    }

    fn finish(self, proved: bool) {
        if let Some(sender) = self.answer.try_update_value(Option::take).flatten() {
            let _ = sender.send(proved);
        }
        self.open.set(false);
    }

    /// Runs `change`; if the server wants a fresh proof of the owner first, asks for it and runs `change` once
    /// more. Errors come back as the message to show, in the page's language (if the user closed the dialog
    /// instead of confirming: that nothing was changed).
    pub(super) async fn guard<T, Fut>(self, change: impl Fn() -> Fut) -> Result<T, String>
    where
        Fut: Future<Output = Result<T, AppError>>,
    {
        let locale = current_locale();
        match change().await {
            Err(AppError::ReauthRequired) => {
                if !self.ask().await {
                    return Err(td_string!(locale, account.confirm.not_confirmed).to_owned());
                }
                change().await.map_err(|e| e.message(locale))
            }
            other => other.map_err(|e| e.message(locale)),
        }
    }
}

/// The dialog itself, a native modal `<dialog>` (focus stays in it; Escape closes it).
#[component]
pub(super) fn ConfirmDialog(confirm: Confirm) -> impl IntoView {
    let locale = current_locale();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move || {
        let open = confirm.open.get();
        if let Some(dialog) = dialog.get() {
            if open && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !open && dialog.open() {
                dialog.close();
            }
        }
    });

    let password = RwSignal::new(String::new());
    let with_passkey = Action::new_unsync(|_: &()| reauthenticate_with_passkey());
    let with_password = Action::new_unsync(|password: &String| {
        let password = password.clone();
        async move { reauthenticate_with_password(password).await.map_err(FlowError::from) }
    });
    Effect::new(move || {
        if matches!(with_passkey.value().get(), Some(Ok(()))) || matches!(with_password.value().get(), Some(Ok(()))) {
            with_passkey.value().set(None);
            with_password.value().set(None);
            password.set(String::new());
            confirm.finish(true);
        }
    });
    let error = move || {
        with_passkey
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| with_password.value().get().and_then(Result::err))
            .map(|e| e.message(locale))
    };
    let busy = move || with_passkey.pending().get() || with_password.pending().get();

    view! {
        <dialog
            node_ref=dialog
            class="confirm"
            aria-labelledby="confirm-title"
            // Escape, "Cancel", or a closed dialog for any reason: the change waits for nothing more.
            on:close=move |_| confirm.finish(false)
        >
            <h2 id="confirm-title">{td_string!(locale, account.confirm.title)}</h2>
            // Rendered only while open: the server's page and the hydrating one agree that it is closed.
            <Show when=move || confirm.open.get()>
                <p>{td_string!(locale, account.confirm.explanation)}</p>
                <Show when=move || confirm.has_passkeys.get()>
                    <button type="button" on:click=move |_| {
                        with_passkey.dispatch(());
                    } disabled=busy>{td_string!(locale, account.confirm.use_passkey)}</button>
                </Show>
                <Show when=move || confirm.has_password.get()>
                    <form on:submit=move |event| {
                        event.prevent_default();
                        with_password.dispatch(password.get_untracked());
                    }>
                        <label for="current-password">{td_string!(locale, account.confirm.current_password)}</label>
                        <input
                            id="current-password"
                            type="password"
                            autocomplete="current-password"
                            required
                            bind:value=password
                        />
                        <button type="submit" class="secondary" disabled=busy>
                            {td_string!(locale, account.confirm.with_password)}
                        </button>
                    </form>
                </Show>
                <p class="error" role="alert">{error}</p>
                <button type="button" class="secondary" on:click=move |_| confirm.finish(false)>
                    {td_string!(locale, account.page.cancel)}
                </button>
            </Show>
        </dialog>
    }
}

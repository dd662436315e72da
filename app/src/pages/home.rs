use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>"Passkeys, done properly"</h1>
            <p>
                "A reference site for signing in with passkeys: a discoverable passkey made at sign-up, "
                "username-less sign-in, every ceremony verified on the server."
            </p>
            <p class="actions">
                <a class="button" href="/sign-up">"Create an account"</a>
                <a class="button secondary" href="/sign-in">"Sign in"</a>
            </p>
        </section>
    }
}

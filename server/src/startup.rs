//! Building the application: settings -> database -> relying party -> router -> listener.

use crate::Settings;
use crate::cross_site;
use crate::headers::{Https, security_headers};
use crate::rate_limit::{PasswordAttempts, limit_password_attempts};
use app::state::AppState;
use app::state::TicketKey;
use app::store::{AccountStore, SqliteStore};
use app::{App, shell};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use webauthn_rs::WebauthnBuilder;

/// How long a session lasts without being used.
const SESSION_INACTIVITY: time::Duration = time::Duration::days(30);

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("opening the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("reading server secrets: {0}")]
    Store(#[from] app::store::StoreError),
    #[error("setting up sessions: {0}")]
    Sessions(#[from] tower_sessions::session_store::Error),
    #[error("configuring WebAuthn (check RP_ID and RP_ORIGIN): {0}")]
    Webauthn(#[from] webauthn_rs::prelude::WebauthnError),
    #[error("binding the listener: {0}")]
    Listen(#[from] std::io::Error),
    #[error("configuring the cross-origin protection (check RP_ORIGIN): {0}")]
    CrossSite(#[from] tower_http::csrf::ConfigError),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application").field("listener", &self.listener).finish_non_exhaustive()
    }
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let store = SqliteStore::open(&settings.database_path).await?;

        // Sessions live in the same database, in their own table.
        let session_store = tower_sessions_sqlx_store::SqliteStore::new(store.pool().clone());
        session_store.migrate().await?;
        // tower-sessions' cleanup loop ends at its first database error; this one logs it and carries on.
        let cleanup = session_store.clone();
        tokio::spawn(async move {
            let period = tokio::time::Duration::from_secs(3600);
            loop {
                if let Err(error) = cleanup.clone().continuously_delete_expired(period).await {
                    tracing::warn!(%error, "deleting expired sessions failed; trying again later");
                }
                tokio::time::sleep(period).await;
            }
        });
        let sessions = SessionManagerLayer::new(session_store)
            // On https the `__Host-` prefix makes browsers refuse the cookie unless it is Secure, for this host
            // only and for every path: a sibling subdomain cannot plant or overwrite it.
            .with_name(if settings.secure_cookies() { "__Host-session" } else { "session" })
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(settings.secure_cookies())
            .with_expiry(Expiry::OnInactivity(SESSION_INACTIVITY));

        let webauthn = WebauthnBuilder::new(&settings.rp_id, &settings.rp_origin)?
            .rp_name(&settings.rp_name)
            .timeout(settings.ceremony_ttl)
            .build()?;

        let ticket_key = store.server_secret(TicketKey::SECRET_NAME, &TicketKey::generate).await?;

        let listener = TcpListener::bind(settings.listen_addr).await?;
        let state = AppState {
            leptos_options: leptos_options(&settings, listener.local_addr()?),
            store: Arc::new(store),
            webauthn: Arc::new(webauthn),
            ceremony_ttl: settings.ceremony_ttl,
            ticket_key: Arc::new(TicketKey::new(ticket_key)),
            secure_cookies: settings.secure_cookies(),
        };
        let attempts = PasswordAttempts::per_minute(settings.password_attempts_per_minute);
        let router = router(state)
            .layer(axum::middleware::from_fn_with_state(attempts, limit_password_attempts))
            .layer(sessions)
            // Outside the sessions: a refused request gets no cookie.
            .layer(axum::middleware::from_fn(cross_site::require_form_or_json))
            .layer(cross_site::protection(&settings.rp_origin)?)
            .layer(axum::middleware::from_fn_with_state(Https(settings.secure_cookies()), security_headers))
            .layer(TraceLayer::new_for_http());
        Ok(Self { listener, router })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn port(&self) -> u16 {
        self.local_addr().port()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // The peer address is what password attempts are counted by.
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).with_graceful_shutdown(shutdown_signal()).await
    }
}

/// The app's routes, generated once per process. Generating them renders the app with resource loading switched
/// off for the whole process (a global flag in leptos_server), so it must never run while a page is being served:
/// the real server builds one router before it listens, but tests start many servers in one process.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// The Leptos pages and server functions, with [`AppState`] provided to both. Sessions are layered on by the
/// caller.
pub fn router(state: AppState) -> Router {
    let routes = ROUTES.clone();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::map_response(app::error::set_error_status))
        .with_state(state)
}

/// cargo-leptos passes the site layout in `LEPTOS_*` variables; without it (tests, a bare binary) the same
/// defaults apply as in `Cargo.toml`.
fn leptos_options(settings: &Settings, addr: SocketAddr) -> LeptosOptions {
    let mut options = match get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(_) => LeptosOptions::builder().output_name("leptos-passkeys").build(),
    };
    options.site_root = settings.site_root.as_str().into();
    options.site_addr = addr;
    options
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

//! Building the application: settings -> database -> relying party -> router -> listener.

use crate::Settings;
use crate::cleanup::Cleanup;
use crate::cross_site;
use crate::headers::{HeaderSettings, security_headers};
use crate::limits::{AddressLimits, limit_by_address};
use crate::metrics::MetricsAccess;
use crate::well_known::WellKnown;
use app::state::{AppState, Clock, Limits, Metrics, TicketKey};
use app::{App, shell};
use axum::Router;
use axum::handler::Handler;
use axum::serve::ListenerExt;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use tokio::net::TcpListener;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use webauthn_rs::WebauthnBuilder;

/// How often the cleanup runs.
const CLEANUP_PERIOD: std::time::Duration = std::time::Duration::from_secs(15 * 60);

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("opening the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("reading server secrets: {0}")]
    Store(#[from] app::store::StoreError),
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
    cleanup: Cleanup,
    clock: Clock,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application").field("listener", &self.listener).finish_non_exhaustive()
    }
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        Self::build_with_clock(settings, Clock::system()).await
    }

    /// [`build`](Self::build), with a clock that tests can move forward.
    pub async fn build_with_clock(settings: Settings, clock: Clock) -> Result<Self, StartupError> {
        // Sessions live in the same database, in their own table; `Cleanup` deletes the expired ones.
        let (store, session_store) = settings.database.open().await?;
        tracing::debug!(database = settings.database.kind(), "database open and migrated");
        let sessions = SessionManagerLayer::new(session_store.clone())
            // On https the `__Host-` prefix makes browsers refuse the cookie unless it is Secure, for this host
            // only and for every path: a sibling subdomain cannot plant or overwrite it.
            .with_name(if settings.secure_cookies() { "__Host-session" } else { "session" })
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(settings.secure_cookies())
            .with_expiry(Expiry::OnInactivity(app::session::SESSION_IDLE));

        let webauthn = WebauthnBuilder::new(&settings.rp_id, &settings.rp_origin)?
            .rp_name(&settings.rp_name)
            .timeout(settings.ceremony_ttl)
            .build()?;

        let ticket_key = store.server_secret(TicketKey::SECRET_NAME, &TicketKey::generate).await?;

        let listener = TcpListener::bind(settings.listen_addr).await?;
        let state = AppState {
            leptos_options: leptos_options(&settings, listener.local_addr()?),
            store,
            webauthn: Arc::new(webauthn),
            rp_id: settings.rp_id.as_str().into(),
            ceremony_ttl: settings.ceremony_ttl,
            reauth_window: settings.reauth_window,
            ticket_key: Arc::new(TicketKey::new(ticket_key)),
            secure_cookies: settings.secure_cookies(),
            clock: clock.clone(),
            limits: Arc::new(Limits::new(&settings.limits)),
            metrics: Arc::new(Metrics::default()),
        };
        let cleanup = Cleanup::new(state.clone(), session_store);
        let address_limits =
            AddressLimits { limits: state.limits.clone(), trusted_proxies: settings.trusted_proxies.clone().into() };
        let headers =
            HeaderSettings { https: settings.secure_cookies(), hashed_assets: state.leptos_options.hash_files };
        let metrics_access = MetricsAccess { token: settings.metrics_token.clone() };
        let well_known = WellKnown::new(&settings.rp_origin, &settings.related_origins);
        let router = router(state.clone(), metrics_access, well_known)
            .layer(axum::middleware::from_fn_with_state(address_limits, limit_by_address))
            .layer(sessions)
            .layer(tower_http::limit::RequestBodyLimitLayer::new(cross_site::MAX_BODY_BYTES))
            // Outside the sessions: a refused request gets no cookie.
            .layer(axum::middleware::from_fn(cross_site::require_form_or_json))
            .layer(cross_site::protection(&settings.rp_origin)?)
            .layer(axum::middleware::from_fn_with_state(headers, security_headers))
            // Pages and server function answers, compressed as they go out. The JS, wasm and CSS are compressed
            // once, at build time (`cargo leptos build --release --precompress`), and served as they are. Quality 4:
            // brotli's default (11) costs milliseconds per page for a few bytes less.
            .layer(
                CompressionLayer::new()
                    .quality(CompressionLevel::Precise(4))
                    .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/wasm"))),
            )
            .layer(TraceLayer::new_for_http())
            .layer(axum::middleware::from_fn_with_state(state, crate::metrics::time_requests));
        Ok(Self { listener, router, cleanup, clock })
    }

    /// The cleanup this application runs periodically once it serves; tests run it when they choose.
    pub fn cleanup(&self) -> Cleanup {
        self.cleanup.clone()
    }

    pub fn clock(&self) -> Clock {
        self.clock.clone()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn port(&self) -> u16 {
        self.local_addr().port()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let cleanup = self.cleanup.spawn(CLEANUP_PERIOD);
        // Without TCP_NODELAY a response written in two segments waits for the client's delayed ACK (about 40 ms
        // per static file on a kept-alive connection).
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY");
            }
        });
        // The limits need the peer's address.
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await;
        cleanup.abort();
        served
    }
}

/// The app's routes, generated once per process. Generating them renders the app with resource loading switched
/// off for the whole process (a global flag in leptos_server), so it must never run while a page is being served:
/// the real server builds one router before it listens, but tests start many servers in one process.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// The Leptos pages and server functions, with [`AppState`] provided to both. Sessions are layered on by the
/// caller.
pub fn router(state: AppState, metrics_access: MetricsAccess, well_known: WellKnown) -> Router {
    let routes = ROUTES.clone();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    Router::new()
        .route("/healthz", axum::routing::get(crate::health::healthz))
        .route("/readyz", axum::routing::get(crate::health::readyz))
        .route("/metrics", axum::routing::get(crate::metrics::metrics))
        .route("/.well-known/passkey-endpoints", axum::routing::get(crate::well_known::passkey_endpoints))
        .route("/.well-known/webauthn", axum::routing::get(crate::well_known::related_origins))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        // Tells `time_requests` (outside every other layer) which route answered.
        .route_layer(axum::middleware::from_fn(crate::metrics::note_route))
        .layer(axum::Extension(metrics_access))
        .layer(axum::Extension(well_known))
        // The site's files (the JS, wasm and CSS, precompressed at build time), and for any other path the app's
        // "not found" page. The files are served outside any reactive owner: leptos_axum's own file handler reads
        // the response options of whatever owner is current on the thread, and under load that was another
        // request's page (its redirect and its cookie went out with a wasm file).
        .fallback_service(
            ServeDir::new(state.leptos_options.site_root.as_ref())
                .append_index_html_on_directories(false)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell).with_state(state.clone())),
        )
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

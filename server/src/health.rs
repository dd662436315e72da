//! Health checks for whatever runs the server (a load balancer, an orchestrator): `/healthz` says the process
//! answers, `/readyz` that it can serve, that is, its database answers and has every migration this build needs.
//! Both answer JSON, which the headers layer marks `no-store`.

use app::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

/// How long `/readyz` waits for the database before it says no.
const DATABASE_WAIT: Duration = Duration::from_secs(2);

/// The process is up and answers HTTP.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The process can serve requests: 200 when the database answers within `DATABASE_WAIT` and is migrated, 503
/// with the reason otherwise.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let unavailable = |reason: &str| (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": reason })));
    match tokio::time::timeout(DATABASE_WAIT, state.store.missing_migrations()).await {
        Ok(Ok(0)) => (StatusCode::OK, Json(json!({ "status": "ready" }))),
        Ok(Ok(missing)) => {
            tracing::warn!(missing, "not ready: the database lacks migrations");
            unavailable("migrations pending")
        }
        Ok(Err(error)) => {
            tracing::warn!(%error, "not ready: the database does not answer");
            unavailable("database unavailable")
        }
        Err(_) => {
            tracing::warn!("not ready: the database did not answer in time");
            unavailable("database unavailable")
        }
    }
}

//! The health checks an orchestrator or a load balancer polls.

use crate::helpers::spawn_app;
use serde_json::Value;

async fn check(app: &crate::helpers::TestApp, path: &str) -> (u16, Value, String) {
    let answer = app.browser().http.get(format!("{}{path}", app.address)).send().await.expect("an answer");
    let status = answer.status().as_u16();
    let cache = answer.headers()["cache-control"].to_str().expect("ASCII").to_owned();
    (status, answer.json().await.expect("JSON"), cache)
}

#[tokio::test]
async fn a_running_server_is_healthy_and_ready_and_no_cache_keeps_either_answer() {
    let app = spawn_app().await;
    assert_eq!(check(&app, "/healthz").await, (200, serde_json::json!({ "status": "ok" }), "no-store".into()));
    assert_eq!(check(&app, "/readyz").await, (200, serde_json::json!({ "status": "ready" }), "no-store".into()));
}

#[tokio::test]
async fn a_database_behind_this_build_makes_the_server_not_ready_but_still_healthy() {
    let app = spawn_app().await;
    let database = app.database().await;
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
        .execute(&database)
        .await
        .expect("a migration forgotten");

    let (status, body, _) = check(&app, "/readyz").await;
    assert_eq!((status, body["status"].as_str()), (503, Some("migrations pending")));
    assert_eq!(check(&app, "/healthz").await.0, 200, "the process itself is fine");
}

#[tokio::test]
async fn a_database_the_server_cannot_read_makes_it_not_ready() {
    let app = spawn_app().await;
    let database = app.database().await;
    sqlx::query("DROP TABLE _sqlx_migrations").execute(&database).await.expect("the bookkeeping gone");

    let (status, body, _) = check(&app, "/readyz").await;
    assert_eq!((status, body["status"].as_str()), (503, Some("database unavailable")));
}

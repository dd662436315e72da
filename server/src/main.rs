use server::{Application, Settings};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    init_logging();
    let settings = Settings::from_env()?;
    let app = Application::build(settings).await?;
    tracing::info!("listening on http://{}", app.local_addr());
    app.run_until_stopped().await?;
    tracing::info!("stopped");
    Ok(())
}

/// Logs to stdout at the level `RUST_LOG` asks for (`info` by default): one JSON object per line when
/// `LOG_FORMAT=json` (for a log collector), text for people otherwise.
fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if std::env::var("LOG_FORMAT").is_ok_and(|format| format.eq_ignore_ascii_case("json")) {
        logs.json().flatten_event(true).init();
    } else {
        logs.init();
    }
}

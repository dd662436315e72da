//! Settings from environment variables, with defaults for running on your own machine.
//! Every variable is described in `.env.example`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use url::Url;

#[derive(Debug, Clone)]
pub struct Settings {
    /// WebAuthn relying-party id: the site's registrable domain (`localhost` locally).
    pub rp_id: String,
    /// The exact origin the browser shows, with scheme and port. Assertions from any other origin are rejected.
    pub rp_origin: Url,
    /// Name shown by passkey managers.
    pub rp_name: String,
    /// SQLite database file; created and migrated at start-up.
    pub database_path: PathBuf,
    pub listen_addr: SocketAddr,
    pub ceremony_ttl: Duration,
    /// Password attempts (sign-in, sign-up, change) allowed per minute from one IP address.
    pub password_attempts_per_minute: std::num::NonZeroU32,
    /// Directory holding the built site (`pkg/`, CSS, assets).
    pub site_root: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{name}: {message}")]
pub struct ConfigError {
    name: &'static str,
    message: String,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parsed<T: std::str::FromStr>(name: &'static str, default: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    var(name).as_deref().unwrap_or(default).parse().map_err(|e: T::Err| ConfigError { name, message: e.to_string() })
}

impl Settings {
    pub fn from_env() -> Result<Self, ConfigError> {
        // cargo-leptos tells the server where to listen through LEPTOS_SITE_ADDR; LISTEN_ADDR wins if both are set.
        let default_addr = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let ttl_seconds: u64 = parsed("CEREMONY_TTL_SECONDS", "300")?;
        let settings = Self {
            rp_id: var("RP_ID").unwrap_or_else(|| "localhost".to_owned()),
            rp_origin: parsed("RP_ORIGIN", "http://localhost:3000")?,
            rp_name: var("RP_NAME").unwrap_or_else(|| "leptos-passkeys".to_owned()),
            database_path: var("DATABASE_PATH").unwrap_or_else(|| "data/leptos-passkeys.sqlite".to_owned()).into(),
            listen_addr: parsed("LISTEN_ADDR", &default_addr)?,
            ceremony_ttl: Duration::from_secs(ttl_seconds),
            password_attempts_per_minute: parsed("PASSWORD_ATTEMPTS_PER_MINUTE", "10")?,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
        };
        if settings.ceremony_ttl.is_zero() {
            return Err(ConfigError { name: "CEREMONY_TTL_SECONDS", message: "must be at least 1".into() });
        }
        Ok(settings)
    }

    /// Whether the session cookie must be `Secure`: whenever the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.rp_origin.scheme() == "https"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(origin: &str) -> Settings {
        Settings {
            rp_id: "example.com".into(),
            rp_origin: origin.parse().expect("a URL"),
            rp_name: "test".into(),
            database_path: "test.sqlite".into(),
            listen_addr: "127.0.0.1:0".parse().expect("an address"),
            ceremony_ttl: Duration::from_secs(300),
            password_attempts_per_minute: std::num::NonZeroU32::MIN,
            site_root: "target/site".into(),
        }
    }

    #[test]
    fn cookies_are_secure_exactly_when_the_site_is_served_over_https() {
        assert!(settings("https://example.com").secure_cookies());
        assert!(!settings("http://localhost:3000").secure_cookies());
    }
}

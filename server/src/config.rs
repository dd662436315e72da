//! Settings from environment variables, with defaults for running on your own machine.
//! Every variable is described in `.env.example`.

use crate::database::Database;
use app::state::LimitSettings;
use ipnet::IpNet;
use secrecy::SecretString;
use std::net::{IpAddr, SocketAddr};
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
    /// Where the state lives (`DATABASE_URL`, else the SQLite file `DATABASE_PATH`); migrated at start-up.
    pub database: Database,
    pub listen_addr: SocketAddr,
    pub ceremony_ttl: Duration,
    /// How long a proof that the account's owner is at the keyboard (a passkey or the password) allows changes to
    /// the account's sign-in methods (`REAUTH_SECONDS`).
    pub reauth_window: Duration,
    /// The abuse limits (see `app::state::Limits`).
    pub limits: LimitSettings,
    /// Reverse proxies whose `X-Forwarded-For` names the real client (addresses or networks).
    pub trusted_proxies: Vec<IpNet>,
    /// Directory holding the built site (`pkg/`, CSS, assets).
    pub site_root: String,
    /// The bearer token a Prometheus scraper must send to read `/metrics`; without one, there is no `/metrics`.
    pub metrics_token: Option<SecretString>,
    /// Other origins that may use this site's RP ID (WebAuthn related origin requests), listed at
    /// `/.well-known/webauthn`.
    pub related_origins: Vec<Url>,
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

/// `https://example.co.uk, https://example.de`: origins, comma-separated, each https (or http on localhost, for
/// development) and nothing but scheme, host and port.
fn related_origins(list: &str, own: &Url) -> Result<Vec<Url>, ConfigError> {
    let refuse = |entry: &str, why: &str| ConfigError { name: "RELATED_ORIGINS", message: format!("{entry:?} {why}") };
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let url = Url::parse(entry).map_err(|_| refuse(entry, "is not a URL"))?;
            let local = url.host_str().is_some_and(|host| host == "localhost" || host.ends_with(".localhost"));
            if !(url.scheme() == "https" || (url.scheme() == "http" && local)) {
                return Err(refuse(entry, "is not https"));
            }
            if url.path() != "/" || url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
                return Err(refuse(entry, "is not an origin (scheme, host and port only)"));
            }
            if url.origin() == own.origin() {
                return Err(refuse(entry, "is RP_ORIGIN itself"));
            }
            Ok(url)
        })
        .collect()
}

/// `10.0.0.1, 10.1.0.0/16, ::1`: addresses and networks, comma-separated.
fn trusted_proxies(list: &str) -> Result<Vec<IpNet>, ConfigError> {
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry.parse::<IpNet>().or_else(|_| entry.parse::<IpAddr>().map(IpNet::from)).map_err(|_| ConfigError {
                name: "TRUSTED_PROXIES",
                message: format!("{entry:?} is neither an address nor a network"),
            })
        })
        .collect()
}

impl Settings {
    pub fn from_env() -> Result<Self, ConfigError> {
        // cargo-leptos tells the server where to listen through LEPTOS_SITE_ADDR; LISTEN_ADDR wins if both are set.
        let default_addr = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let ttl_seconds: u64 = parsed("CEREMONY_TTL_SECONDS", "300")?;
        let reauth_seconds: u64 = parsed("REAUTH_SECONDS", "300")?;
        let rp_origin: Url = parsed("RP_ORIGIN", "http://localhost:3000")?;
        let settings = Self {
            rp_id: var("RP_ID").unwrap_or_else(|| "localhost".to_owned()),
            rp_name: var("RP_NAME").unwrap_or_else(|| "leptos-passkeys".to_owned()),
            database: match var("DATABASE_URL") {
                Some(url) => Database::from_url(&url),
                None => Database::Sqlite(
                    var("DATABASE_PATH").unwrap_or_else(|| "data/leptos-passkeys.sqlite".to_owned()).into(),
                ),
            },
            listen_addr: parsed("LISTEN_ADDR", &default_addr)?,
            ceremony_ttl: Duration::from_secs(ttl_seconds),
            reauth_window: Duration::from_secs(reauth_seconds),
            limits: LimitSettings {
                password_attempts_per_address: parsed("PASSWORD_ATTEMPTS_PER_MINUTE", "10")?,
                password_attempts_per_account: parsed("PASSWORD_ATTEMPTS_PER_ACCOUNT_PER_MINUTE", "5")?,
                starts_per_address: parsed("STARTS_PER_MINUTE", "60")?,
                concurrent_hashes: parsed("CONCURRENT_PASSWORD_HASHES", "4")?,
                hashing_wait: Duration::from_secs(5),
            },
            trusted_proxies: trusted_proxies(var("TRUSTED_PROXIES").as_deref().unwrap_or(""))?,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
            metrics_token: var("METRICS_TOKEN").map(SecretString::from),
            related_origins: related_origins(var("RELATED_ORIGINS").as_deref().unwrap_or(""), &rp_origin)?,
            rp_origin,
        };
        if settings.ceremony_ttl.is_zero() {
            return Err(ConfigError { name: "CEREMONY_TTL_SECONDS", message: "must be at least 1".into() });
        }
        if settings.reauth_window.is_zero() {
            return Err(ConfigError { name: "REAUTH_SECONDS", message: "must be at least 1".into() });
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
            database: Database::Sqlite("test.sqlite".into()),
            listen_addr: "127.0.0.1:0".parse().expect("an address"),
            ceremony_ttl: Duration::from_secs(300),
            reauth_window: Duration::from_secs(300),
            limits: LimitSettings::default(),
            trusted_proxies: Vec::new(),
            site_root: "target/site".into(),
            metrics_token: None,
            related_origins: Vec::new(),
        }
    }

    #[test]
    fn related_origins_are_https_origins_other_than_the_sites_own() {
        let own: Url = "https://example.com".parse().expect("a URL");
        let origins = related_origins(" https://example.co.uk, https://shop.example.de:8443 ", &own).expect("valid");
        assert_eq!(origins.len(), 2);
        assert!(related_origins("", &own).expect("valid").is_empty());
        assert!(related_origins("http://localhost:3001", &own).is_ok(), "http on localhost, for development");
        for bad in ["http://example.co.uk", "https://example.co.uk/login", "example.co.uk", "https://example.com"] {
            assert!(related_origins(bad, &own).is_err(), "{bad} is refused");
        }
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let proxies = trusted_proxies(" 10.0.0.1, 10.1.0.0/16,::1 ").expect("valid");
        assert_eq!(proxies.len(), 3);
        assert!(proxies[0].contains(&"10.0.0.1".parse::<IpAddr>().expect("an address")));
        assert!(proxies[1].contains(&"10.1.200.3".parse::<IpAddr>().expect("an address")));
        assert!(trusted_proxies("").expect("valid").is_empty());
        assert!(trusted_proxies("10.0.0.1, proxy.internal").is_err());
    }

    #[test]
    fn cookies_are_secure_exactly_when_the_site_is_served_over_https() {
        assert!(settings("https://example.com").secure_cookies());
        assert!(!settings("http://localhost:3000").secure_cookies());
    }
}

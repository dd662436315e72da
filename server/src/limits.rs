//! The per-address abuse limits, applied before any server function runs (the limits themselves, and the
//! per-account and hashing limits that server functions apply, are `app::state::Limits`).
//!
//! The client address is the peer's, unless the peer is one of `TRUSTED_PROXIES`: then it is the right-most
//! address in `X-Forwarded-For` that is not a trusted proxy. Entries left of it were written by the client and
//! prove nothing, and without a trusted proxy the header is ignored, so nobody can pick their own bucket.

use app::endpoints::limit_of;
use app::state::Limits;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The real client's address, as the middleware found it; later layers and handlers may read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// See the module documentation.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpNet]) -> IpAddr {
    let trusted = |ip: &IpAddr| trusted_proxies.iter().any(|net| net.contains(ip));
    if !trusted(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for entry in forwarded.into_iter().rev() {
        match entry.parse::<IpAddr>() {
            Ok(ip) if trusted(&ip) => {}
            Ok(ip) => return ip,
            // Garbage where a trusted proxy should have written an address: stop trusting the header there.
            Err(_) => break,
        }
    }
    peer
}

/// What the limits middleware needs.
#[derive(Clone, Debug)]
pub struct AddressLimits {
    pub limits: Arc<Limits>,
    pub trusted_proxies: Arc<[IpNet]>,
}

pub async fn limit_by_address(
    State(config): State<AddressLimits>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = client_address(peer.ip(), request.headers(), &config.trusted_proxies);
    request.extensions_mut().insert(ClientAddress(client));
    let limited = limit_of(request.uri().path()).filter(|_| request.method() == axum::http::Method::POST);
    let Some(limited) = limited else { return next.run(request).await };
    let Err(error) = config.limits.check_address(limited.spend, client) else { return next.run(request).await };
    tracing::warn!(%client, path = request.uri().path(), "over the per-address limit: refused");
    if app::plain_form::wants_html(request.headers()) {
        // A plain HTML form gets its page back with the message, like every other refused form.
        let back = app::plain_form::form_with_error(&posted_from(&request, limited.pages), &error);
        return (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    }
    error.response()
}

/// The form page a plain form was posted from, with its query (the sign-in page's `next`), read from the
/// `Referer`; only one of `pages` is accepted, so this redirect can only lead back to one of them.
fn posted_from(request: &Request, pages: &[&str]) -> String {
    let fallback = pages.first().copied().unwrap_or("/").to_owned();
    let referer = request.headers().get(header::REFERER).and_then(|value| value.to_str().ok());
    let Some(url) = referer.and_then(|value| url::Url::parse(value).ok()) else { return fallback };
    if !pages.contains(&url.path()) {
        return fallback;
    }
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded_for: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", forwarded_for.parse().expect("a header value"));
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn without_trusted_proxies_the_forwarded_header_is_ignored() {
        assert_eq!(client_address(ip("203.0.113.7"), &headers("198.51.100.1"), &[]), ip("203.0.113.7"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_address() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("a network")];
        let peer = ip("10.0.0.2");
        // The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
        assert_eq!(client_address(peer, &headers("1.2.3.4, 198.51.100.9"), &proxies), ip("198.51.100.9"));
        // Two trusted hops.
        assert_eq!(client_address(peer, &headers("198.51.100.9, 10.0.0.5"), &proxies), ip("198.51.100.9"));
        // No header, or nothing usable: the proxy itself.
        assert_eq!(client_address(peer, &HeaderMap::new(), &proxies), peer);
        assert_eq!(client_address(peer, &headers("not-an-ip"), &proxies), peer);
    }

    #[test]
    fn a_forwarded_header_from_an_untrusted_peer_cannot_choose_the_bucket() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("a network")];
        assert_eq!(client_address(ip("203.0.113.7"), &headers("10.0.0.9"), &proxies), ip("203.0.113.7"));
    }
}

//! What the server counts for whoever runs it, in Prometheus' text format (`/metrics`): how long requests take,
//! by route, and how every sign-in ends, by the way it came and the reason it failed.
//!
//! Each application has its own registry (no process-wide recorder), so that servers started side by side, as
//! the tests do, count apart.

use crate::outcomes::{BrowserOutcome, SignInVia};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SignInLabels {
    via: &'static str,
    /// With what: `passkey` or `password` (immediate mode may return either), or `none` when the browser had
    /// nothing to give.
    credential: &'static str,
    /// `success`, or why not: an `AppError` reason, or a [`BrowserOutcome`].
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OrderLabels {
    customer: &'static str,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Histogram>,
    sign_ins: Family<SignInLabels, Counter>,
    orders: Family<OrderLabels, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Request latency buckets, in seconds: from a static file (under a millisecond) to a password hash under load.
const LATENCY_BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(LATENCY_BUCKETS.iter().copied())
        });
        registry.register("http_request_duration_seconds", "Time to answer a request, by route", requests.clone());
        let sign_ins = Family::<SignInLabels, Counter>::default();
        registry.register("sign_ins", "Sign-in attempts by the way they came and how they ended", sign_ins.clone());
        let orders = Family::<OrderLabels, Counter>::default();
        registry.register("orders", "Orders placed, by signed-in customers and by guests", orders.clone());
        Self { registry, requests, sign_ins, orders }
    }

    /// A request to `route` (the route's pattern, never the raw path) answered with `status` after `seconds`.
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let labels = RequestLabels { route: route.to_owned(), method: method.to_owned(), status };
        self.requests.get_or_create(&labels).observe(seconds);
    }

    /// A sign-in that reached the server, with a passkey or a password, and how the server answered.
    pub fn sign_in<T>(&self, via: SignInVia, credential: &'static str, result: &Result<T, crate::error::AppError>) {
        let outcome = match result {
            Ok(_) => "success",
            Err(error) => error.reason(),
        };
        self.sign_ins.get_or_create(&SignInLabels { via: via.as_str(), credential, outcome }).inc();
    }

    /// A sign-in that ended in the browser, as the page reported it.
    pub fn browser_outcome(&self, via: SignInVia, outcome: BrowserOutcome) {
        self.sign_ins
            .get_or_create(&SignInLabels { via: via.as_str(), credential: "none", outcome: outcome.as_str() })
            .inc();
    }

    pub fn order(&self, signed_in: bool) {
        self.orders.get_or_create(&OrderLabels { customer: if signed_in { "customer" } else { "guest" } }).inc();
    }

    /// Everything counted so far, in Prometheus' text exposition format.
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

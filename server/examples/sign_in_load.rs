//! Sign-in load generator: complete username-less sign-ins (start, sign the server's fresh challenge with a
//! software P-256 authenticator, finish: user verification checked, counter written, session signed in) from many
//! concurrent clients against the release server, with the server's CPU and memory read from `/proc`, and
//! `openssl speed` figures from the same run to compare with.
//!
//! ```text
//! cargo leptos build --release --precompress      # the server under test: target/release/server
//! cargo run --release -p server --example sign_in_load -- [--clients 32] [--seconds 10] [--database-dir DIR] \
//!     [--path one-click|modal] [--server target/release/server]
//! ```
//!
//! `--path one-click` (the default) signs in as the "Sign in" button and autofill do: a pre-issued ticket
//! (`prepare_sign_in`, which in the browser comes with the page) redeemed by `finish_prepared_sign_in`.
//! `--path modal` uses `start_sign_in` and `finish_sign_in`, which store the ceremony in between.
//!
//! The server runs in its own process with its database on disk (a fresh directory under /tmp unless
//! `--database-dir` says where), default settings except the per-address limits, which a load test from one
//! address would hit at once. Negative controls run first: answers with a bad signature or from another origin
//! must never sign in.

use reqwest::Client;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[allow(dead_code, unreachable_pub)]
#[path = "../tests/api/authenticator.rs"]
mod authenticator;
#[allow(dead_code, unreachable_pub)]
#[path = "../tests/remote/mod.rs"]
mod remote;

use authenticator::SoftAuthenticator;
use remote::{Server, SignInPath, Site, free_port, sign_in_by, sign_up};

struct Args {
    clients: usize,
    seconds: u64,
    database_dir: Option<PathBuf>,
    path: SignInPath,
    server: PathBuf,
}

fn args() -> Args {
    let mut args = Args {
        clients: 32,
        seconds: 10,
        database_dir: None,
        path: SignInPath::OneClick,
        server: "target/release/server".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--clients" => args.clients = value.parse().unwrap_or(args.clients),
            "--seconds" => args.seconds = value.parse().unwrap_or(args.seconds),
            "--database-dir" => args.database_dir = Some(value.into()),
            "--server" => args.server = value.into(),
            "--path" => match value.as_str() {
                "one-click" => args.path = SignInPath::OneClick,
                "modal" => args.path = SignInPath::Modal,
                other => eprintln!("unknown path {other}: use one-click or modal"),
            },
            other => eprintln!("ignoring unknown argument {other}"),
        }
    }
    args
}

/// The release server on a free port, with its database on disk (in `dir`, or in a fresh temporary directory).
async fn start_server(binary: &Path, dir: Option<PathBuf>) -> (Server, Option<tempfile::TempDir>) {
    let temporary = if dir.is_none() { Some(tempfile::tempdir().expect("a temporary directory")) } else { None };
    let dir = dir.unwrap_or_else(|| temporary.as_ref().map(|t| t.path().to_owned()).unwrap_or_default());
    let env = [
        ("LEPTOS_OUTPUT_NAME", "leptos-passkeys"),
        ("LEPTOS_SITE_ROOT", "target/site"),
        ("LEPTOS_HASH_FILES", "true"),
        ("RUST_LOG", "warn"),
        // One address makes every request here; the per-address limit would stop the test at once.
        ("STARTS_PER_MINUTE", "100000000"),
    ];
    assert!(binary.exists(), "build the server first: cargo leptos build --release --precompress");
    let database = dir.join("load.sqlite").display().to_string();
    (Server::start(binary, free_port(), &database, &env).await, temporary)
}

/// Signs up `name`; the client and authenticator to sign in with.
async fn must_sign_up(site: &Site, name: &str) -> (Client, SoftAuthenticator) {
    sign_up(site, name).await.unwrap_or_else(|| panic!("sign-up of {name} failed"))
}

/// One complete sign-in, optionally with a spoiled signature; true if the server signed the client in.
async fn signs_in(
    path: SignInPath,
    site: &Site,
    http: &Client,
    authenticator: &mut SoftAuthenticator,
    spoil: bool,
) -> bool {
    let spoil_signature = |credential: &mut webauthn_rs_proto::PublicKeyCredential| {
        if spoil && let Some(last) = credential.response.signature.last_mut() {
            *last ^= 0x01;
        }
    };
    sign_in_by(path, site, http, authenticator, spoil_signature).await.is_some()
}

/// Process CPU time (user + system) in seconds, and resident memory in KiB, from `/proc`.
fn process_usage(pid: u32) -> (f64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which is in parentheses and may contain spaces).
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks: f64 = fields.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
        + fields.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0);
    (ticks / 100.0, rss) // USER_HZ is 100 on Linux
}

/// `openssl speed` P-256 verifications per second: (one core, all cores via `-multi`).
fn openssl_verifies(cores: usize) -> (f64, f64) {
    let run = |multi: bool| -> f64 {
        let mut command = Command::new("openssl");
        command.args(["speed", "-seconds", "3"]);
        if multi {
            command.args(["-multi", &cores.to_string()]);
        }
        let output = command.arg("ecdsap256").output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
        output
            .unwrap_or_default()
            .lines()
            .filter(|line| line.contains("nistp256"))
            .filter_map(|line| line.split_whitespace().last().and_then(|v| v.parse().ok()))
            .next_back()
            .unwrap_or(0.0)
    };
    (run(false), run(true))
}

/// GETs of `path` from `clients` kept-alive connections for `seconds`: requests per second and median latency.
async fn get_rate(site: &Site, path: &str, clients: usize, seconds: f64) -> (f64, Duration) {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let url = format!("{}{path}", site.address);
            tokio::spawn(async move {
                // One connection per client, reused, as a browser does.
                let http = Client::builder().pool_max_idle_per_host(1).build().expect("an HTTP client");
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let began = Instant::now();
                    let ok = match http.get(&url).header("accept-encoding", "br").send().await {
                        Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                        Err(_) => false,
                    };
                    if ok {
                        latencies.push(began.elapsed());
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.expect("a worker finishes"));
    }
    latencies.sort();
    (latencies.len() as f64 / started.elapsed().as_secs_f64(), percentile(&latencies, 50.0))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let args = args();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (server, _temporary) = start_server(&args.server, args.database_dir.clone()).await;
    let pid = server.child.id();
    let site = server.site.clone();

    // Negative controls: a spoiled signature, and a phishing origin, never sign in.
    let (http, mut authenticator) = must_sign_up(&site, "control").await;
    let mut control_successes = 0;
    for _ in 0..20 {
        control_successes += usize::from(signs_in(args.path, &site, &http, &mut authenticator, true).await);
    }
    authenticator.set_origin("https://evil.example");
    for _ in 0..20 {
        control_successes += usize::from(signs_in(args.path, &site, &http, &mut authenticator, false).await);
    }

    let mut clients = Vec::new();
    for i in 0..args.clients {
        clients.push(must_sign_up(&site, &format!("load{i}")).await);
    }

    let (cpu_before, _) = process_usage(pid);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let peak_rss = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sampler = {
        let peak_rss = peak_rss.clone();
        tokio::spawn(async move {
            loop {
                let (_, rss) = process_usage(pid);
                peak_rss.fetch_max(rss, std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let workers: Vec<_> = clients
        .into_iter()
        .map(|(http, mut authenticator)| {
            let site = site.clone();
            let path = args.path;
            tokio::spawn(async move {
                let (mut ok, mut failed, mut latencies) = (0u64, 0u64, Vec::new());
                while Instant::now() < deadline {
                    let began = Instant::now();
                    if signs_in(path, &site, &http, &mut authenticator, false).await {
                        ok += 1;
                        latencies.push(began.elapsed());
                    } else {
                        failed += 1;
                    }
                }
                (ok, failed, latencies)
            })
        })
        .collect();
    let (mut ok, mut failed, mut latencies) = (0u64, 0u64, Vec::new());
    for worker in workers {
        let (o, f, l) = worker.await.expect("a worker finishes");
        ok += o;
        failed += f;
        latencies.extend(l);
    }
    let elapsed = started.elapsed().as_secs_f64();
    sampler.abort();
    let (cpu_after, _) = process_usage(pid);
    latencies.sort();

    let (static_one_rate, static_one_latency) = get_rate(&site, "/favicon.svg", 1, 3.0).await;
    let (static_rate, _) = get_rate(&site, "/favicon.svg", args.clients, 3.0).await;
    let (page_rate, _) = get_rate(&site, "/", args.clients, 3.0).await;
    let (verify_1, verify_all) = openssl_verifies(cores);
    let per_second = ok as f64 / elapsed;
    let cpu_ms = (cpu_after - cpu_before) * 1000.0 / ok.max(1) as f64;
    println!(
        "complete sign-ins ({:?} path), {} clients, {:.1} s, {cores} cores, database on disk",
        args.path, args.clients, elapsed
    );
    println!("| measure | value |");
    println!("|---|---|");
    println!("| negative controls signed in (must be 0) | {control_successes} |");
    println!("| sign-ins per second | {per_second:.0} (failed: {failed}) |");
    println!(
        "| latency p50 / p99 / max | {:.1} / {:.1} / {:.1} ms |",
        percentile(&latencies, 50.0).as_secs_f64() * 1000.0,
        percentile(&latencies, 99.0).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
    );
    println!("| server CPU per sign-in | {cpu_ms:.2} ms |");
    println!("| server peak RSS | {:.1} MB |", peak_rss.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1024.0);
    println!("| openssl P-256 verify/s, 1 core / {cores} cores | {verify_1:.0} / {verify_all:.0} |");
    println!("| sign-ins/s vs all-core verify/s | {:.1} % |", per_second / verify_all.max(1.0) * 100.0);
    println!("| CPU per sign-in in single-core verifies | {:.1} |", cpu_ms / 1000.0 * verify_1);
    println!(
        "| static file, 1 kept-alive client: median latency, requests/s | {:.2} ms, {static_one_rate:.0} |",
        static_one_latency.as_secs_f64() * 1000.0
    );
    println!(
        "| `/` server-rendered vs static file, {} clients: requests/s | {page_rate:.0} vs {static_rate:.0} ({:.2}) |",
        args.clients,
        page_rate / static_rate.max(1.0)
    );
    drop(server); // `exit` runs no destructors
    if control_successes > 0 {
        std::process::exit(1);
    }
}

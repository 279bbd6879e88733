//! What keeps a local dashboard safe from other pages in the browser and from clients
//! that misbehave: the Host check (a DNS-rebinding page cannot read the API), security
//! headers on every answer, a bound on request bodies and on the time one request may
//! take, JSON errors for unknown paths and methods; and, in [`serve`](crate::serve),
//! the connection limit and the header-read and connection timeouts (docs/reliability.md).

use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Bounds of the server (the defaults are for one analyst's machine).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections served at once; more are closed at once.
    pub connections: usize,
    /// Time to receive a request's headers (also an idle keep-alive connection's).
    pub header_read: Duration,
    /// The longest a request may take, body and answer included (then 503).
    pub request: Duration,
    /// The longest a connection stays open.
    pub connection: Duration,
    /// The largest request body (then 413).
    pub body_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: 128,
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(120),
            connection: Duration::from_secs(600),
            body_bytes: 1 << 20,
        }
    }
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        axum::Json(serde_json::json!({ "error": message.into() })),
    )
        .into_response()
}

/// Whether a Host header names this machine: localhost, a loopback address, or the
/// address the server listens on (any port).
fn local_host(host: &str, bound: Option<std::net::IpAddr>) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, p)| {
            if p.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else {
                host
            }
        }),
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || Some(ip) == bound,
        Err(_) => false,
    }
}

/// The middleware: Host check, body bound, request time bound, security headers.
pub async fn guard(
    axum::extract::State((limits, bound)): axum::extract::State<(Limits, Option<std::net::IpAddr>)>,
    req: Request,
    next: Next,
) -> Response {
    if let Some(host) = req.headers().get(header::HOST) {
        let ok = host.to_str().is_ok_and(|h| local_host(h, bound));
        if !ok {
            return secure(error(
                StatusCode::MISDIRECTED_REQUEST,
                "this dashboard answers requests to localhost only (the Host header names another site)",
            ));
        }
    }
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limits.body_bytes) {
        return secure(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request bodies are at most {} bytes", limits.body_bytes),
        ));
    }
    let res = match tokio::time::timeout(limits.request, next.run(req)).await {
        Ok(r) => r,
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {} s; ask for less (fewer replicates or years)",
                limits.request.as_secs()
            ),
        ),
    };
    secure(res)
}

/// Adds the security headers.
fn secure(mut res: Response) -> Response {
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    // Vega compiles its expressions with `Function`: 'unsafe-eval' for scripts; styles
    // inline in the page and the charts.
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    res
}

/// 404 for paths that are neither a page nor an API route.
pub async fn not_found(req: Request<Body>) -> Response {
    let path: String = req.uri().path().chars().take(200).collect();
    error(
        StatusCode::NOT_FOUND,
        format!(
            "no page or API route {path} (pages: /dyad, /matrix, /blocs, /triangle, /forecast; API: docs/dashboard.md)"
        ),
    )
}

/// 405 with the reason.
pub async fn method_not_allowed(req: Request<Body>) -> Response {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} is not allowed here (the API answers GET, and POST on /api/forecast and /api/scenarios/parse)",
            req.method()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts_only() {
        for h in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "127.0.0.2",
        ] {
            assert!(local_host(h, None), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:8080",
            "192.168.1.5:8080",
            "localhost.evil.example",
        ] {
            assert!(!local_host(h, None), "{h}");
        }
        let bound = "192.168.1.5".parse().ok();
        assert!(local_host("192.168.1.5:8080", bound));
    }
}

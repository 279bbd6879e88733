//! The embedded pages and scripts.

use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::Data;

const INDEX: &str = include_str!("../assets/index.html");
const APP: &str = include_str!("../assets/app.js");
const VEGA: &str = include_str!("../assets/vendor/vega.min.js");
const VEGA_LITE: &str = include_str!("../assets/vendor/vega-lite.min.js");
const VEGA_EMBED: &str = include_str!("../assets/vendor/vega-embed.min.js");

fn js(body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        body,
    )
}

async fn index() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX)
}

/// Pages (one document; the path picks the view) and scripts.
pub fn routes() -> Router<Arc<Data>> {
    let mut r = Router::new();
    for page in ["/", "/dyad", "/matrix", "/blocs", "/triangle", "/forecast"] {
        r = r.route(page, get(index));
    }
    r.route(
        "/favicon.ico",
        get(|| async { axum::http::StatusCode::NO_CONTENT }),
    )
    .route("/app.js", get(|| async { js(APP) }))
    .route("/vendor/vega.min.js", get(|| async { js(VEGA) }))
    .route("/vendor/vega-lite.min.js", get(|| async { js(VEGA_LITE) }))
    .route(
        "/vendor/vega-embed.min.js",
        get(|| async { js(VEGA_EMBED) }),
    )
}

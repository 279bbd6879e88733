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
/// world-atlas 2.0.2 `countries-110m.json` (TopoJSON of Natural Earth 1:110m, public
/// domain geometry; ISC licence): feature ids are ISO 3166-1 numeric codes.
const WORLD: &str = include_str!("../assets/vendor/countries-110m.json");

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
    for page in [
        "/",
        "/dyad",
        "/matrix",
        "/map",
        "/blocs",
        "/triangle",
        "/forecast",
    ] {
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
    .route(
        "/vendor/countries-110m.json",
        get(|| async {
            (
                [
                    (header::CONTENT_TYPE, "application/json"),
                    (header::CACHE_CONTROL, "max-age=3600"),
                ],
                WORLD,
            )
        }),
    )
}

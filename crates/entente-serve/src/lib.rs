//! entente-serve: the local dashboard. A read-only JSON API over data the caller has
//! loaded (votes as per-year blocks, the registry, ideal points, blocs), and the pages
//! that use it (embedded: HTML, JS and the vendored Vega-Lite UMD builds).
//!
//! Every request parameter is untrusted: countries must resolve in the registry, years
//! lie in 1946–2100, list sizes and bootstrap replicates are bounded, nothing names a
//! file. Heavy work runs on the blocking pool.

pub mod api;
mod assets;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use entente_core::Registry;
use entente_core::agreement::Block;
use entente_core::blocs::YearBlocs;
use entente_core::votes::VoteTable;

/// Dyad-days of news events, read from the event store on request.
pub trait EventSource: Send + Sync {
    /// Directed dyad-days between `a` and `b` (both directions), all events or
    /// de-duplicated; empty when no event files are ingested.
    fn dyad_days(
        &self,
        a: u16,
        b: u16,
        dedup: bool,
    ) -> Result<Vec<entente_core::events::DyadDay>, String>;
    /// Files and rows in the store.
    fn summary(&self) -> (usize, u64);
}

/// What the API answers from, loaded once by the caller.
pub struct Data {
    pub registry: Registry,
    pub votes: VoteTable,
    /// General Assembly roll calls grouped by session year.
    pub blocks: Vec<Block>,
    /// Ideal point (θ, 5%, 95%) by (COW code, year).
    pub ideal: HashMap<(u16, i32), (f64, f64, f64)>,
    /// Blocs per year (agreement network, labels tracked), without stability.
    pub blocs: Vec<YearBlocs>,
    /// The tie datasets per dyad-year, for the composite index.
    pub ties: Box<dyn entente_core::index::profile::Ties + Send>,
    /// News events (the event store).
    pub events: Box<dyn EventSource>,
    /// Sources to cite, shown on every page.
    pub sources: Vec<String>,
    /// Answers already computed (deterministic, so safe to reuse), by request.
    pub cache: api::Cache,
}

/// The app: API routes and pages.
pub fn router(data: Arc<Data>) -> Router {
    Router::new()
        .route("/api/countries", get(api::countries))
        .route("/api/dyad", get(api::dyad))
        .route("/api/evidence", get(api::evidence))
        .route("/api/matrix", get(api::matrix))
        .route("/api/blocs", get(api::blocs))
        .route("/api/triangle", get(api::triangle))
        .route("/api/forecast", post(api::forecast))
        .route("/api/profile", get(api::profile))
        .route("/api/events", get(api::events))
        .route("/api/sources", get(api::sources))
        .merge(assets::routes())
        .with_state(data)
}

/// Serves until Ctrl-C.
pub async fn serve(data: Arc<Data>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("serving on http://{}", listener.local_addr()?);
    axum::serve(listener, router(data))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

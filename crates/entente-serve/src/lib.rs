//! entente-serve: the local dashboard. A read-only JSON API over the analysis layer's
//! session (the same answers as the CLI and the brief), and the pages that use it
//! (embedded: HTML, JS and the vendored Vega-Lite UMD builds).
//!
//! Every request parameter is untrusted: countries must resolve in the registry, years
//! lie in 1946–2100, list sizes and bootstrap replicates are bounded, nothing names a
//! file. Heavy work runs on the blocking pool.

pub mod api;
mod assets;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use entente_analysis::Session;

/// What the API answers from: the analysis session (which loads each dataset once)
/// and the answers already given.
pub struct Data {
    pub session: Session,
    /// Sources to cite, shown on every page.
    pub sources: Vec<String>,
    /// Answers already computed (deterministic, so safe to reuse), by request.
    pub cache: api::Cache,
}

impl Data {
    /// Serves from `session`, loading now what every page needs (votes, ideal points,
    /// blocs, the tie datasets) so that the first request does not wait for it.
    pub fn load(session: Session) -> entente_analysis::Result<Data> {
        session.ga_years()?;
        session.ideal_map()?;
        session.bloc_history()?;
        session.ties()?;
        session.index_references()?;
        let mut sources = vec!["Year: UN session year (session + 1945); emergency special sessions count in the regular session in progress.".to_string()];
        sources.extend(
            entente_analysis::datasets::vote_sources(
                &session.votes()?.table,
                &entente_core::votes::RollCallFilter::default(),
            )
            .into_iter()
            .map(|s| format!("Source: {}", s.citation())),
        );
        sources.push(
            "Source: the tie datasets behind the relationship index (entente sources --for profile)."
                .into(),
        );
        Ok(Data {
            session,
            sources,
            cache: api::Cache::default(),
        })
    }
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
        .route("/api/partners", get(api::partners))
        .route("/api/shift", get(api::shift))
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

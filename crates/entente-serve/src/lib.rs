//! entente-serve: the local dashboard. A read-only JSON API over the analysis layer's
//! session (the same answers as the CLI and the brief), and the pages that use it
//! (embedded: HTML, JS and the vendored Vega-Lite UMD builds).
//!
//! Every request parameter is untrusted: countries must resolve in the registry, years
//! lie in 1946–2100, list sizes and bootstrap replicates are bounded, nothing names a
//! file. Heavy work runs on the blocking pool.

pub mod api;
mod assets;
pub mod guard;
pub mod scenarios;

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

/// The app: API routes and pages, behind the guard with the default limits.
pub fn router(data: Arc<Data>) -> Router {
    guarded(data, guard::Limits::default(), None)
}

/// The app behind the guard ([`guard::guard`]) with `limits`; `bound` is the address the
/// server listens on (a Host header naming it is accepted besides localhost).
pub fn guarded(data: Arc<Data>, limits: guard::Limits, bound: Option<std::net::IpAddr>) -> Router {
    routes(data)
        .fallback(guard::not_found)
        .method_not_allowed_fallback(guard::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            (limits, bound),
            guard::guard,
        ))
}

fn routes(data: Arc<Data>) -> Router {
    Router::new()
        .route("/api/countries", get(api::countries))
        .route("/api/dyad", get(api::dyad))
        .route("/api/evidence", get(api::evidence))
        .route("/api/matrix", get(api::matrix))
        .route("/api/blocs", get(api::blocs))
        .route("/api/triangle", get(api::triangle))
        .route("/api/forecast", post(scenarios::forecast))
        .route("/api/scenarios", get(scenarios::list))
        .route("/api/scenarios/parse", post(scenarios::parse))
        .route("/api/scenarios/{name}", get(scenarios::one))
        .route("/api/profile", get(api::profile))
        .route("/api/partners", get(api::partners))
        .route("/api/shift", get(api::shift))
        .route("/api/ties", get(api::ties))
        .route("/api/map", get(api::map))
        .route("/api/events", get(api::events))
        .route("/api/sources", get(api::sources))
        .merge(assets::routes())
        .with_state(data)
}

/// Serves until Ctrl-C, with the default limits.
pub async fn serve(data: Arc<Data>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(data, listener, guard::Limits::default(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serves on `listener` until `stop` completes: at most `limits.connections` connections
/// (more are closed at once), each closed when its request headers take longer than
/// `limits.header_read` (an idle keep-alive connection too) or it has been open for
/// `limits.connection`.
pub async fn serve_on(
    data: Arc<Data>,
    listener: tokio::net::TcpListener,
    limits: guard::Limits,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let local = listener.local_addr()?;
    tracing::info!("serving on http://{local}");
    let app = guarded(data, limits, Some(local.ip()));
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.connections));
    tokio::pin!(stop);
    loop {
        let (stream, _) = tokio::select! {
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!("accept: {e}");
                    continue;
                }
            },
            () = &mut stop => return Ok(()),
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .max_buf_size(64 * 1024);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(limits.connection, conn).await;
            drop(permit);
        });
    }
}

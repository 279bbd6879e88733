//! `entente serve`: the local dashboard.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::{Context as _, Result};

use crate::context::Context;

/// A local dashboard over a read-only JSON API (docs/dashboard.md).
///
/// A dyad explorer (pick two states, all measures over time, hover for values, click a
/// year for its roll calls; the relationship index and news events below), the all-pairs
/// matrix of a year as a heat map, blocs through time, the triangle timeline and the
/// bargaining forecast.
///
/// Binds to 127.0.0.1 unless --bind says otherwise. Every request is validated and
/// bounded; nothing is written. Stop with Ctrl-C.
///
/// Examples:
///   entente serve                  # http://127.0.0.1:8080/dyad
///   entente serve --port 9000
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Port on 127.0.0.1 (the dashboard answers local requests only).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind (127.0.0.1: this machine only).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
}

pub fn run(ctx: Context, args: Args) -> Result<()> {
    let data = Arc::new(entente_serve::Data::load(ctx.into_session())?);
    let addr = SocketAddr::new(args.bind, args.port);
    eprintln!("entente dashboard on http://{addr}/dyad (Ctrl-C to stop)");
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(entente_serve::serve(data, addr))
        .with_context(|| format!("serving on {addr}"))
}

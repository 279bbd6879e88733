//! `entente serve`: the local dashboard.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use entente_core::Measure;
use entente_core::agreement::{Grouping, blocks};
use entente_core::blocs::{BlocOptions, all_years};
use entente_core::network::YearMatrix;
use entente_core::votes::RollCallFilter;

use super::source_notes;
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
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind (127.0.0.1: this machine only).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
}

/// The event store as the dashboard's event source.
struct StoreEvents(entente_store::events::EventStore);

impl entente_serve::EventSource for StoreEvents {
    fn dyad_days(
        &self,
        a: u16,
        b: u16,
        dedup: bool,
    ) -> Result<Vec<entente_core::events::DyadDay>, String> {
        self.0
            .dyad_days(dedup, &|x, y| (x, y) == (a, b) || (x, y) == (b, a))
            .map_err(|e| e.to_string())
    }

    fn summary(&self) -> (usize, u64) {
        self.0
            .files()
            .map(|f| (f.len(), f.iter().map(|x| x.rows).sum()))
            .unwrap_or((0, 0))
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let reg = ctx.registry()?;
    let votes = ctx.votes(&reg, false)?;
    let filter = RollCallFilter::default();
    let blks = blocks(&votes.table, &filter, Grouping::Year);
    let ideal = super::ideal::whole_history(ctx, &votes, &filter)?
        .rows
        .iter()
        .map(|r| ((r.ccode, r.year), (r.ideal, r.q05, r.q95)))
        .collect();
    let matrices: Vec<YearMatrix> = blks
        .iter()
        .map(|b| YearMatrix::agreement(b, Measure::Agree, None))
        .collect();
    let blocs = all_years(&matrices, &BlocOptions::default());
    let mut sources = source_notes(&votes.table, &filter);
    // The tie datasets, for the composite index (GET /api/profile).
    let ties = entente_sources::ties::dyads::DyadSources::load(&ctx.data_dir()?, &reg)?;
    sources.push(
        "Source: the tie datasets behind the relationship index (entente sources --for profile)."
            .into(),
    );
    let data = Arc::new(entente_serve::Data {
        registry: reg,
        votes: votes.table,
        blocks: blks,
        ideal,
        blocs,
        ties: Box::new(ties),
        events: Box::new(StoreEvents(entente_store::events::EventStore::new(
            &entente_store::cache::cache_root(ctx.cache_dir()),
        ))),
        sources,
        cache: Default::default(),
    });
    let addr = SocketAddr::new(args.bind, args.port);
    eprintln!("entente dashboard on http://{addr}/dyad (Ctrl-C to stop)");
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(entente_serve::serve(data, addr))
        .with_context(|| format!("serving on {addr}"))
}

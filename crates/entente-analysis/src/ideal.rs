//! Ideal points for a vote subset and model settings: estimated once, then read from
//! the cache (`<cache>/ideal/<key>.parquet`, keyed by the vote tables' generation, the
//! filter, the model, the bootstrap and the estimator's version).

use std::collections::HashMap;

use entente_core::Measure;
use entente_core::VoteTable;
use entente_core::agreement::{Grouping, blocks};
use entente_core::ideal::{
    IdealOptions, IdealRow, IdealTable, Prepared, Resampling, bootstrap, estimate, prepare,
    title_links,
};
use entente_core::votes::RollCallFilter;
use entente_sources::reference;
use entente_store::manifest::sha256_str;

use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;

/// First session whose roll calls are linked to earlier ones by title.
const TITLE_LINKS_FROM_SESSION: u16 = 73;

/// What to estimate.
#[derive(Clone, Debug)]
pub struct IdealRequest {
    /// The votes used; its years are ignored (the estimate always spans every year, so
    /// positions are comparable whatever span is shown).
    pub filter: RollCallFilter,
    pub model: IdealOptions,
    /// Bootstrap replicates for q05/q50/q95 (0: the posterior variance).
    pub boot: usize,
    pub seed: u64,
}

impl Default for IdealRequest {
    fn default() -> Self {
        IdealRequest {
            filter: RollCallFilter::default(),
            model: IdealOptions::default(),
            boot: 0,
            seed: defaults::SEED,
        }
    }
}

/// Ideal points: from the cache, else estimated (and cached).
pub fn estimate_cached(session: &Session, req: &IdealRequest) -> Result<IdealTable> {
    let whole = req.filter.whole_history();
    let votes = session.votes()?;
    let generation = votes.generation.name();
    let key = sha256_str(&format!(
        "{}|{}|{generation}|{whole:?}|{:?}|boot={}|seed={}",
        env!("CARGO_PKG_VERSION"),
        entente_core::ideal::ESTIMATOR_VERSION,
        req.model,
        req.boot,
        req.seed
    ));
    let cache_file = session
        .cache_root()
        .join("ideal")
        .join(format!("{}.parquet", &key[..32]));
    match entente_store::ideal::read(&cache_file, req.boot) {
        Ok(t) => {
            tracing::info!("ideal points from the cache: {}", cache_file.display());
            return Ok(t);
        }
        Err(e) if cache_file.exists() => {
            tracing::warn!("rebuilding a damaged ideal-point cache: {e}");
        }
        Err(_) => {}
    }
    let mut links = reference::load_matches(session.data_dir()?)?;
    links.extend(title_links(
        &votes.table.rollcalls,
        TITLE_LINKS_FROM_SESSION,
    ));
    let p = prepare(&votes.table, &whole, &links);
    if p.data.obs.is_empty() {
        return Err(Error::invalid(
            "no roll calls with split votes match these filters",
        ));
    }
    let init = start(&votes.table, &p, &whole);
    let us = p.states.iter().position(|&c| c == 2);
    let task = session.progress().spinner(&format!(
        "estimating ideal points: {} states, {} years, {} roll calls in {} groups, {} votes",
        p.states.len(),
        p.years.len(),
        p.rollcalls.len(),
        p.data.n_groups,
        p.data.obs.len()
    ));
    let t0 = std::time::Instant::now();
    let fit = estimate(&p.data, &req.model, &init, us);
    drop(task);
    tracing::info!(
        "{} iterations (converged: {}) in {:?}",
        fit.iterations,
        fit.converged,
        t0.elapsed()
    );
    let quantiles = (req.boot > 0).then(|| {
        let bar = session
            .progress()
            .bar("bootstrap replicates", req.boot as u64);
        bootstrap(
            &p.data,
            &req.model,
            &init,
            &fit.theta,
            us,
            Resampling {
                reps: req.boot,
                seed: req.seed,
            },
            &|| bar.inc(),
        )
    });
    let ny = p.years.len();
    let mut rows = Vec::new();
    for (t, &year) in p.years.iter().enumerate() {
        for (s, &ccode) in p.states.iter().enumerate() {
            let k = s * ny + t;
            if p.n_votes[k] == 0 {
                continue;
            }
            let (m, sd) = (fit.theta[k], fit.var[k].sqrt());
            let [q05, q50, q95] = quantiles
                .as_ref()
                .map_or([m - 1.645 * sd, m, m + 1.645 * sd], |q| q[k]);
            rows.push(IdealRow {
                year,
                ccode,
                ideal: m,
                q05,
                q50,
                q95,
                n_votes: p.n_votes[k],
            });
        }
    }
    let table = IdealTable {
        rows,
        iterations: fit.iterations,
        converged: fit.converged,
        boot: req.boot,
        cached: false,
    };
    if let Err(e) = entente_store::ideal::write(&cache_file, &table) {
        tracing::warn!(
            "could not cache ideal points in {}: {e}",
            cache_file.display()
        );
    }
    Ok(table)
}

/// Starting positions: 4 × (agreement with the United States − ½) per state-year.
fn start(table: &VoteTable, prepared: &Prepared, filter: &RollCallFilter) -> Vec<f64> {
    let ny = prepared.years.len();
    let year_index: HashMap<i32, usize> = prepared
        .years
        .iter()
        .enumerate()
        .map(|(i, &y)| (y, i))
        .collect();
    let mut init = vec![f64::NAN; prepared.states.len() * ny];
    for block in blocks(table, filter, Grouping::Year) {
        let (Some(&t), Some(us)) = (year_index.get(&block.year), block.index(2)) else {
            continue;
        };
        for (s, &cc) in prepared.states.iter().enumerate() {
            if let Some(i) = block.index(cc) {
                let v = if cc == 2 {
                    Some(1.0)
                } else {
                    block.pair_table(i, us).value(Measure::Agree)
                };
                if let Some(v) = v {
                    init[s * ny + t] = 4.0 * (v - 0.5);
                }
            }
        }
    }
    init
}

//! Voting blocs through time and the networks they come from: one network per year
//! (an agreement measure, or the ideal-point distance), blocs found in each and labels
//! followed across years. `entente blocs`, the brief and the dashboard share these.

use entente_core::Measure;
use entente_core::agreement::{Block, Grouping, blocks};
use entente_core::blocs::{BlocOptions, YearBlocs, add_stability, all_years};
use entente_core::network::{Score, YearMatrix};
use entente_core::votes::RollCallFilter;

use crate::defaults;
use crate::error::Result;
use crate::session::Session;

/// Bloc options with the defaults.
pub fn options() -> BlocOptions {
    BlocOptions {
        reps: defaults::BLOC_REPS,
        seed: defaults::SEED,
        ..BlocOptions::default()
    }
}

/// Blocs of every year of `years` on `measure`'s agreement network, labels followed
/// through time, without stability.
pub fn history(years: &[Block], measure: Measure, options: &BlocOptions) -> Vec<YearBlocs> {
    let matrices: Vec<YearMatrix> = years
        .iter()
        .map(|bk| YearMatrix::agreement(bk, measure, None))
        .collect();
    all_years(&matrices, options)
}

/// A year's network with the block of roll calls behind it.
pub struct YearNetwork {
    pub matrix: YearMatrix,
    pub block: Block,
}

/// One network per year under `filter`. For `ideal_distance` the positions are the
/// default model's over the whole history of the same body and issue (cached); for
/// alignment and intensity the dyad-year scores of every state in the system (years
/// the scores cover; the vote filter only chooses the years).
pub fn year_networks(
    session: &Session,
    filter: &RollCallFilter,
    score: Score,
) -> Result<Vec<YearNetwork>> {
    let blks = blocks(&session.votes()?.table, filter, Grouping::Year);
    match score {
        Score::Agreement(measure) => Ok(blks
            .into_iter()
            .map(|block| YearNetwork {
                matrix: YearMatrix::agreement(&block, measure, None),
                block,
            })
            .collect()),
        Score::Relationship(kind) => {
            use rayon::prelude::*;
            let (lo, hi) = crate::defaults::INDEX_YEARS;
            let blks: Vec<Block> = blks
                .into_iter()
                .filter(|b| (lo..=hi).contains(&b.year))
                .collect();
            let weights = entente_core::index::Weights::default();
            blks.into_par_iter()
                .map(|block| {
                    let yi = crate::profile::year_index(session, block.year, &weights)?;
                    Ok(YearNetwork {
                        matrix: YearMatrix::relationship(
                            block.year,
                            kind,
                            &yi.dyads,
                            &yi.values(kind),
                        ),
                        block,
                    })
                })
                .collect()
        }
        Score::IdealDistance => {
            let ideal = crate::ideal::estimate_cached(
                session,
                &crate::ideal::IdealRequest {
                    filter: filter.clone(),
                    ..Default::default()
                },
            )?;
            Ok(blks
                .into_iter()
                .map(|block| {
                    let points: Vec<(u16, f64)> = ideal
                        .rows
                        .iter()
                        .filter(|r| r.year == block.year && block.index(r.ccode).is_some())
                        .map(|r| (r.ccode, r.ideal))
                        .collect();
                    YearNetwork {
                        matrix: YearMatrix::ideal_distance(block.year, &points),
                        block,
                    }
                })
                .collect())
        }
    }
}

/// Blocs of the years `filter` names on `score`'s network, labels followed over the
/// whole history of the same body and issue (so they do not depend on the years asked
/// for), with each state's stability from `options.reps` replicates (agreement scores).
pub fn blocs(
    session: &Session,
    filter: &RollCallFilter,
    score: Score,
    options: &BlocOptions,
) -> Result<Vec<YearBlocs>> {
    use rayon::prelude::*;
    let whole = filter.whole_history();
    let networks = year_networks(session, &whole, score)?;
    let matrices: Vec<YearMatrix> = networks.iter().map(|n| n.matrix.clone()).collect();
    let mut years = all_years(&matrices, options);
    years.retain(|y| filter.contains_year(y.year));
    if years.is_empty() {
        return Err(crate::error::Error::invalid(
            "no roll calls in the years asked for",
        ));
    }
    if let Score::Agreement(measure) = score
        && options.reps > 0
    {
        let bar = session
            .progress()
            .bar("bootstrapping blocs (years)", years.len() as u64);
        years.par_iter_mut().for_each(|yb| {
            if let Some(net) = networks.iter().find(|n| n.matrix.year == yb.year) {
                add_stability(yb, &net.block, measure, options);
            }
            bar.inc();
        });
    }
    Ok(years)
}

/// Two states' blocs in one year: (label, bloc size, stability) of each.
#[derive(Clone, Copy, Debug)]
pub struct PairBlocs {
    pub year: i32,
    pub a: (u32, usize, Option<f64>),
    pub b: (u32, usize, Option<f64>),
}

/// The blocs of `year` from the history, with their stability (bootstrap replicates
/// seeded by `seed`); kept in the derived cache, as the replicates take most of a brief's
/// time.
fn year_with_stability(session: &Session, year: i32, seed: u64) -> Result<Option<YearBlocs>> {
    let opts = BlocOptions { seed, ..options() };
    let votes = session.votes()?.generation.name();
    let parts = [
        "bloc stability".to_string(),
        votes,
        year.to_string(),
        format!("{opts:?}"),
    ];
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    session.derived("blocs", &parts, crate::derived::Json, || {
        let Some(mut yb) = session
            .bloc_history()?
            .iter()
            .find(|y| y.year == year)
            .cloned()
        else {
            return Ok(None);
        };
        let Some(block) = session.ga_years()?.iter().find(|bk| bk.year == year) else {
            return Ok(None);
        };
        add_stability(&mut yb, block, Measure::Agree, &opts);
        Ok(Some(yb))
    })
}

/// The blocs of `a` and `b` in `year` (default options, labels from the whole
/// history), with their stability.
pub fn pair_blocs(
    session: &Session,
    a: u16,
    b: u16,
    year: i32,
    seed: u64,
) -> Result<Option<PairBlocs>> {
    let Some(yb) = year_with_stability(session, year, seed)? else {
        return Ok(None);
    };
    let of = |cc: u16| -> Option<(u32, usize, Option<f64>)> {
        let i = yb.states.binary_search(&cc).ok()?;
        let bloc = &yb.blocs[yb.membership[i]];
        Some((
            bloc.label,
            bloc.members.len(),
            yb.state_stability.as_ref().map(|s| s[i]),
        ))
    };
    Ok(of(a)
        .zip(of(b))
        .map(|(x, z)| PairBlocs { year, a: x, b: z }))
}

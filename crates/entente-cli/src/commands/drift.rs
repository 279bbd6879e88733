//! `entente drift Russia --from 2013 --to 2021`: who moved toward whom.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_core::agreement::{Block, quantile};
use entente_core::network::Score;

use super::network::{YearNetwork, parse_score, score_note, year_networks};
use super::{FilterArgs, source_notes};
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// A state's partners in two years: nearest partners, and who moved toward or away.
///
/// For every state with a value in both years: the score in each year, the change,
/// the joint votes behind each, the partner's rank (1 = closest) in each year among
/// partners with at least --min-votes joint votes, and with bootstrap replicates
/// (--reps; roll calls resampled within each year) a 95% interval for the change;
/// `moved` says toward/away when the interval excludes 0, else "within noise".
/// Rows are sorted from the largest move toward the state to the largest move away.
///
/// Examples:
///   entente drift Russia --from 2013 --to 2021
///   entente drift China --from 1991 --to 2021 --measure kappa --top 10
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    pub state: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The score: agree, agree_half, s_abs, s_sq, kappa, pi or ideal_distance.
    #[arg(long, short, default_value = "agree")]
    pub measure: String,
    /// Show only the N largest moves toward and the N largest away (0: all partners).
    #[arg(long, default_value_t = 0)]
    pub top: usize,
    /// Leave out partners with fewer joint votes than this in either year (their
    /// scores rest on too few roll calls to rank).
    #[arg(long, default_value_t = defaults::FEW_VOTES)]
    pub min_votes: u32,
    /// Nearest partners listed in the notes for each year.
    #[arg(long, default_value_t = 5)]
    pub nearest: usize,
    /// Bootstrap replicates for the change intervals (0: none).
    #[arg(long, default_value_t = defaults::DRIFT_REPS)]
    pub reps: usize,
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// One partner's move between the two years.
struct Move {
    partner: u16,
    from: f64,
    to: f64,
    n_from: u32,
    n_to: u32,
    rank_from: usize,
    rank_to: usize,
    interval: Option<(f64, f64)>,
}

impl Move {
    /// The change oriented so that positive = closer.
    fn toward(&self, score: Score) -> f64 {
        if score.higher_is_closer() {
            self.to - self.from
        } else {
            self.from - self.to
        }
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let score = parse_score(&args.measure)?;
    let (Some(y1), Some(y2)) = (args.filter.years.from, args.filter.years.to) else {
        return Err(user_error(
            "give the two years to compare: --from YEAR --to YEAR",
        ));
    };
    if y1 == y2 {
        return Err(user_error("--from and --to must be different years"));
    }
    let filter = args.filter.filter()?;
    let reg = ctx.registry()?;
    let state = ctx.resolve(reg, &args.state)?;
    let votes = ctx.votes()?;
    let networks = year_networks(ctx, &filter, score)?;
    let find = |y: i32| -> Result<&YearNetwork> {
        let net = networks
            .iter()
            .find(|n| n.matrix.year == y)
            .ok_or_else(|| user_error(format!("no roll calls in {y} under these filters")))?;
        if net.matrix.index(state.ccode).is_none() {
            return Err(user_error(format!(
                "{} ({}) has no votes in {y}",
                state.name,
                state.code3()
            )));
        }
        Ok(net)
    };
    let (first, last) = (find(y1)?, find(y2)?);
    let mut moves = moves(
        first,
        last,
        state.ccode,
        score,
        args.min_votes,
        args.reps,
        args.seed,
    );
    moves.sort_by(|x, y| {
        y.toward(score)
            .total_cmp(&x.toward(score))
            .then(x.partner.cmp(&y.partner))
    });
    if args.top > 0 && moves.len() > 2 * args.top {
        let away = moves.split_off(moves.len() - args.top);
        moves.truncate(args.top);
        moves.extend(away);
    }
    let mut rows = Rows::new([
        "partner",
        "ccode",
        &format!("{}_{y1}", score.name()),
        &format!("{}_{y2}", score.name()),
        "change",
        "change_lo",
        "change_hi",
        &format!("n_{y1}"),
        &format!("n_{y2}"),
        &format!("rank_{y1}"),
        &format!("rank_{y2}"),
        "moved",
    ]);
    for m in &moves {
        let moved = match m.interval {
            Some((lo, hi)) if lo > 0.0 || hi < 0.0 => {
                let closer = (lo > 0.0) == score.higher_is_closer();
                if closer { "toward" } else { "away" }
            }
            Some(_) => "within noise",
            None => "",
        };
        rows.push(vec![
            reg.code3_of(m.partner).into(),
            Cell::Int(m.partner.into()),
            Some(m.from).into(),
            Some(m.to).into(),
            Some(m.to - m.from).into(),
            m.interval.map(|i| i.0).into(),
            m.interval.map(|i| i.1).into(),
            Cell::Int(m.n_from.into()),
            Cell::Int(m.n_to.into()),
            Cell::Int(m.rank_from as i64),
            Cell::Int(m.rank_to as i64),
            moved.into(),
        ]);
    }
    for (net, y) in [(first, y1), (last, y2)] {
        let nearest: Vec<String> = ranked(net, state.ccode, args.min_votes)
            .iter()
            .take(args.nearest)
            .map(|&(p, v, _)| format!("{} {v:.3}", reg.code3_of(p)))
            .collect();
        rows.notes.push(format!(
            "Nearest to {} in {y}: {}.",
            state.code3(),
            nearest.join(", ")
        ));
    }
    rows.notes.push(score_note(score));
    rows.notes.push(match score {
        Score::Agreement(_) if args.reps > 0 => format!(
            "Intervals: {} bootstrap replicates per year (roll calls resampled; seed {}); change = {y2} − {y1}.",
            args.reps, args.seed
        ),
        _ => format!("change = {y2} − {y1}; no bootstrap intervals (--reps 0, or ideal_distance)."),
    });
    rows.notes.extend(source_notes(&votes.table, &filter));
    rows.write(args.format, args.out.as_deref())
}

/// A state's partners in a year from closest to farthest: (COW code, score, joint
/// votes), leaving out partners with fewer than `min_votes` joint votes.
fn ranked(net: &YearNetwork, state: u16, min_votes: u32) -> Vec<(u16, f64, u32)> {
    let m = &net.matrix;
    let Some(i) = m.index(state) else {
        return Vec::new();
    };
    let s = net.block.index(state);
    m.ranked_partners(i)
        .into_iter()
        .filter_map(|(j, v)| {
            let p = m.states[j];
            let n = match (s, net.block.index(p)) {
                (Some(s), Some(q)) => net.block.pair_table(s, q).n(),
                _ => 0,
            };
            (n >= min_votes).then_some((p, v, n))
        })
        .collect()
}

/// Partners present in both years, with ranks and (for agreement scores) bootstrap
/// intervals of the change.
fn moves(
    first: &YearNetwork,
    last: &YearNetwork,
    state: u16,
    score: Score,
    min_votes: u32,
    reps: usize,
    seed: u64,
) -> Vec<Move> {
    let rank_of = |net: &YearNetwork| -> std::collections::HashMap<u16, (usize, f64, u32)> {
        ranked(net, state, min_votes)
            .into_iter()
            .enumerate()
            .map(|(r, (p, v, n))| (p, (r + 1, v, n)))
            .collect()
    };
    let (r1, r2) = (rank_of(first), rank_of(last));
    let mut out: Vec<Move> = r1
        .iter()
        .filter_map(|(&p, &(rank_from, from, n_from))| {
            let &(rank_to, to, n_to) = r2.get(&p)?;
            Some(Move {
                partner: p,
                from,
                to,
                n_from,
                n_to,
                rank_from,
                rank_to,
                interval: None,
            })
        })
        .collect();
    if let Score::Agreement(measure) = score
        && reps > 0
    {
        let draws = |block: &Block| -> Vec<Vec<Option<f64>>> {
            let s = block.index(state).unwrap_or(0);
            (0..reps)
                .map(|rep| {
                    let rs = block.resample(seed, rep);
                    out.iter()
                        .map(|m| {
                            let p = block.index(m.partner)?;
                            block.pair_table_resampled(s, p, &rs).value(measure)
                        })
                        .collect()
                })
                .collect()
        };
        let (d1, d2) = (draws(&first.block), draws(&last.block));
        for (k, m) in out.iter_mut().enumerate() {
            let mut diffs: Vec<f64> = d1
                .iter()
                .zip(&d2)
                .filter_map(|(a, b)| Some(b[k]? - a[k]?))
                .collect();
            if diffs.len() * 2 < reps {
                continue;
            }
            diffs.sort_by(f64::total_cmp);
            m.interval = Some((quantile(&diffs, 0.025), quantile(&diffs, 0.975)));
        }
    }
    out
}

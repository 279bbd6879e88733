//! `entente drift Russia --from 2013 --to 2021`: who moved toward whom.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_analysis::drift::{DriftRequest, drift};
use entente_core::network::Score;

use super::network::{parse_score, score_note};
use super::{Bound, FilterArgs, source_notes};
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
    /// The state: a name ("Russia"), ISO3/ISO2 or COW code.
    pub state: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The score: agree, agree_half, s_abs, s_sq, kappa, pi, ideal_distance, alignment
    /// or intensity (the dyad-year scores of `entente profile`, 1946–2024).
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
    #[arg(long, default_value_t = defaults::DRIFT_REPS, value_parser = super::reps)]
    pub reps: usize,
    /// Seed of every random draw (bootstrap, Monte Carlo): the same seed gives the same output.
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

/// One partner's move between the two years.
pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let score = parse_score(&args.measure)?;
    let (Some(Bound::Year(y1)), Some(Bound::Year(y2))) =
        (args.filter.years.from, args.filter.years.to)
    else {
        return Err(user_error(
            "give the two years to compare: --from YEAR --to YEAR (years, not dates)",
        ));
    };
    let filter = args.filter.filter()?.whole_history();
    let reg = ctx.registry()?;
    let state = ctx.resolve(reg, &args.state)?;
    let votes = ctx.votes()?;
    let found = drift(
        ctx.session(),
        state,
        &DriftRequest {
            filter: filter.clone(),
            score,
            from: y1,
            to: y2,
            min_votes: args.min_votes,
            reps: args.reps,
            seed: args.seed,
        },
    )?;
    let mut moves = found.moves;
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
    for (ranked, y) in [(&found.nearest_from, y1), (&found.nearest_to, y2)] {
        let nearest: Vec<String> = ranked
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
        _ => format!("change = {y2} − {y1}; no bootstrap intervals (--reps 0, ideal_distance, alignment or intensity)."),
    });
    rows.notes
        .extend(source_notes(&votes.table, &args.filter.filter()?));
    rows.write(args.format, args.out.as_deref())
}

//! `entente forecast scenario.toml`: the expected-utility bargaining model.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_analysis::forecast::{
    ForecastRequest, compare_strategies, fill_capabilities, fill_positions, parse_variant,
    require_capabilities, scenario_forecast, scenario_sensitivity,
};
use entente_core::bargain::compare::Comparison;
use entente_core::bargain::montecarlo::Summary;
use entente_core::bargain::sensitivity::{Sensitivity, factor_count};
use entente_core::bargain::{Actor, OfferRule, Options, RangeRule, Replicate, Run, TAIL_ROUNDS};
use entente_sources::scenario::{self, Scenario};

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Bargaining forecast: Bueno de Mesquita's expected-utility model as reconstructed by
/// Scholz, Calbert & Smith (2011), round by round, with Monte Carlo over uncertain inputs.
///
/// The scenario is a CSV (Actor,Capability,Position,Salience) or a TOML file with a
/// title, the issue scale, notes and uncertainty per input (<input>_pm: uniform ±,
/// <input>_sd: normal); see docs/forecast.md. Each round every actor computes the
/// expected utility of challenging every other; conflicts, compromises and
/// capitulations move positions; rounds stop when positions settle or at --rounds.
/// Forecasts: the capability×salience-weighted mean and the median voter position.
///
/// --show positions (default): positions per round; offers: who challenged whom, the
/// outcome type, the expected utilities and whether the offer was taken; summary: one
/// row per actor. With --mc N: the distribution of the forecast and of each actor's
/// final position over N perturbed runs (--show histogram for the forecast histogram).
///
/// --compare 'NAME: Actor.position=20, Actor.salience=0.9' (repeatable) runs the base
/// case and each strategy on the same Monte Carlo draws (common random numbers) and
/// reports each forecast, its difference to the base with a 90% interval over the
/// paired runs, the share of runs in which it ends below / above the base, and the
/// share nearer the low end of the scale.
///
/// --sensitivity moves every input (each actor's position, capability, salience) and
/// every model option to both ends of its range, one at a time, and ranks them by how
/// far the forecast moves (a tornado; --chart FILE.svg draws it). Ranges: an input's
/// stated uncertainty (uniform ±, normal ±1.645 sd), else position ±10% of the scale,
/// capability ×0.5–×1.5, salience ±0.2; options: the other rule, Q and T 0.5–1,
/// rounds half to five times --rounds. Each end uses --sensitivity-runs Monte Carlo
/// runs with the base's draws (the stated run when no input is uncertain).
///
/// Examples:
///   entente forecast examples/forecast/ec_emissions_1994.toml
///   entente forecast examples/forecast/ec_emissions_1994.toml --replicate scholz-code --show offers
///   entente forecast examples/forecast/ukraine_settlement.toml --mc 10000 --capability cinc:2016
///   entente forecast ukraine-un-votes --compare 'Settlement: United States.position=50, United States.salience=0.5' --compare 'Escalation: United States.salience=1'
///   entente forecast ukraine-un-votes --sensitivity --chart tornado.svg
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Scenario file (.toml, or .csv), or a built-in example by name: ukraine-settlement,
    /// ec-emissions-1994 ("ukraine", "ec").
    #[arg(value_parser = crate::examples::path_or_example)]
    pub scenario: PathBuf,
    /// Round limit.
    #[arg(long, default_value_t = defaults::ROUNDS, value_parser = super::rounds)]
    pub rounds: usize,
    /// Monte Carlo runs over the inputs' uncertainty (0: none; skipped when no input is
    /// uncertain). Summarised under the table; --show distribution or histogram shows it.
    #[arg(long, default_value_t = defaults::MC_RUNS, value_parser = super::mc_runs)]
    pub mc: usize,
    /// Seed of the Monte Carlo draws.
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    /// printed: probabilities normalised over the pair (the paper's equation);
    /// scholz-code: over all pairs (the authors' code).
    #[arg(long, value_enum, default_value = "printed")]
    pub replicate: ReplicateArg,
    /// The offer an actor takes among several: the closest or the strongest sender's.
    #[arg(long, value_enum, default_value = "closest")]
    pub offer: OfferArg,
    /// Distance normalisation: the range of the current positions, or of the initial ones.
    #[arg(long, value_enum, default_value = "current")]
    pub range: RangeArg,
    /// Q: probability that the status quo persists absent a challenge (0–1).
    #[arg(long, default_value_t = 1.0)]
    pub q: f64,
    /// T: probability that a change absent a challenge is for the better (0–1).
    #[arg(long, default_value_t = 1.0)]
    pub t: f64,
    /// Capabilities from data, e.g. cinc:2016 (COW NMC CINC of that year; actors need a
    /// `country`, or a name the registry knows).
    #[arg(long, value_name = "SOURCE:YEAR")]
    pub capability: Option<String>,
    /// Positions from UN ideal points with an explicit linear map, e.g.
    /// ideal:2021:-1.5=0,1.5=100 puts θ = −1.5 at 0 and θ = 1.5 at 100 (clamped to the
    /// scale); actors without an ideal point keep their stated position.
    #[arg(long, value_name = "ideal:YEAR:T1=P1,T2=P2")]
    pub position: Option<String>,
    /// What to show: positions (per round), offers, summary (one row per actor), distribution (each actor's final position over the Monte Carlo runs) or histogram (of the forecast).
    #[arg(long, value_enum, default_value = "positions")]
    pub show: Show,
    /// A strategy to compare with the base case: 'NAME: Actor.input=VALUE, …' (input:
    /// position, capability or salience; the actor by name or country code). Repeat for
    /// several (at most 20); the table shows the comparison.
    #[arg(
        long = "compare",
        value_name = "'NAME: Actor.input=VALUE, …'",
        conflicts_with = "sensitivity"
    )]
    pub compare: Vec<String>,
    /// Rank every input and option by how far the forecast moves over its range (the
    /// table shows the ranking).
    #[arg(long)]
    pub sensitivity: bool,
    /// Monte Carlo runs per end of each factor in --sensitivity.
    #[arg(long, default_value_t = defaults::SENSITIVITY_RUNS, value_parser = super::mc_runs)]
    pub sensitivity_runs: usize,
    /// Draw the sensitivity (tornado) or the comparison as an SVG chart to this file.
    #[arg(long, value_parser = crate::output::out_path, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ReplicateArg {
    Printed,
    ScholzCode,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum OfferArg {
    Closest,
    Strongest,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum RangeArg {
    Current,
    Initial,
}

/// What the table shows: the run on the stated values (positions per round, offers,
/// one row per actor), or the Monte Carlo (each actor's final position, the forecast's
/// histogram).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    Positions,
    Offers,
    Summary,
    Distribution,
    Histogram,
}

pub fn run_command(ctx: &Context, args: Args) -> Result<()> {
    for (name, v) in [("--q", args.q), ("--t", args.t)] {
        if !(0.0..=1.0).contains(&v) {
            return Err(user_error(format!(
                "{name} must be between 0 and 1, not {v}"
            )));
        }
    }
    if args.rounds == 0 {
        return Err(user_error("--rounds must be at least 1"));
    }
    if matches!(args.show, Show::Histogram | Show::Distribution) && args.mc == 0 {
        return Err(user_error(format!(
            "--show {} needs Monte Carlo runs: --mc N",
            if args.show == Show::Histogram {
                "histogram"
            } else {
                "distribution"
            }
        )));
    }
    if args.mc > defaults::MAX_MC {
        return Err(user_error(format!(
            "--mc must be at most {}, not {}",
            defaults::MAX_MC,
            args.mc
        )));
    }
    let session = ctx.session();
    let mut scenario = scenario::read(&args.scenario).map_err(|e| user_error(e.to_string()))?;
    let mut notes = Vec::new();
    if let Some(spec) = &args.capability {
        notes.push(fill_capabilities(session, &mut scenario, spec)?);
    }
    if let Some(spec) = &args.position {
        notes.push(fill_positions(session, &mut scenario, spec)?);
    }
    require_capabilities(&scenario)?;
    let options = Options {
        q: args.q,
        t: args.t,
        replicate: match args.replicate {
            ReplicateArg::Printed => Replicate::Printed,
            ReplicateArg::ScholzCode => Replicate::ScholzCode,
        },
        offer: match args.offer {
            OfferArg::Closest => OfferRule::Closest,
            OfferArg::Strongest => OfferRule::Strongest,
        },
        range: match args.range {
            RangeArg::Current => RangeRule::Current,
            RangeArg::Initial => RangeRule::Initial,
        },
        max_rounds: args.rounds,
        ..Options::default()
    };
    let req = ForecastRequest {
        options,
        mc: args.mc,
        seed: args.seed,
    };
    if args.chart.is_some() && args.compare.is_empty() && !args.sensitivity {
        return Err(user_error(
            "--chart draws --sensitivity or --compare: add one of them",
        ));
    }
    if !args.compare.is_empty() {
        let variants = args
            .compare
            .iter()
            .map(|spec| parse_variant(spec, &scenario))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let task = ctx.spinner(&format!(
            "{} strategies and the base, {} Monte Carlo runs each",
            variants.len(),
            args.mc
        ));
        let c = compare_strategies(&scenario, &variants, &req)?;
        drop(task);
        if let Some(path) = &args.chart {
            let svg = entente_report::svg::standalone(&entente_report::forecast::comparison_chart(
                &c,
                scenario.scale,
            ));
            crate::output::persist_output(path, |f| {
                Ok(std::io::Write::write_all(f, svg.as_bytes())?)
            })?;
        }
        let mut rows = comparison_rows(&c, scenario.scale, args.seed);
        rows.notes.extend(notes);
        rows.notes.push(model_note(&options));
        return rows.write(args.format, args.out.as_deref());
    }
    if args.sensitivity {
        let bar = crate::context::progress_bar(
            "sensitivity: factors",
            factor_count(scenario.actors.len()) as u64,
        );
        let s = scenario_sensitivity(&scenario, &req, args.sensitivity_runs, &|| bar.inc(1));
        bar.finish_and_clear();
        let names: Vec<&str> = scenario
            .actors
            .iter()
            .map(|a| a.input.actor.name.as_str())
            .collect();
        if let Some(path) = &args.chart {
            let svg = entente_report::svg::standalone(&entente_report::forecast::tornado_chart(
                &s,
                &names,
                defaults::TORNADO_BARS,
            ));
            crate::output::persist_output(path, |f| {
                Ok(std::io::Write::write_all(f, svg.as_bytes())?)
            })?;
        }
        let mut rows = sensitivity_rows(&s, &names, args.seed);
        rows.notes.extend(notes);
        rows.notes.push(model_note(&options));
        return rows.write(args.format, args.out.as_deref());
    }
    let t0 = std::time::Instant::now();
    let task = (args.mc > 0).then(|| ctx.spinner(&format!("{} Monte Carlo runs", args.mc)));
    let f = scenario_forecast(&scenario, &req);
    drop(task);
    tracing::info!(
        "forecast with {} Monte Carlo runs in {:?}",
        args.mc,
        t0.elapsed()
    );
    let (actors, single) = (&f.actors, &f.run);
    let mut rows = match (args.show, &f.mc) {
        (Show::Positions, _) => position_rows(actors, single),
        (Show::Offers, _) => offer_rows(actors, single),
        (Show::Summary, _) => summary_rows(&scenario, single),
        (Show::Distribution, Some(mc)) => mc_rows(actors, &mc.positions, &mc.mean, &mc.median),
        (Show::Histogram, Some(mc)) => histogram_rows(&mc.histogram, scenario.scale, mc.runs),
        (Show::Distribution | Show::Histogram, None) => {
            return Err(user_error(
                "no input of this scenario is uncertain (no _pm or _sd): the Monte Carlo would repeat the stated values",
            ));
        }
    };
    if let Some(mc) = &f.mc {
        rows.notes.push(format!(
            "Monte Carlo: {} runs (seed {}); forecast (weighted mean) median {:.2}, 90% of runs in [{:.2}, {:.2}]; median voter position median {:.2}, 90% in [{:.2}, {:.2}]; {:.0}% of runs converged within {} rounds{}.",
            mc.runs, args.seed, mc.mean.q50, mc.mean.q05, mc.mean.q95, mc.median.q50, mc.median.q05, mc.median.q95, 100.0 * mc.converged, args.rounds,
            mc.tail_spread.as_ref().map_or(String::new(), |t| format!(
                "; in the others the forecast still moved over their last {TAIL_ROUNDS} rounds by {:.2} (median; 90% of them ≤ {:.2})",
                t.q50, t.q95
            ))
        ));
        rows.notes.push(format!(
            "Histogram of the forecast: {}",
            sparkline(&mc.histogram)
        ));
    } else if f.mc_skipped {
        rows.notes.push(
            "Monte Carlo: skipped, no input of this scenario is uncertain (no _pm or _sd).".into(),
        );
    }
    rows.notes.push(format!(
        "Forecast on the stated values: weighted mean {:.2}, median voter position {:.2}, after {} round(s){} (scale {}–{}).",
        single.mean,
        single.median,
        single.rounds.len(),
        if single.converged {
            ", converged".to_string()
        } else {
            format!(
                ", not converged: over the last {TAIL_ROUNDS} rounds the forecast still moved by {:.2} (raise --rounds, or read the forecast as a range)",
                single.tail_spread(TAIL_ROUNDS)
            )
        },
        scenario.scale.0,
        scenario.scale.1
    ));
    rows.notes.extend(notes);
    rows.notes.push(model_note(&options));
    for (label, value) in [
        ("Scenario", &scenario.title),
        ("Issue", &scenario.issue),
        ("Source", &scenario.source),
        ("Assumptions", &scenario.assumptions),
    ] {
        if let Some(v) = value {
            rows.notes.push(format!("{label}: {v}"));
        }
    }
    rows.write(args.format, args.out.as_deref())
}

/// The model and its options, as a note.
fn model_note(options: &Options) -> String {
    format!(
        "Model: Bueno de Mesquita's expected-utility model as reconstructed by Scholz, Calbert & Smith (J. Theoretical Politics 23(4), 2011); probabilities {}, offer rule {}, range {}, Q {}, T {} (docs/forecast.md).",
        match options.replicate {
            Replicate::Printed => "as printed (normalised over the pair)",
            Replicate::ScholzCode => "as in the authors' code (normalised over all pairs)",
        },
        match options.offer {
            OfferRule::Closest => "closest",
            OfferRule::Strongest => "strongest sender",
        },
        match options.range {
            RangeRule::Current => "current positions",
            RangeRule::Initial => "initial positions",
        },
        options.q,
        options.t
    )
}

/// One row per strategy (the base first).
fn comparison_rows(c: &Comparison, scale: (f64, f64), seed: u64) -> Rows {
    let mut rows = Rows::new([
        "strategy",
        "forecast_stated",
        "median",
        "q05",
        "q95",
        "difference",
        "difference_q05",
        "difference_q95",
        "runs_below_base",
        "runs_above_base",
        "runs_nearer_low_end",
    ]);
    for (k, f) in std::iter::once(&c.base).chain(&c.variants).enumerate() {
        let (m, d) = (f.mc.as_ref(), f.difference.as_ref());
        let base = k == 0;
        rows.push(vec![
            f.name.clone().into(),
            Some(f.stated_mean).into(),
            m.map(|m| m.q50).into(),
            m.map(|m| m.q05).into(),
            m.map(|m| m.q95).into(),
            (!base).then(|| f.effect()).into(),
            d.map(|d| d.q05).into(),
            d.map(|d| d.q95).into(),
            (!base).then_some(f.lower).into(),
            (!base).then_some(f.higher).into(),
            Some(f.nearer_low).into(),
        ]);
    }
    rows.notes.push(if c.runs > 0 {
        format!(
            "Each strategy ran on the same {} Monte Carlo draws as the base (seed {seed}): difference = strategy − base run by run (median, 90% of runs); runs_below/above_base: share of paired runs; runs_nearer_low_end: share of runs ending nearer {} than {}.",
            c.runs, scale.0, scale.1
        )
    } else {
        "No input is uncertain: the strategies are compared on the stated values alone (no Monte Carlo).".into()
    });
    rows
}

/// One row per factor, ranked by swing.
fn sensitivity_rows(s: &Sensitivity, names: &[&str], seed: u64) -> Rows {
    let mut rows = Rows::new([
        "rank",
        "factor",
        "low",
        "high",
        "range",
        "forecast_low",
        "forecast_high",
        "swing",
        "converged_low",
        "converged_high",
    ]);
    for (k, w) in s.swings.iter().enumerate() {
        rows.push(vec![
            Cell::Int(k as i64 + 1),
            w.factor.label(names).into(),
            w.low_label.clone().into(),
            w.high_label.clone().into(),
            w.range_kind().into(),
            Some(w.forecast_low).into(),
            Some(w.forecast_high).into(),
            Some(w.swing()).into(),
            Some(w.converged_low).into(),
            Some(w.converged_high).into(),
        ]);
    }
    rows.notes.push(format!(
        "Base forecast {:.2} ({}); each factor at both ends of its range, the others at the base. Ranges: stated = the input's uncertainty (uniform ±, normal ±1.645 sd); default = position ±10% of the scale, capability ×0.5–×1.5, salience ±0.2; options = the alternative rule, Q and T 0.5–1, rounds half to five times the base.",
        s.base,
        if s.runs > 0 {
            format!("median of {} Monte Carlo runs per end, the same draws everywhere, seed {seed}", s.runs)
        } else {
            "no input is uncertain: stated runs".into()
        }
    ));
    rows
}

fn position_rows(actors: &[Actor], run: &Run) -> Rows {
    let mut columns = vec!["round".to_string(), "mean".into(), "median".into()];
    columns.extend(actors.iter().map(|a| a.name.clone()));
    let mut rows = Rows::new(columns);
    let mut push = |round: i64, mean: f64, median: f64, x: &[f64]| {
        let mut row = vec![Cell::Int(round), Some(mean).into(), Some(median).into()];
        row.extend(x.iter().map(|&v| Cell::from(Some(v))));
        rows.push(row);
    };
    let start: Vec<f64> = actors.iter().map(|a| a.position).collect();
    push(
        0,
        run.rounds.first().map_or(run.mean, |r| r.mean),
        run.rounds.first().map_or(run.median, |r| r.median),
        &start,
    );
    for (k, r) in run.rounds.iter().enumerate() {
        let (mean, median) = run
            .rounds
            .get(k + 1)
            .map_or((run.mean, run.median), |n| (n.mean, n.median));
        push(r.round as i64, mean, median, &r.end);
    }
    rows.notes.push(
        "Row 0: the stated positions; row k: positions after round k, with the forecasts on them."
            .into(),
    );
    rows
}

fn offer_rows(actors: &[Actor], run: &Run) -> Rows {
    let mut rows = Rows::new([
        "round",
        "from",
        "to",
        "outcome",
        "eu_from",
        "eu_to",
        "from_position",
        "to_position",
        "proposed",
        "accepted",
    ]);
    for r in &run.rounds {
        for o in &r.offers {
            rows.push(vec![
                Cell::Int(r.round as i64),
                actors[o.from].name.clone().into(),
                actors[o.to].name.clone().into(),
                o.outcome.name().into(),
                Some(o.eu_from).into(),
                Some(o.eu_to).into(),
                Some(r.start[o.from]).into(),
                Some(r.start[o.to]).into(),
                Some(o.proposed).into(),
                if o.accepted { "yes" } else { "no" }.into(),
            ]);
        }
    }
    rows.notes.push(
        "eu_from: the sender's expected utility of challenging; eu_to: the receiver's of challenging back. Each actor takes at most one offer per round."
            .into(),
    );
    rows
}

fn summary_rows(scenario: &Scenario, run: &Run) -> Rows {
    let mut rows = Rows::new([
        "actor",
        "capability",
        "salience",
        "position",
        "final_position",
        "risk_round1",
        "note",
    ]);
    for (i, a) in scenario.actors.iter().enumerate() {
        let x = &a.input.actor;
        rows.push(vec![
            x.name.clone().into(),
            Some(x.capability).into(),
            Some(x.salience).into(),
            Some(x.position).into(),
            Some(run.final_positions[i]).into(),
            run.rounds.first().map(|r| r.risk[i]).into(),
            a.note.clone().unwrap_or_default().into(),
        ]);
    }
    rows
}

fn mc_rows(actors: &[Actor], positions: &[Summary], mean: &Summary, median: &Summary) -> Rows {
    let mut rows = Rows::new(["quantity", "mean", "q05", "q25", "q50", "q75", "q95"]);
    let mut push = |name: String, s: &Summary| {
        rows.push(vec![
            name.into(),
            Some(s.mean).into(),
            Some(s.q05).into(),
            Some(s.q25).into(),
            Some(s.q50).into(),
            Some(s.q75).into(),
            Some(s.q95).into(),
        ]);
    };
    push("forecast (weighted mean)".into(), mean);
    push("forecast (median voter)".into(), median);
    for (a, s) in actors.iter().zip(positions) {
        push(format!("final position: {}", a.name), s);
    }
    rows
}

fn histogram_rows(histogram: &[usize], scale: (f64, f64), runs: usize) -> Rows {
    let mut rows = Rows::new(["bin_low", "bin_high", "runs", "share"]);
    let width = (scale.1 - scale.0) / histogram.len() as f64;
    for (k, &count) in histogram.iter().enumerate() {
        rows.push(vec![
            Some(scale.0 + k as f64 * width).into(),
            Some(scale.0 + (k + 1) as f64 * width).into(),
            Cell::Int(count as i64),
            Some(count as f64 / runs.max(1) as f64).into(),
        ]);
    }
    rows
}

/// The histogram as a line of block characters (low to high end of the scale).
fn sparkline(histogram: &[usize]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = histogram.iter().copied().max().unwrap_or(0).max(1);
    histogram
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                BARS[(c * 7).div_ceil(max).min(7)]
            }
        })
        .collect()
}

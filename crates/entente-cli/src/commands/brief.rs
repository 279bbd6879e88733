//! `entente brief A B`: the data-backed brief on a relationship.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use entente_core::Measure;
use entente_core::agreement::{Bootstrap, Grouping, blocks, blocks_between, pair_series};
use entente_core::bargain::montecarlo::monte_carlo;
use entente_core::bargain::{Options, run};
use entente_core::blocs::{BlocOptions, add_stability, all_years};
use entente_core::breaks::{BreakOptions, pair_breaks};
use entente_core::index::profile::{Inputs, composition_changes};
use entente_core::network::YearMatrix;
use entente_core::since::{Observation, standing};
use entente_core::triangle::trio_year;
use entente_core::votes::RollCallFilter;
use entente_report::brief::{
    AlignmentYear, BlocYear, BriefInput, Contribution, EconomicInput, EventPeriod, EventsInput,
    FinanceRow, ForecastInput, IdealYear, IndexInput, IndexYear, MilitaryInput, MonteCarloSummary,
    SanctionRow, State, TradeRow, TriangleInput, build,
};
use entente_report::render;
use entente_sources::ties::dyads::DyadSources;

use super::source_notes;
use crate::context::{Context, user_error};
use crate::output::persist_output;

/// The brief on a relationship: one self-contained HTML file (charts as inline SVG, no
/// network needed to open it), or Markdown, or the brief's data as JSON.
///
/// Sections: headline numbers (current level, trend, "highest since"), diplomatic
/// alignment in the UN General Assembly (agreement and κ with 95% bootstrap intervals,
/// turning points marked), both states' ideal points with intervals, turning points,
/// voting blocs and the triangle with a third state (--with), a forecast when a
/// scenario is given (--scenario), what is not yet covered, sources with versions, and
/// a methods note. Every sentence is generated from the numbers and links to its
/// table. The same data and options give the same file.
///
/// The latest year defaults to the last session year in which the two cast at least 20
/// joint votes (a session in progress has few).
///
/// Examples:
///   entente brief China Russia --out brief.html
///   entente brief China Russia --from 1991 --to 2021 --with "United States" --out brief.html
///   entente brief China Russia --scenario examples/forecast/ukraine_settlement.toml --format md
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    pub a: String,
    pub b: String,
    /// First year shown (default: the first year of joint votes).
    #[arg(long)]
    pub from: Option<i32>,
    /// Latest year (default: the last year with at least 20 joint votes).
    #[arg(long)]
    pub to: Option<i32>,
    /// A third state for the strategic triangle.
    #[arg(long, value_name = "STATE")]
    pub with: Option<String>,
    /// A bargaining scenario (see `entente forecast`) for the forecast section.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Monte Carlo runs for the forecast.
    #[arg(long, default_value_t = 1000)]
    pub mc: usize,
    /// Capabilities for the scenario from data, e.g. cinc:2016.
    #[arg(long, value_name = "SOURCE:YEAR")]
    pub capability: Option<String>,
    /// Bootstrap replicates for the intervals.
    #[arg(long, default_value_t = 1000)]
    pub reps: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[arg(long, value_enum, default_value = "html")]
    pub format: BriefFormat,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BriefFormat {
    Html,
    Md,
    Json,
}

/// Reads a value and its interval from a year of the alignment series.
type ValueAndInterval = fn(&AlignmentYear) -> (Option<f64>, Option<(f64, f64)>);

/// Fewest joint votes for a year to be the default latest year.
const LATEST_MIN_VOTES: u32 = 20;

pub fn run_command(ctx: &Context, args: Args) -> Result<()> {
    let reg = ctx.registry()?;
    let [a, b] = ctx.resolve_distinct(&reg, [&args.a, &args.b])?;
    let third = match &args.with {
        Some(w) => {
            let [_, _, c] = ctx.resolve_distinct(&reg, [&args.a, &args.b, w])?;
            Some(c)
        }
        None => None,
    };
    let votes = ctx.votes(&reg, false)?;
    let filter = RollCallFilter::default();
    let blks = blocks(&votes.table, &filter, Grouping::Year);
    let boot = Bootstrap {
        reps: args.reps,
        seed: args.seed,
        level: 0.95,
    };
    let measures = [Measure::Agree, Measure::Kappa];
    let series = pair_series(&blks, a.ccode, b.ccode, &measures, Some(&boot));
    if series.is_empty() {
        return Err(user_error(format!(
            "{} and {} have no joint votes in the General Assembly",
            a.code3(),
            b.code3()
        )));
    }
    let to = match args.to {
        Some(t) => t,
        None => series
            .iter()
            .rev()
            .find(|p| p.table.n() >= LATEST_MIN_VOTES)
            .map_or(series[series.len() - 1].year, |p| p.year),
    };
    let from = args.from.unwrap_or(series[0].year);
    if from > to {
        return Err(user_error(format!("--from {from} is after --to {to}")));
    }
    if !series.iter().any(|p| p.year == to) {
        return Err(user_error(format!(
            "{} and {} have no joint votes in {to}",
            a.code3(),
            b.code3()
        )));
    }
    let series: Vec<_> = series.into_iter().filter(|p| p.year <= to).collect();
    let alignment: Vec<AlignmentYear> = series
        .iter()
        .map(|p| {
            let iv = |k: usize| {
                p.intervals
                    .as_ref()
                    .and_then(|v| v[k])
                    .map(|i| (i.lo, i.hi))
            };
            AlignmentYear {
                year: p.year,
                n_votes: p.table.n(),
                agree: p.table.value(Measure::Agree),
                agree_ci: iv(0),
                kappa: p.table.value(Measure::Kappa),
                kappa_ci: iv(1),
            }
        })
        .collect();
    let obs = |get: ValueAndInterval| -> Vec<Observation> {
        alignment
            .iter()
            .filter_map(|y| {
                let (v, ci) = get(y);
                Some(Observation {
                    year: y.year,
                    value: v?,
                    interval: ci,
                })
            })
            .collect()
    };
    let agree_standing = standing(&obs(|y| (y.agree, y.agree_ci)), to);
    let kappa_standing = standing(&obs(|y| (y.kappa, y.kappa_ci)), to);
    // Turning points over the years shown.
    let shown = blocks_between(&blks, from, to);
    let pair = [(a.ccode.min(b.ccode), a.ccode.max(b.ccode))];
    let break_opts = BreakOptions {
        seed: args.seed,
        ..BreakOptions::default()
    };
    let breaks_of = |m: Measure| {
        pair_breaks(shown, m, Some(&pair), &break_opts)
            .into_iter()
            .next()
            .map(|r| r.1)
    };
    let (agree_breaks, kappa_breaks) = (breaks_of(Measure::Agree), breaks_of(Measure::Kappa));
    // Ideal points (whole history, default model; cached).
    let points = super::ideal::whole_history(ctx, &votes, &filter)?.by_state_year();
    // Both states' positions and their distance (with its interval) per year, once.
    let (ideal, ideal_obs): (Vec<IdealYear>, Vec<Observation>) = alignment
        .iter()
        .filter_map(|y| {
            let (x, z) = (
                points.get(&(a.ccode, y.year))?,
                points.get(&(b.ccode, y.year))?,
            );
            let (d, lo, hi) = super::ideal::distance(x, z);
            Some((
                IdealYear {
                    year: y.year,
                    a: (x.ideal, x.q05, x.q95),
                    b: (z.ideal, z.q05, z.q95),
                    distance: d,
                },
                Observation {
                    year: y.year,
                    value: d,
                    interval: Some((lo, hi)),
                },
            ))
        })
        .unzip();
    let ideal_standing = standing(&ideal_obs, to);
    // Blocs in the latest year (labels from the whole history).
    let bloc_options = BlocOptions {
        seed: args.seed,
        ..BlocOptions::default()
    };
    let matrices: Vec<YearMatrix> = blks
        .iter()
        .filter(|bk| bk.year <= to)
        .map(|bk| YearMatrix::agreement(bk, Measure::Agree, None))
        .collect();
    let mut years = all_years(&matrices, &bloc_options);
    let blocs = match (
        years.iter_mut().find(|y| y.year == to),
        blks.iter().find(|bk| bk.year == to),
    ) {
        (Some(yb), Some(block)) => {
            add_stability(yb, block, Measure::Agree, &bloc_options);
            let of = |cc: u16| -> Option<(u32, usize, Option<f64>)> {
                let i = yb.states.binary_search(&cc).ok()?;
                let bloc = &yb.blocs[yb.membership[i]];
                Some((
                    bloc.label,
                    bloc.members.len(),
                    yb.state_stability.as_ref().map(|s| s[i]),
                ))
            };
            of(a.ccode).zip(of(b.ccode)).map(|(x, z)| BlocYear {
                year: to,
                a: x,
                b: z,
            })
        }
        _ => None,
    };
    let triangle = third.map(|c| TriangleInput {
        third: State {
            code: c.code3().to_string(),
            name: c.name.clone(),
        },
        // Only the years shown: the brief's triangle table and sentence use no others.
        years: shown
            .iter()
            .filter_map(|bk| {
                trio_year(
                    bk,
                    [a.ccode, b.ccode, c.ccode],
                    Measure::Agree,
                    200,
                    args.seed,
                )
            })
            .collect(),
    });
    let mut sources: Vec<String> = source_notes(&votes.table, &filter)
        .into_iter()
        .filter_map(|s| {
            s.strip_prefix("Source: ")
                .map(|x| x.trim_end_matches('.').to_string())
        })
        .collect();
    sources.push("Country codes: Correlates of War State System Membership (2024) and the countrycode concordance (Arel-Bundock et al.)".into());
    let mut methods = vec![
        "Years are UN session years (session + 1945); emergency special sessions count in the regular session in progress.".to_string(),
        format!("Agreement and κ use the roll calls on which both states voted yes, abstain or no; intervals are percentile bootstrap intervals over roll calls ({} replicates, seed {}); docs/measures.md.", args.reps, args.seed),
        "\"Highest since\": the last earlier year with a value at least as high; with the intervals, the last earlier year whose interval reaches this year's (docs/system.md).".into(),
        "Ideal points: entente's dynamic ordinal ideal-point model over the whole history (docs/ideal-points.md); distance |θa − θb| with a normal-approximation interval.".into(),
        format!("Turning points: PELT with penalty 3σ̂² ln n over {from}–{to}, confidence from {} bootstrap replicates (docs/system.md).", break_opts.reps),
        "Blocs: Leiden communities of the year's agreement network, labels followed over all years, stability from 100 bootstrap replicates.".into(),
    ];
    if triangle.is_some() {
        methods.push("Triangle: Dittmer's configurations from the signs of the three dyads' agreement relative to the year's median over all pairs; stability from 200 joint bootstrap replicates.".into());
    }
    let military = military_input(ctx, &reg, [a, b], from, to)?;
    let dyad_sources = DyadSources::load(&ctx.data_dir()?, &reg)?;
    let economic = economic_input(ctx, &dyad_sources, [a, b], from, to)?;
    let ideal_points = super::profile::ideal_map(&points);
    let index = index_input(
        &Inputs {
            registry: &reg,
            blocks: blks.iter().map(|bk| (bk.year, bk)).collect(),
            ideal: &ideal_points,
            ties: &dyad_sources,
        },
        [a.ccode, b.ccode],
        from,
        to,
        &Bootstrap {
            reps: 200,
            seed: args.seed,
            level: 0.95,
        },
    );
    sources.push(entente_sources::ties::sanctions::GSDB_CITATION.to_string());
    sources.push(entente_sources::ties::cow::IGO_CITATION.to_string());
    sources.push(entente_sources::ties::events::ICEWS_DYAD_YEAR_CITATION.to_string());
    methods.push("Relationship index: each indicator ranked against all pairs of states in the system that year (mid-rank percentile mapped to −1 … 1, negated for distance, disputes and sanctions), averaged within the four dimensions and across them with equal weights; missing indicators drop out and the weights are renormalised; interval from 200 bootstrap replicates of the sampling error (docs/index.md).".into());
    sources.push(entente_sources::ties::TRADE_CITATION.to_string());
    if a.ccode == entente_sources::ties::AIDDATA_LENDER
        || b.ccode == entente_sources::ties::AIDDATA_LENDER
    {
        sources.push(entente_sources::ties::AIDDATA_CITATION.to_string());
    }
    sources.push(entente_sources::ties::ATOP_CITATION.to_string());
    sources.push(entente_sources::ties::SIPRI_CITATION.to_string());
    sources.push(entente_sources::ties::MME_CITATION.to_string());
    sources.push(entente_sources::ties::MIDS_CITATION.to_string());
    methods.push("Military ties: ATOP obligations in force per year (directed); SIPRI TIV delivered per year each way; the largest register deals between the two ordered in the years shown, by delivered TIV; MME exercises with both states. Years outside a dataset's coverage are left out, not shown as zero.".into());
    let forecast = match &args.scenario {
        Some(path) => {
            let (f, extra_sources) =
                forecast_input(ctx, path, args.capability.as_deref(), args.mc)?;
            sources.extend(extra_sources);
            methods.push(format!(
                "Forecast: Bueno de Mesquita's expected-utility model as reconstructed by Scholz, Calbert & Smith (2011), printed equations, Monte Carlo {} runs (docs/forecast.md).",
                args.mc
            ));
            Some(f)
        }
        None => None,
    };
    let input = BriefInput {
        a: State {
            code: a.code3().to_string(),
            name: a.name.clone(),
        },
        b: State {
            code: b.code3().to_string(),
            name: b.name.clone(),
        },
        from,
        to,
        alignment,
        agree_breaks,
        kappa_breaks,
        agree_standing,
        kappa_standing,
        ideal,
        ideal_standing,
        blocs,
        triangle,
        forecast,
        military: Some(military),
        economic: Some(economic),
        index,
        events: events_input(ctx, a.ccode, b.ccode, from, to)?,
        sources,
        methods,
    };
    let brief = build(&input);
    let text = match args.format {
        BriefFormat::Html => render::html(&brief),
        BriefFormat::Md => render::markdown(&brief),
        BriefFormat::Json => serde_json::to_string_pretty(&brief)? + "\n",
    };
    match &args.out {
        Some(path) => persist_output(path, |mut f| Ok(f.write_all(text.as_bytes())?))?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}

/// Yearly events between the two from the event store (None when it is empty).
fn events_input(ctx: &Context, a: u16, b: u16, from: i32, to: i32) -> Result<Option<EventsInput>> {
    use entente_core::events::{Period, Weight, series};
    let store =
        entente_store::events::EventStore::new(&entente_store::cache::cache_root(ctx.cache_dir()));
    let files = store.files()?;
    if files.is_empty() {
        return Ok(None);
    }
    let days = store.dyad_days(false, &|x, y| (x, y) == (a, b) || (x, y) == (b, a))?;
    let found = series(days, a, b, Period::Year, false, from as u32, to as u32);
    let periods = found
        .iter()
        .map(|(&(p, _, _), s)| {
            let m = s.measures(Weight::Events);
            EventPeriod {
                period: Period::Year.label(p),
                events: s.events,
                quad: s.quad,
                goldstein_mean: m.goldstein_mean,
                net_cooperation: m.net_cooperation,
            }
        })
        .collect();
    Ok(Some(EventsInput {
        periods,
        files: files.len(),
        rows: files.iter().map(|f| f.rows).sum(),
    }))
}

/// The composite index over the years shown (within 1946–2022) and the contributions
/// in the latest year with an index.
fn index_input(
    inputs: &Inputs<'_>,
    [a, b]: [u16; 2],
    from: i32,
    to: i32,
    boot: &Bootstrap,
) -> Option<IndexInput> {
    use entente_core::index::{INDICATORS, Weights};
    let years: Vec<i32> = (from.max(1946)..=to.min(2022)).collect();
    if years.is_empty() {
        return None;
    }
    let w = Weights::default();
    let prof = inputs.profile(a, b, &years, &w, boot);
    let latest = prof.iter().rev().find(|p| p.composite.index.is_some())?;
    Some(IndexInput {
        years: prof
            .iter()
            .map(|p| IndexYear {
                year: p.year,
                index: p.composite.index,
                interval: p.interval,
                dimensions: p.composite.dimensions,
                coverage: p.composite.coverage,
            })
            .collect(),
        contributions_year: latest.year,
        contributions: INDICATORS
            .iter()
            .enumerate()
            .filter(|(i, _)| w.indicator[*i] > 0.0)
            .map(|(i, ind)| Contribution {
                dimension: ind.dimension.name().to_string(),
                indicator: ind.key.to_string(),
                value: Some(latest.raw[i]).filter(|v| !v.is_nan()),
                score: Some(latest.scores[i]).filter(|v| !v.is_nan()),
                contribution: latest.composite.contributions[i],
            })
            .collect(),
        composition_changes: composition_changes(&prof, &w),
    })
}

/// Goods trade (IMF DOTS) between the pair and each side's dependence, to 2020, and
/// sanction cases between them (GSDB).
fn economic_input(
    ctx: &Context,
    sources: &DyadSources,
    [a, b]: [&entente_core::Country; 2],
    from: i32,
    to: i32,
) -> Result<EconomicInput> {
    let data = ctx.data_dir()?;
    let share = |part: Option<f64>, total: Option<f64>| match (part, total) {
        (Some(p), Some(t)) if t > 0.0 => Some(100.0 * p / t),
        _ => None,
    };
    let reports = sources.trade();
    let trade = reports
        .years()
        .into_iter()
        .filter(|y| (from..=to).contains(y))
        .filter_map(|y| reports.dyad_year(a.ccode, b.ccode, y))
        .map(|t| {
            let total = t.total();
            TradeRow {
                year: t.year,
                a_to_b: t.a_to_b.map(|x| x.0),
                b_to_a: t.b_to_a.map(|x| x.0),
                share_of_a: share(total, t.a_total),
                share_of_b: share(total, t.b_total),
            }
        })
        .collect();
    let mut coverage = vec!["Each flow is the importer's report (CIF) when it exists, else the exporter's (FOB); a side's dependence is the pair's trade as a share of that side's reported trade with the world.".to_string()];
    if to > 2020 {
        coverage.push(format!(
            "IMF DOTS here ends in 2020: trade is shown to 2020, not to {to}."
        ));
    }
    use entente_sources::ties::{AIDDATA_LENDER, chinese_finance};
    let mut finance = None;
    for (lender, recipient) in [(a, b), (b, a)] {
        if lender.ccode != AIDDATA_LENDER {
            continue;
        }
        let rows: Vec<FinanceRow> = chinese_finance(&data, recipient.ccode)?
            .into_iter()
            .filter(|f| (from..=to).contains(&f.year))
            .map(|f| FinanceRow {
                year: f.year,
                oof: f.oof,
                oda: f.oda,
                total: f.total(),
            })
            .collect();
        if !rows.is_empty() {
            finance = Some((
                format!("{}→{}", lender.code3(), recipient.code3()),
                recipient.name.clone(),
                rows,
            ));
            coverage.push("Chinese official finance: commitments in AidData's Global Chinese Development Finance data (third release), 2000–2021; years without a row had none recorded.".into());
        }
    }
    let mut sanctions = Vec::new();
    for (x, y) in [(a, b), (b, a)] {
        for k in sources.sanction_cases(x.ccode, y.ccode, from..=to) {
            let c = &sources.sanctions[k];
            sanctions.push(SanctionRow {
                direction: format!("{}→{}", x.code3(), y.code3()),
                case_id: c.case_id,
                begin: c.begin,
                end: c.end,
                types: c.type_names(),
                senders: c.sender_text.clone(),
            });
        }
    }
    Ok(EconomicInput {
        trade,
        sanctions,
        sanction_years: entente_sources::ties::sanctions::GSDB_YEARS,
        finance,
        coverage,
    })
}

/// The pair's military ties from ATOP, SIPRI and MME, within each dataset's coverage.
fn military_input(
    ctx: &Context,
    reg: &entente_core::Registry,
    [a, b]: [&entente_core::Country; 2],
    from: i32,
    to: i32,
) -> Result<MilitaryInput> {
    use entente_sources::ties::{self, OBLIGATIONS};
    let data = ctx.data_dir()?;
    let names = |o: Option<&[bool; 5]>| -> Vec<String> {
        o.map(|o| {
            OBLIGATIONS
                .iter()
                .zip(o)
                .filter(|(_, on)| **on)
                .map(|(n, _)| n.to_string())
                .collect()
        })
        .unwrap_or_default()
    };
    let (ab, ba) = ties::atop(&data, a.ccode, b.ccode)?;
    let find = |v: &[(i32, [bool; 5])], y: i32| v.iter().find(|r| r.0 == y).map(|r| r.1);
    let atop_end = to.min(2018);
    let alliances = (from.max(1815)..=atop_end)
        .map(|y| {
            (
                y,
                names(find(&ab, y).as_ref()),
                names(find(&ba, y).as_ref()),
            )
        })
        .collect();
    let dy = ties::sipri_dyad_year(&data)?;
    let arms_end = to.min(2021);
    let arms = (from.max(1950)..=arms_end)
        .map(|y| {
            let get = |s: u16, r: u16| dy.get(&(s, r, y)).copied().unwrap_or(0.0);
            (y, get(a.ccode, b.ccode), get(b.ccode, a.ccode))
        })
        .collect();
    let mut deals: Vec<(String, Option<i32>, String, String, f64)> =
        ties::sipri_register(&data, reg)?
            .into_iter()
            .filter(|d| {
                let pair = (d.supplier_cc, d.recipient_cc);
                (pair == (Some(a.ccode), Some(b.ccode)) || pair == (Some(b.ccode), Some(a.ccode)))
                    && d.order_year.is_some_and(|y| (from..=to).contains(&y))
            })
            .map(|d| {
                let dir = if d.supplier_cc == Some(a.ccode) {
                    format!("{}→{}", a.code3(), b.code3())
                } else {
                    format!("{}→{}", b.code3(), a.code3())
                };
                (
                    dir,
                    d.order_year,
                    d.designation,
                    d.description,
                    d.tiv_delivered.unwrap_or(0.0),
                )
            })
            .collect();
    deals.sort_by(|x, y| y.4.total_cmp(&x.4).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    deals.truncate(8);
    let exercises = ties::mme(&data, reg)?
        .into_iter()
        .filter(|e| {
            (from..=to).contains(&e.year)
                && e.participant_cc.contains(&Some(a.ccode))
                && e.participant_cc.contains(&Some(b.ccode))
        })
        .map(|e| (e.year, e.name))
        .collect();
    let mid_end = to.min(2014);
    let disputes = ties::mids(&data, a.ccode, b.ccode)?
        .into_iter()
        .filter(|d| (from..=mid_end).contains(&d.year))
        .map(|d| {
            (
                d.year,
                d.dispute,
                d.hostility,
                ties::HOSTILITY[usize::from(d.hostility - 1)].to_string(),
            )
        })
        .collect();
    let dispute_years = (from.max(1816) <= mid_end).then_some((from.max(1816), mid_end));
    let mut coverage = Vec::new();
    if to > 2014 {
        coverage.push(format!(
            "COW MID ends in 2014: disputes are searched to 2014, not to {to}."
        ));
    }
    if to > 2018 {
        coverage.push(format!(
            "ATOP ends in 2018: alliance obligations are shown to 2018, not to {to}."
        ));
    }
    if to > 2021 {
        coverage.push(format!("SIPRI's yearly volumes used here end in 2021; deals ordered to {to} come from the register."));
    }
    coverage.push("Exercises: MME covers 1980–2010 only; later exercises (e.g. Joint Sea, Vostok) are not in the data.".into());
    Ok(MilitaryInput {
        alliances,
        arms,
        deals,
        exercises,
        disputes,
        dispute_years,
        coverage,
    })
}

/// Runs the scenario for the brief; returns the forecast and the sources it used.
fn forecast_input(
    ctx: &Context,
    path: &std::path::Path,
    capability: Option<&str>,
    mc: usize,
) -> Result<(ForecastInput, Vec<String>)> {
    let mut scenario =
        entente_sources::scenario::read(path).map_err(|e| user_error(e.to_string()))?;
    let mut sources = Vec::new();
    if let Some(spec) = capability {
        sources.push(super::forecast::fill_capabilities(
            ctx,
            &mut scenario,
            spec,
        )?);
    }
    super::forecast::require_capabilities(&scenario)?;
    let actors: Vec<_> = scenario
        .actors
        .iter()
        .map(|a| a.input.actor.clone())
        .collect();
    let options = Options::default();
    let single = run(&actors, &options);
    let mc = (mc > 0).then(|| {
        let inputs: Vec<_> = scenario.actors.iter().map(|a| a.input.clone()).collect();
        let m = monte_carlo(&inputs, scenario.scale, &options, mc, 1, 20);
        MonteCarloSummary {
            runs: m.runs,
            mean: [m.mean.q05, m.mean.q50, m.mean.q95],
            median: [m.median.q05, m.median.q50, m.median.q95],
            histogram: m.histogram,
        }
    });
    if let Some(s) = &scenario.source {
        sources.push(format!("Forecast scenario: {s}"));
    }
    Ok((
        ForecastInput {
            title: scenario
                .title
                .clone()
                .unwrap_or_else(|| path.display().to_string()),
            issue: scenario.issue.clone().unwrap_or_else(|| "the issue".into()),
            scale: scenario.scale,
            rounds: single.rounds.len(),
            converged: single.converged,
            mean: single.mean,
            median: single.median,
            mc,
            actors: actors
                .iter()
                .zip(&single.final_positions)
                .map(|(a, &x)| (a.name.clone(), a.position, x))
                .collect(),
        },
        sources,
    ))
}

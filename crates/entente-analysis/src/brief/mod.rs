//! The brief's input: every number of `entente brief`, computed here from the session
//! and handed to entente-report, which writes the sentences, tables and charts. One
//! function per section; the defaults (replicates, seeds, runs) are the analysis
//! layer's.

mod ties;

use std::path::PathBuf;

use entente_core::Country;
use entente_core::Measure;
use entente_core::breaks::SeriesBreaks;
use entente_core::since::{Observation, Standing, standing};
use entente_core::votes::RollCallFilter;
use entente_report::brief::{
    AlignmentYear, BlocYear, BriefInput, BrokerRow, BrokersInput, EconomicInput, EventsInput,
    ForecastInput, IdealYear, IndexInput, MilitaryInput, MonteCarloSummary, RecentBreaks, State,
    TriangleInput,
};
use entente_sources::catalogue;

use crate::defaults;
use crate::dyad::{self, DyadRequest, DyadYear};
use crate::error::{Error, Result};
use crate::forecast::{
    ForecastRequest, compare_strategies, fill_capabilities, parse_variant, require_capabilities,
    scenario_forecast, scenario_sensitivity,
};
use crate::progress::timed;
use crate::session::Session;
use entente_core::bargain::TAIL_ROUNDS;

/// A value and its interval, as `since` reads them.
type ValueAndInterval = (f64, Option<(f64, f64)>);

/// What the brief covers.
#[derive(Clone, Debug)]
pub struct BriefRequest {
    /// First year shown (None: the first year of joint votes).
    pub from: Option<i32>,
    /// Latest year (None: the last year with at least [`defaults::FEW_VOTES`] joint votes).
    pub to: Option<i32>,
    /// A bargaining scenario for the forecast section.
    pub scenario: Option<PathBuf>,
    /// Capabilities for the scenario from data, e.g. `cinc:2016`.
    pub capability: Option<String>,
    /// Monte Carlo runs of the forecast.
    pub mc: usize,
    /// Bootstrap replicates of the agreement intervals.
    pub reps: usize,
    pub seed: u64,
    /// Add "Who stands between" (the states closest to both in the latest year).
    pub brokers: bool,
    /// Add "What changed" at these dates (`entente shift`).
    pub at: Vec<entente_core::Date>,
    /// Claims to check (`entente check`), shown first.
    pub claims: Option<PathBuf>,
    /// Strategies compared with the scenario's base case (`forecast --compare`).
    pub compare: Vec<String>,
    /// Add the forecast's sensitivity (`forecast --sensitivity`), each end with `mc` runs.
    pub sensitivity: bool,
}

impl Default for BriefRequest {
    fn default() -> Self {
        BriefRequest {
            from: None,
            to: None,
            scenario: None,
            capability: None,
            mc: defaults::MC_RUNS,
            reps: defaults::REPS,
            seed: defaults::SEED,
            brokers: false,
            at: Vec::new(),
            claims: None,
            compare: Vec::new(),
            sensitivity: false,
        }
    }
}

fn state(c: &Country) -> State {
    State {
        code: c.code3().to_string(),
        name: c.name.clone(),
    }
}

/// The brief's input for `a` and `b` (and the triangle with `third`).
pub fn input(
    session: &Session,
    a: &Country,
    b: &Country,
    third: Option<&Country>,
    req: &BriefRequest,
) -> Result<BriefInput> {
    // The files and sizes the user named are read and checked before any work.
    let read_err = |e: entente_sources::SourceError| Error::invalid(e.to_string());
    let scenario = match &req.scenario {
        Some(p) => Some((p, entente_sources::scenario::read(p).map_err(read_err)?)),
        None => None,
    };
    let claims_file = match &req.claims {
        Some(p) => Some(entente_sources::claims::read(p).map_err(read_err)?),
        None => None,
    };
    if req.mc > defaults::MAX_MC || req.reps > defaults::MAX_REPS {
        return Err(Error::invalid(format!(
            "at most {} Monte Carlo runs and {} bootstrap replicates",
            defaults::MAX_MC,
            defaults::MAX_REPS
        )));
    }
    let t0 = std::time::Instant::now();
    let lap = |what: &str| tracing::debug!("brief: {what} at {:?}", t0.elapsed());
    // The tie datasets (read from the data folder on a first run) load while the votes
    // and ideal points are computed; the vote work's error, if any, is reported first.
    let (series, tie_load) = rayon::join(
        || {
            dyad::series(
                session,
                a,
                b,
                &DyadRequest {
                    reps: req.reps,
                    seed: req.seed,
                    ..DyadRequest::default()
                },
            )
        },
        || session.ties().map(|_| ()),
    );
    let series = series?.years;
    tie_load?;
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return Err(Error::invalid(format!(
            "{} and {} have no joint votes in the General Assembly",
            a.code3(),
            b.code3()
        )));
    };
    let to = req.to.unwrap_or_else(|| {
        series
            .iter()
            .rev()
            .find(|p| p.n_votes >= defaults::FEW_VOTES)
            .map_or(last.year, |p| p.year)
    });
    let from = req.from.unwrap_or(first.year);
    if from > to {
        return Err(Error::invalid(format!("--from {from} is after --to {to}")));
    }
    if !series.iter().any(|p| p.year == to) {
        return Err(Error::invalid(format!(
            "{} and {} have no joint votes in {to}",
            a.code3(),
            b.code3()
        )));
    }
    let series: Vec<DyadYear> = series.into_iter().filter(|p| p.year <= to).collect();
    let alignment: Vec<AlignmentYear> = series
        .iter()
        .map(|p| AlignmentYear {
            year: p.year,
            n_votes: p.n_votes,
            agree: p.agree,
            agree_ci: p.agree_ci,
            kappa: p.kappa,
            kappa_ci: p.kappa_ci,
        })
        .collect();
    let observe = |get: &dyn Fn(&DyadYear) -> Option<ValueAndInterval>| -> Option<Standing> {
        let obs: Vec<Observation> = series
            .iter()
            .filter_map(|y| {
                let (value, interval) = get(y)?;
                Some(Observation {
                    year: y.year,
                    value,
                    interval,
                })
            })
            .collect();
        standing(&obs, to)
    };
    let agree_standing = observe(&|y| Some((y.agree?, y.agree_ci)));
    let kappa_standing = observe(&|y| Some((y.kappa?, y.kappa_ci)));
    let ideal_standing = observe(&|y| {
        y.ideal
            .map(|i| (i.distance.value, Some((i.distance.lo, i.distance.hi))))
    });
    let ideal: Vec<IdealYear> = series
        .iter()
        .filter_map(|y| {
            let i = y.ideal?;
            Some(IdealYear {
                year: y.year,
                a: (i.a.ideal, i.a.q05, i.a.q95),
                b: (i.b.ideal, i.b.q05, i.b.q95),
                distance: i.distance.value,
            })
        })
        .collect();
    lap("alignment and ideal points");
    // The UN-vote sections and the tie sections are independent: computed side by side.
    let (votes_part, ties_part) = rayon::join(
        || vote_sections(session, [a, b], third, (from, to), req.seed),
        || tie_sections(session, [a, b], (from, to), req.seed),
    );
    let VoteSections {
        agree_breaks,
        kappa_breaks,
        recent_breaks,
        blocs,
        triangle,
    } = votes_part?;
    let (military, economic, index, events) = ties_part?;
    lap("the other sections");
    let mut sources = vote_sources(session)?;
    sources.extend([
        catalogue::COW_STATES.source.to_string(),
        catalogue::COUNTRYCODE.source.to_string(),
    ]);
    let mut methods = methods(from, to, req, triangle.is_some());
    for d in [
        &catalogue::GSDB,
        &catalogue::COW_IGO,
        &catalogue::ICEWS,
        &catalogue::IMF_DOTS,
    ] {
        sources.push(d.source.to_string());
    }
    if [a.ccode, b.ccode].contains(&entente_sources::ties::AIDDATA_LENDER) {
        sources.push(catalogue::AIDDATA.source.to_string());
    }
    if entente_sources::ties::sourced_exercises::SourcedExercise::covers(a.ccode, b.ccode) {
        sources.push(catalogue::CHINA_RUSSIA_EXERCISES.source.to_string());
    }
    for d in [
        &catalogue::ATOP,
        &catalogue::SIPRI,
        &catalogue::MME,
        &catalogue::COW_MID,
        &catalogue::UCDP,
        &catalogue::SWAP_LINES,
    ] {
        sources.push(d.source.to_string());
    }
    let brokers = if req.brokers {
        brokers_section(session, a, b, to, req)?
    } else {
        None
    };
    let shift = if req.at.is_empty() {
        None
    } else {
        Some(timed("brief: what changed", || {
            shift_section(session, a, b, req)
        })?)
    };
    let claims = match &claims_file {
        Some(file) => Some(timed("brief: claims", || claims_section(session, file))?),
        None => None,
    };
    let forecast = match scenario {
        Some((path, scenario)) => {
            let (f, extra) = forecast(session, path, scenario, req)?;
            sources.extend(extra);
            methods.push(format!(
                "Forecast: Bueno de Mesquita's expected-utility model as reconstructed by Scholz, Calbert & Smith (2011), printed equations, Monte Carlo {} runs, seed {} (docs/forecast.md).",
                req.mc, req.seed
            ));
            Some(f)
        }
        None => None,
    };
    Ok(BriefInput {
        a: state(a),
        b: state(b),
        from,
        to,
        alignment,
        agree_breaks,
        kappa_breaks,
        recent_breaks,
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
        events,
        brokers,
        shift,
        claims,
        sources,
        methods,
    })
}

/// "Claims checked": the verdicts of `entente check` on `file`.
fn claims_section(
    session: &Session,
    file: &entente_sources::claims::ClaimsFile,
) -> Result<entente_report::claims::ClaimsInput> {
    let report = crate::check::check(session, file)?;
    Ok(entente_report::claims::ClaimsInput {
        summary: report.summary(),
        title: report.title,
        source: report.source,
        rows: report
            .claims
            .into_iter()
            .map(|c| entente_report::claims::ClaimRow {
                id: c.id,
                text: c.text,
                verdict: c.verdict.phrase().to_string(),
                finding: c.finding,
            })
            .collect(),
    })
}

/// "What changed" at the request's dates.
fn shift_section(
    session: &Session,
    a: &Country,
    b: &Country,
    req: &BriefRequest,
) -> Result<entente_report::shift::ShiftInput> {
    let found = crate::shift::shift(
        session,
        a,
        b,
        &crate::shift::ShiftRequest {
            at: req.at.clone(),
            seed: req.seed,
            reps: req.reps,
            ..Default::default()
        },
    )?;
    Ok(entente_report::shift::ShiftInput {
        window_years: defaults::SHIFT_WINDOW_YEARS,
        dates: found
            .dates
            .into_iter()
            .map(|d| entente_report::shift::ShiftDate {
                at: d.windows.at,
                lines: d
                    .rows
                    .into_iter()
                    .map(|r| entente_report::shift::ShiftLine {
                        measure: r.measure.to_string(),
                        yearly: r.dating != crate::shift::Dating::RollCall,
                        change: r.change,
                    })
                    .collect(),
                left_out: d.left_out.iter().map(|s| s.to_string()).collect(),
            })
            .collect(),
    })
}

/// The ten states closest to both in the brief's latest year, on UN agreement.
fn brokers_section(
    session: &Session,
    a: &Country,
    b: &Country,
    year: i32,
    req: &BriefRequest,
) -> Result<Option<BrokersInput>> {
    let reg = session.registry()?;
    let found = crate::brokers::brokers(
        session,
        a.ccode,
        b.ccode,
        &crate::brokers::BrokerRequest {
            year: Some(year),
            reps: 0,
            seed: req.seed,
            ..Default::default()
        },
    )?;
    Ok(Some(BrokersInput {
        year: found.year,
        measure: found.score.name().to_string(),
        between: found.between,
        rows: found
            .candidates
            .iter()
            .take(10)
            .map(|c| BrokerRow {
                code: reg.code3_of(c.ccode),
                with_a: c.with_a,
                with_b: c.with_b,
                weaker: c.weaker,
                balance: c.balance,
            })
            .collect(),
    }))
}

/// The sections from the UN votes beyond the alignment series.
struct VoteSections {
    agree_breaks: Option<SeriesBreaks>,
    kappa_breaks: Option<SeriesBreaks>,
    recent_breaks: Option<RecentBreaks>,
    blocs: Option<BlocYear>,
    triangle: Option<TriangleInput>,
}

/// Turning points of agreement and κ, both states' blocs in the latest year, and the
/// triangle with a third state.
fn vote_sections(
    session: &Session,
    [a, b]: [&Country; 2],
    third: Option<&Country>,
    (from, to): (i32, i32),
    seed: u64,
) -> Result<VoteSections> {
    let breaks_of =
        |from: i32, m: Measure| dyad::breaks(session, a.ccode, b.ccode, from, to, m, seed);
    let recent_from = to - defaults::RECENT_BREAK_YEARS + 1;
    let recent_breaks = if recent_from > from {
        Some(RecentBreaks {
            from: recent_from,
            agree: timed("brief: recent agreement breaks", || {
                breaks_of(recent_from, Measure::Agree)
            })?,
            kappa: timed("brief: recent κ breaks", || {
                breaks_of(recent_from, Measure::Kappa)
            })?,
        })
    } else {
        None
    };
    Ok(VoteSections {
        agree_breaks: timed("brief: agreement breaks", || {
            breaks_of(from, Measure::Agree)
        })?,
        kappa_breaks: timed("brief: κ breaks", || breaks_of(from, Measure::Kappa))?,
        recent_breaks,
        blocs: timed("brief: blocs", || {
            crate::blocs::pair_blocs(session, a.ccode, b.ccode, to, seed)
        })?
        .map(|p| BlocYear {
            year: p.year,
            a: p.a,
            b: p.b,
        }),
        triangle: match third {
            Some(c) => Some(timed("brief: triangle", || {
                triangle(session, [a, b, c], from, to, seed)
            })?),
            None => None,
        },
    })
}

/// The military, economic, index and event sections.
type TieSections = (
    MilitaryInput,
    EconomicInput,
    Option<IndexInput>,
    Option<EventsInput>,
);

fn tie_sections(
    session: &Session,
    [a, b]: [&Country; 2],
    (from, to): (i32, i32),
    seed: u64,
) -> Result<TieSections> {
    // Loaded here, once, before the sections that share them run side by side (the
    // military section also reads the SIPRI register).
    session.ties()?;
    let (military, (economic, index, events)) = rayon::join(
        || {
            timed("brief: military", || {
                ties::military(session, [a, b], from, to)
            })
        },
        || {
            (
                timed("brief: economic", || {
                    ties::economic(session, [a, b], from, to)
                }),
                timed("brief: index", || {
                    ties::index(session, [a.ccode, b.ccode], from, to, seed)
                }),
                timed("brief: events", || {
                    ties::events(session, [a.ccode, b.ccode], from, to)
                }),
            )
        },
    );
    Ok((military?, economic?, index?, events?))
}

/// The sources of the General Assembly roll calls used.
fn vote_sources(session: &Session) -> Result<Vec<String>> {
    Ok(
        crate::datasets::vote_sources(&session.votes()?.table, &RollCallFilter::default())
            .into_iter()
            .map(|s| s.citation().trim_end_matches('.').to_string())
            .collect(),
    )
}

/// The triangle with a third state over the years shown, on agreement (the headline's
/// measure) with the κ configuration beside it (years with too few joint votes are left
/// out by [`crate::triangle::timeline`]).
fn triangle(
    session: &Session,
    [a, b, c]: [&Country; 3],
    from: i32,
    to: i32,
    seed: u64,
) -> Result<TriangleInput> {
    let trio = [a.ccode, b.ccode, c.ccode];
    let run = |m: Measure, reps: usize| {
        crate::triangle::timeline(
            session,
            trio,
            &crate::triangle::TriangleRequest {
                filter: RollCallFilter {
                    from: Some(from),
                    to: Some(to),
                    ..RollCallFilter::default()
                },
                score: entente_core::network::Score::Agreement(m),
                reps,
                seed,
                min_votes: defaults::FEW_VOTES,
            },
        )
    };
    Ok(TriangleInput {
        third: state(c),
        years: run(Measure::Agree, defaults::TRIANGLE_REPS)?,
        on_kappa: run(Measure::Kappa, 0)?
            .into_iter()
            .map(|t| (t.year, t.configuration))
            .collect(),
    })
}

/// How each section was computed.
fn methods(from: i32, to: i32, req: &BriefRequest, with_triangle: bool) -> Vec<String> {
    let mut methods = vec![
        "Years are UN session years (session + 1945); emergency special sessions count in the regular session in progress.".to_string(),
        format!("Agreement and κ use the roll calls on which both states voted yes, abstain or no; intervals are percentile bootstrap intervals over roll calls ({} replicates, seed {}); docs/measures.md.", req.reps, req.seed),
        "\"Highest since\": the last earlier year with a value at least as high; with the intervals, the last earlier year whose interval reaches this year's (docs/system.md).".into(),
        "Ideal points: entente's dynamic ordinal ideal-point model over the whole history (docs/ideal-points.md); distance |θa − θb| with a normal-approximation interval.".into(),
        format!("Turning points: PELT with penalty 3σ̂² ln n over {from}–{to} and over its last {} years alone, confidence from {} bootstrap replicates (docs/system.md).", defaults::RECENT_BREAK_YEARS, defaults::BREAK_REPS),
        format!("Blocs: Leiden communities of each year's agreement network, labels followed over all years, stability from {} bootstrap replicates.", defaults::BLOC_REPS),
    ];
    if with_triangle {
        methods.push(format!("Triangle: Dittmer's configurations from the signs of the three dyads' agreement relative to the year's median over all pairs; stability from {} joint bootstrap replicates.", defaults::TRIANGLE_REPS));
    }
    methods.push(format!("Alignment (−1 … 1): signed evidence only — UN voting (κ and ideal points ranked against the year's dyads, and each state's rank of the other among its partners), the strongest alliance obligation, the share of arms imports supplied, sanctions (−1), a central-bank liquidity line (+1), the tone of events relative to each state's partners — averaged within and across dimensions into M, then gated by hostility h (disputes and armed conflict, fading over 10 years, with a floor for recurring disputes): (1 − h)·M − h. Intensity (0 … 1): trade, dependence, IGOs, arms, exercises and event volume, each as the standing among the dyads with any. Missing components drop out (never 0) and the weights are renormalised; intervals from {} bootstrap replicates of the sampling error (docs/index.md; validation: docs/validation.md).", defaults::INDEX_REPS));
    methods.push("Military ties: ATOP obligations in force per year (directed); SIPRI TIV delivered per year each way; the largest register deals between the two ordered in the years shown, by delivered TIV, up to three per decade of order year (weapon systems before engines and radars, which SIPRI counts as deals of their own); joint exercises from MME v7 and, for China and Russia from 2003, the sourced exercise list. Years outside a dataset's coverage are left out, not shown as zero.".into());
    methods
}

/// Runs the scenario (read from `path`) for the brief; returns the forecast and the
/// sources it used.
fn forecast(
    session: &Session,
    path: &std::path::Path,
    mut scenario: entente_sources::scenario::Scenario,
    req: &BriefRequest,
) -> Result<(ForecastInput, Vec<String>)> {
    let mut sources = Vec::new();
    if let Some(spec) = &req.capability {
        sources.push(fill_capabilities(session, &mut scenario, spec)?);
    }
    require_capabilities(&scenario)?;
    let freq = ForecastRequest {
        mc: req.mc,
        seed: req.seed,
        ..ForecastRequest::default()
    };
    let f = scenario_forecast(&scenario, &freq);
    let variants = req
        .compare
        .iter()
        .map(|spec| parse_variant(spec, &scenario))
        .collect::<Result<Vec<_>>>()?;
    let comparison = if variants.is_empty() {
        None
    } else {
        Some(timed("brief: strategies compared", || {
            compare_strategies(&scenario, &variants, &freq)
        })?)
    };
    let sensitivity = req.sensitivity.then(|| {
        let task = session
            .progress()
            .spinner("brief: sensitivity of the forecast");
        let s = scenario_sensitivity(&scenario, &freq, req.mc, &|| {});
        drop(task);
        s
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
            rounds: f.run.rounds.len(),
            converged: f.run.converged,
            mean: f.run.mean,
            median: f.run.median,
            mc: f.mc.map(|m| MonteCarloSummary {
                runs: m.runs,
                mean: [m.mean.q05, m.mean.q50, m.mean.q95],
                median: [m.median.q05, m.median.q50, m.median.q95],
                histogram: m.histogram,
            }),
            actors: f
                .actors
                .iter()
                .zip(&f.run.final_positions)
                .map(|(a, &x)| (a.name.clone(), a.position, x))
                .collect(),
            tail_spread: (!f.run.converged).then(|| f.run.tail_spread(TAIL_ROUNDS)),
            assumptions: scenario.assumptions.clone(),
            comparison,
            sensitivity,
        },
        sources,
    ))
}

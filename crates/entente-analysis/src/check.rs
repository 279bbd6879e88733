//! Claims checked against the data (`entente check CLAIMS.toml`, `entente brief
//! --claims`): each claim gets a verdict — supported, partly, not supported, or cannot be
//! checked with the data at hand (and why: which dataset ends when) — a one-sentence
//! finding with the numbers, and the evidence rows behind it (docs/check.md).

use std::collections::{BTreeMap, HashMap};

use entente_core::shift::{Dated, Windows};
use entente_core::since::{Observation, standing};
use entente_core::{Country, Date};
use entente_sources::catalogue;
use entente_sources::claims::{Claim, ClaimsFile, Comparison, Countable, Direction};
use entente_sources::ties::sourced_exercises::{
    CHINA_RUSSIA_EXERCISE_YEARS, SourcedExercise, china_russia_exercises,
};
use entente_sources::ties::swap_lines::{SWAP_LINE_YEARS, liquidity_lines};
use entente_sources::ties::{self, MID_YEARS, MME_YEARS};
use serde::Serialize;

use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;
use crate::shift::{Dating, PairMeasures, measures};

/// A claim's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Supported,
    Partly,
    NotSupported,
    /// The data at hand do not reach the claim (a dataset ends, or begins, outside it).
    CannotCheck,
}

impl Verdict {
    pub fn phrase(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Partly => "partly supported",
            Verdict::NotSupported => "not supported",
            Verdict::CannotCheck => "cannot be checked",
        }
    }
}

/// One record behind a verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub item: String,
    pub source: String,
}

/// A claim with its verdict.
#[derive(Clone, Debug, Serialize)]
pub struct Checked {
    pub id: String,
    pub kind: &'static str,
    pub text: String,
    pub verdict: Verdict,
    /// What the data say, with the numbers.
    pub finding: String,
    pub evidence: Vec<Evidence>,
    /// The datasets used.
    pub sources: Vec<String>,
}

/// Every claim of a file, checked.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub title: Option<String>,
    pub source: Option<String>,
    pub claims: Vec<Checked>,
}

/// Checks every claim of `file`.
pub fn check(session: &Session, file: &ClaimsFile) -> Result<CheckReport> {
    let mut cache: HashMap<(u16, u16), PairMeasures> = HashMap::new();
    let mut claims = Vec::new();
    for c in &file.claims {
        let r = one(session, c, &mut cache)
            .map_err(|e| Error::invalid(format!("claim '{}': {e}", c.id())))?;
        claims.push(Checked {
            id: c.id().to_string(),
            kind: c.kind(),
            text: c.text().to_string(),
            verdict: r.0,
            finding: r.1,
            evidence: r.2,
            sources: r.3,
        });
    }
    Ok(CheckReport {
        title: file.title.clone(),
        source: file.source.clone(),
        claims,
    })
}

/// Verdict, finding, evidence, sources.
type Outcome = (Verdict, String, Vec<Evidence>, Vec<String>);

fn ev(item: impl Into<String>, source: impl Into<String>) -> Evidence {
    Evidence {
        item: item.into(),
        source: source.into(),
    }
}

fn pair<'s>(session: &'s Session, a: &str, b: &str) -> Result<[&'s Country; 2]> {
    session.resolve_distinct([a, b])
}

fn one(
    session: &Session,
    claim: &Claim,
    cache: &mut HashMap<(u16, u16), PairMeasures>,
) -> Result<Outcome> {
    match claim {
        Claim::HighestSince {
            a,
            b,
            measure,
            year,
            since,
            ..
        } => since_claim(session, cache, (a, b), measure, *year, *since, true),
        Claim::LowestSince {
            a,
            b,
            measure,
            year,
            since,
            ..
        } => since_claim(session, cache, (a, b), measure, *year, *since, false),
        Claim::Count {
            a,
            b,
            what,
            from,
            to,
            count,
            comparison,
            definition,
            ..
        } => {
            let [ca, cb] = pair(session, a, b)?;
            count_claim(
                session,
                [ca, cb],
                *what,
                (*from, *to),
                (*count, *comparison),
                definition.as_deref(),
            )
        }
        Claim::ArmsDeal {
            supplier,
            recipient,
            designation,
            ordered,
            delivered,
            ..
        } => {
            let [s, r] = pair(session, supplier, recipient)?;
            arms_deal(session, [s, r], designation, *ordered, *delivered)
        }
        Claim::SwapLine {
            a,
            b,
            amount,
            currency,
            signed,
            renewed,
            ..
        } => {
            let [ca, cb] = pair(session, a, b)?;
            swap_line(
                session,
                [ca, cb],
                *amount,
                currency.as_deref(),
                *signed,
                renewed,
            )
        }
        Claim::Change {
            a,
            b,
            measure,
            before,
            after,
            direction,
            ..
        } => change(session, cache, (a, b), measure, *before, *after, *direction),
        Claim::TopPartner {
            a,
            b,
            year,
            top,
            mutual,
            ..
        } => {
            let [ca, cb] = pair(session, a, b)?;
            top_partner(session, [ca, cb], *year, *top, *mutual)
        }
    }
}

/// The pair's measures, computed once per pair for all its claims.
fn pair_measures<'c>(
    session: &Session,
    cache: &'c mut HashMap<(u16, u16), PairMeasures>,
    [ca, cb]: [&Country; 2],
) -> Result<&'c PairMeasures> {
    let key = (ca.ccode.min(cb.ccode), ca.ccode.max(cb.ccode));
    Ok(match cache.entry(key) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => e.insert(measures(
            session,
            ca,
            cb,
            defaults::INDEX_REPS,
            defaults::SEED,
        )?),
    })
}

/// Where a measure comes from, for the sources column.
fn measure_source(measure: &str) -> String {
    match measure {
        "un_agree" | "un_kappa" => {
            "UN General Assembly roll calls (entente sources --votes)".into()
        }
        "ideal_distance" => "entente's dynamic ideal points of the General Assembly votes".into(),
        "alignment" | "intensity" => format!(
            "entente's {measure} score (docs/index.md); {}",
            crate::profile::source_ends_line()
        ),
        other => format!("the indicator {other} of entente profile (docs/index.md)"),
    }
}

/// The yearly series of `measure` with intervals: votes by session year (the agreement
/// table of `entente align`), the others as `entente shift` dates them.
fn yearly_series(
    session: &Session,
    cache: &mut HashMap<(u16, u16), PairMeasures>,
    [ca, cb]: [&Country; 2],
    measure: &str,
) -> Result<Vec<(i32, Dated)>> {
    if measure == "un_agree" || measure == "un_kappa" {
        let s = crate::dyad::series(session, ca, cb, &crate::dyad::DyadRequest::default())?;
        return Ok(s
            .years
            .iter()
            .filter(|y| y.n_votes >= defaults::FEW_VOTES)
            .filter_map(|y| {
                let (v, iv) = if measure == "un_agree" {
                    (y.agree?, y.agree_ci)
                } else {
                    (y.kappa?, y.kappa_ci)
                };
                Some((
                    y.year,
                    Dated {
                        value: v,
                        interval: iv,
                    },
                ))
            })
            .collect());
    }
    let m = pair_measures(session, cache, [ca, cb])?;
    m.yearly(measure).map(|(_, s)| s).ok_or_else(|| {
        Error::invalid(format!(
            "unknown measure '{measure}'; known: {}",
            crate::shift::measure_names().join(", ")
        ))
    })
}

fn since_claim(
    session: &Session,
    cache: &mut HashMap<(u16, u16), PairMeasures>,
    (a, b): (&str, &str),
    measure: &str,
    year: Option<i32>,
    since: i32,
    highest: bool,
) -> Result<Outcome> {
    let [ca, cb] = pair(session, a, b)?;
    let series = yearly_series(session, cache, [ca, cb], measure)?;
    let sources = vec![measure_source(measure)];
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return Ok((
            Verdict::CannotCheck,
            format!(
                "{measure} has no value for {} and {}",
                ca.code3(),
                cb.code3()
            ),
            Vec::new(),
            sources,
        ));
    };
    let year = year.unwrap_or(last.0);
    let fmt = |y: i32| -> String {
        series
            .iter()
            .find(|s| s.0 == y)
            .map_or("–".into(), |(_, d)| match d.interval {
                Some((lo, hi)) => format!("{:.3} (95% {lo:.3}–{hi:.3})", d.value),
                None => format!("{:.3}", d.value),
            })
    };
    if year > last.0 {
        return Ok((
            Verdict::CannotCheck,
            format!("the {measure} series ends in {}, before {year}", last.0),
            vec![ev(format!("{}: {}", last.0, fmt(last.0)), measure)],
            sources,
        ));
    }
    let obs: Vec<Observation> = series
        .iter()
        .map(|(y, d)| Observation {
            year: *y,
            value: d.value,
            interval: d.interval,
        })
        .collect();
    let Some(st) = standing(&obs, year) else {
        return Ok((
            Verdict::CannotCheck,
            format!("{measure} has no value in {year}"),
            Vec::new(),
            sources,
        ));
    };
    let (word, point, noise) = if highest {
        ("highest", st.highest_since, st.highest_within_noise)
    } else {
        ("lowest", st.lowest_since, st.lowest_within_noise)
    };
    let mut evidence = vec![ev(format!("{year}: {}", fmt(year)), measure)];
    if let Some(y0) = point {
        evidence.push(ev(format!("{y0}: {}", fmt(y0)), measure));
    }
    if let Some(yn) = noise.filter(|yn| Some(*yn) != point) {
        evidence.push(ev(format!("{yn}: {}", fmt(yn)), measure));
    }
    let name = format!("{}–{} {measure}", ca.code3(), cb.code3());
    // The scores' components change where sources begin or end: say so.
    let kind = match measure {
        "alignment" => Some(0),
        "intensity" => Some(1),
        _ => None,
    };
    let composition = match kind {
        Some(k) => {
            let years: Vec<String> = pair_measures(session, cache, [ca, cb])?.composition_changes
                [k]
                .iter()
                .filter(|y| **y > since && **y <= year)
                .map(|y| y.to_string())
                .collect();
            if years.is_empty() {
                String::new()
            } else {
                format!(
                    "; the components of the score change in {} (sources begin or end; entente profile shows which), so earlier years rest on other evidence",
                    years.join(", ")
                )
            }
        }
        None => String::new(),
    };
    let out = match point {
        Some(y0) if y0 >= since => (
            Verdict::NotSupported,
            format!(
                "{name} in {year} ({}) is not the {word} since {since}: {y0} was at least as {} ({})",
                fmt(year),
                if highest { "high" } else { "low" },
                fmt(y0)
            ),
        ),
        None if first.0 > since => (
            Verdict::CannotCheck,
            format!(
                "{name} in {year} ({}) is the {word} of the series, but the series begins in {}: {since}–{} are not in the data",
                fmt(year),
                first.0,
                first.0 - 1
            ),
        ),
        _ => {
            let since_text = point.map_or(format!("the series began in {}", first.0), |y| {
                format!("{}", y + 1)
            });
            match noise.filter(|yn| *yn >= since) {
                Some(yn) => (
                    Verdict::Partly,
                    format!(
                        "{name} in {year} ({}) is the {word} since {since_text} by the point estimates, but {yn} ({}) cannot be told apart from it within the intervals",
                        fmt(year),
                        fmt(yn)
                    ),
                ),
                None => (
                    Verdict::Supported,
                    format!(
                        "{name} in {year} ({}) is the {word} since {since_text}, beyond the intervals",
                        fmt(year)
                    ),
                ),
            }
        }
    };
    Ok((out.0, out.1 + &composition, evidence, sources))
}

/// Whether `n` satisfies the claimed number.
fn satisfies(n: usize, claimed: u32, cmp: Comparison) -> bool {
    let (n, c) = (n as u64, u64::from(claimed));
    match cmp {
        Comparison::Exactly => n == c,
        Comparison::AtLeast => n >= c,
        Comparison::AtMost => n <= c,
    }
}

/// Counted items under each definition: (definition, items (text, source)).
type Definitions = Vec<(&'static str, Vec<Evidence>)>;

fn count_claim(
    session: &Session,
    [ca, cb]: [&Country; 2],
    what: Countable,
    (from, to): (i32, Option<i32>),
    (claimed, cmp): (u32, Comparison),
    definition: Option<&str>,
) -> Result<Outcome> {
    let (a, b) = (ca.ccode, cb.ccode);
    // The dataset, its coverage and the counted items per definition.
    let (dataset, (lo, hi), defs): (String, (i32, i32), Definitions) = match what {
        Countable::Exercises if SourcedExercise::covers(a, b) => {
            let to = to.unwrap_or(CHINA_RUSSIA_EXERCISE_YEARS.1);
            let rows: Vec<SourcedExercise> = china_russia_exercises(session.data_dir()?)?
                .into_iter()
                .filter(|e| (from..=to).contains(&e.year))
                .collect();
            let item = |e: &SourcedExercise| {
                ev(
                    format!("{} ({}, {}, {})", e.name, e.year, e.kind, e.format),
                    format!("{} (line {})", e.source, e.line),
                )
            };
            let patrol = |e: &SourcedExercise| e.kind.ends_with("_patrol");
            let pick = |f: &dyn Fn(&SourcedExercise) -> bool| -> Vec<Evidence> {
                rows.iter().filter(|e| f(e)).map(item).collect()
            };
            (
                catalogue::CHINA_RUSSIA_EXERCISES.source.to_string(),
                CHINA_RUSSIA_EXERCISE_YEARS,
                vec![
                    ("all", pick(&|_| true)),
                    ("no_patrols", pick(&|e| !patrol(e))),
                    ("bilateral", pick(&|e| e.format == "bilateral")),
                    (
                        "bilateral_no_patrols",
                        pick(&|e| e.format == "bilateral" && !patrol(e)),
                    ),
                    ("multilateral", pick(&|e| e.format == "multilateral")),
                ],
            )
        }
        Countable::Exercises => {
            let to = to.unwrap_or(MME_YEARS.1);
            let t = session.ties()?;
            let items: Vec<Evidence> = (from..=to.min(MME_YEARS.1))
                .filter_map(|y| {
                    let n = t.dyad_year(a, b, y).mme_exercises?;
                    (n > 0).then(|| ev(format!("{y}: {n} exercise(s)"), "MME v7"))
                })
                .collect();
            // MME counts per year: expand to one item per exercise.
            let mut expanded = Vec::new();
            for e in items {
                let n: usize = e
                    .item
                    .split(": ")
                    .nth(1)
                    .and_then(|s| s.split(' ').next())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(1);
                expanded.extend(std::iter::repeat_n(e, n));
            }
            (
                catalogue::MME.source.to_string(),
                MME_YEARS,
                vec![("all", expanded)],
            )
        }
        Countable::ArmsDeals => {
            let deals = session.arms_deals()?;
            let to = to.unwrap_or(catalogue::SIPRI.years.1);
            let pick = |dir: Option<(u16, u16)>| -> Vec<Evidence> {
                deals
                    .iter()
                    .filter(|d| d.order_year.is_some_and(|y| (from..=to).contains(&y)))
                    .filter(|d| match dir {
                        Some((s, r)) => d.supplier_cc == Some(s) && d.recipient_cc == Some(r),
                        None => crate::evidence::between(d.supplier_cc, d.recipient_cc, a, b),
                    })
                    .map(|d| {
                        ev(
                            format!(
                                "{} → {}: {} ({}), ordered {}",
                                d.supplier,
                                d.recipient,
                                d.designation,
                                d.description,
                                d.order_year.unwrap_or(0)
                            ),
                            format!("SIPRI trade register, line {}", d.line),
                        )
                    })
                    .collect()
            };
            (
                catalogue::SIPRI.source.to_string(),
                catalogue::SIPRI.years,
                vec![
                    ("either", pick(None)),
                    ("a_to_b", pick(Some((a, b)))),
                    ("b_to_a", pick(Some((b, a)))),
                ],
            )
        }
        Countable::Disputes => {
            let to = to.unwrap_or(MID_YEARS.1);
            let years: Vec<ties::DisputeYear> = ties::mids(session.data_dir()?, a, b)?
                .into_iter()
                .filter(|d| (from..=to).contains(&d.year))
                .collect();
            let mut disputes: BTreeMap<String, Vec<i32>> = BTreeMap::new();
            for d in &years {
                disputes
                    .entry(d.dispute.to_string())
                    .or_default()
                    .push(d.year);
            }
            (
                catalogue::COW_MID.source.to_string(),
                MID_YEARS,
                vec![
                    (
                        "disputes",
                        disputes
                            .iter()
                            .map(|(id, ys)| ev(format!("MID {id}: {ys:?}"), "COW MID 5.0"))
                            .collect(),
                    ),
                    (
                        "dispute_years",
                        years
                            .iter()
                            .map(|d| ev(format!("MID {} in {}", d.dispute, d.year), "COW MID 5.0"))
                            .collect(),
                    ),
                ],
            )
        }
        Countable::Votes => {
            let last = session
                .ga_years()?
                .last()
                .map_or(defaults::VOTE_YEARS.1, |b| b.year);
            let to = to.unwrap_or(last);
            let filter = entente_core::votes::RollCallFilter {
                from: Some(from),
                to: Some(to),
                ..Default::default()
            };
            let votes = crate::pair::pair_votes(session, a, b, &filter, false)?;
            let cast = |v: Option<entente_core::Vote>| v.filter(|v| v.position().is_some());
            let item = |v: &crate::pair::PairVote| {
                ev(
                    format!(
                        "{} {}",
                        v.date,
                        v.symbol.clone().unwrap_or_else(|| v.title.clone())
                    ),
                    "UN General Assembly roll calls",
                )
            };
            let joint: Vec<&crate::pair::PairVote> = votes
                .iter()
                .filter(|v| cast(v.a).is_some() && cast(v.b).is_some())
                .collect();
            (
                "UN General Assembly roll calls (entente sources --votes)".to_string(),
                (defaults::VOTE_YEARS.0, last),
                vec![
                    ("joint", joint.iter().map(|v| item(v)).collect()),
                    (
                        "same",
                        joint
                            .iter()
                            .filter(|v| !v.differ())
                            .map(|v| item(v))
                            .collect(),
                    ),
                    (
                        "differ",
                        joint
                            .iter()
                            .filter(|v| v.differ())
                            .map(|v| item(v))
                            .collect(),
                    ),
                ],
            )
        }
    };
    let to_year = to.unwrap_or(hi);
    let what_name = match what {
        Countable::Exercises => "exercises",
        Countable::ArmsDeals => "arms deals",
        Countable::Disputes => "disputes",
        Countable::Votes => "roll calls",
    };
    let chosen = definition.unwrap_or(defs[0].0);
    let Some((_, items)) = defs.iter().find(|d| d.0 == chosen) else {
        return Err(Error::invalid(format!(
            "definition '{chosen}' is not one of {} for {what_name}",
            defs.iter().map(|d| d.0).collect::<Vec<_>>().join(", ")
        )));
    };
    if from < lo || to_year > hi {
        return Ok((
            Verdict::CannotCheck,
            format!(
                "{dataset} covers {lo}–{hi}, not all of {from}–{to_year}; within it, {} {what_name} ({chosen})",
                items.len()
            ),
            items.clone(),
            vec![dataset],
        ));
    }
    let others: Vec<String> = defs
        .iter()
        .filter(|d| d.0 != chosen)
        .map(|d| format!("{} {}", d.0, d.1.len()))
        .collect();
    let cmp_text = match cmp {
        Comparison::Exactly => "",
        Comparison::AtLeast => "at least ",
        Comparison::AtMost => "at most ",
    };
    let base = format!(
        "{} {what_name} of {} and {} in {from}–{to_year} by the definition {chosen} (claimed: {cmp_text}{claimed}){}",
        items.len(),
        ca.code3(),
        cb.code3(),
        if others.is_empty() {
            String::new()
        } else {
            format!("; other definitions: {}", others.join(", "))
        }
    );
    let verdict = if satisfies(items.len(), claimed, cmp) {
        Verdict::Supported
    } else if let Some(d) = defs.iter().find(|d| satisfies(d.1.len(), claimed, cmp)) {
        return Ok((
            Verdict::Partly,
            format!(
                "{base}; the claimed number holds only by the definition {}",
                d.0
            ),
            items.clone(),
            vec![dataset],
        ));
    } else {
        Verdict::NotSupported
    };
    Ok((verdict, base, items.clone(), vec![dataset]))
}

/// "S-400" and "S-400 Triumf" alike: lower case, letters and digits only.
fn normalized(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn arms_deal(
    session: &Session,
    [s, r]: [&Country; 2],
    designation: &str,
    ordered: Option<i32>,
    delivered: Option<[i32; 2]>,
) -> Result<Outcome> {
    let (lo, hi) = catalogue::SIPRI.years;
    let sources = vec![catalogue::SIPRI.source.to_string()];
    let want = normalized(designation);
    if want.is_empty() {
        return Err(Error::invalid("designation is empty"));
    }
    let deals: Vec<&ties::Deal> = session
        .arms_deals()?
        .iter()
        .filter(|d| d.supplier_cc == Some(s.ccode) && d.recipient_cc == Some(r.ccode))
        .filter(|d| normalized(&d.designation).contains(&want))
        .collect();
    let evidence: Vec<Evidence> = deals
        .iter()
        .map(|d| {
            ev(
                format!(
                    "{} ({}): ordered {}{}, {} delivered in {}{}",
                    d.designation,
                    d.description,
                    d.order_year.map_or("?".into(), |y| y.to_string()),
                    d.number_ordered
                        .as_deref()
                        .map_or(String::new(), |n| format!(" ({n})")),
                    d.number_delivered.as_deref().unwrap_or("none"),
                    if d.delivery_years.is_empty() {
                        "no year".to_string()
                    } else {
                        d.delivery_years
                            .iter()
                            .map(|y| y.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                    if d.comments.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", d.comments)
                    }
                ),
                format!("SIPRI trade register, line {}", d.line),
            )
        })
        .collect();
    let route = format!("{} → {}", s.code3(), r.code3());
    if ordered.is_some_and(|y| y > hi) || delivered.is_some_and(|d| d[1] > hi) {
        return Ok((
            Verdict::CannotCheck,
            format!(
                "the SIPRI register covers orders and deliveries {lo}–{hi}; the claim reaches past {hi}"
            ),
            evidence,
            sources,
        ));
    }
    if deals.is_empty() {
        return Ok((
            Verdict::NotSupported,
            format!(
                "the SIPRI register ({lo}–{hi}) holds no deal {route} whose designation contains '{designation}'"
            ),
            evidence,
            sources,
        ));
    }
    let order_ok = |d: &&ties::Deal| ordered.is_none_or(|y| d.order_year == Some(y));
    let delivery_ok = |d: &&ties::Deal| {
        delivered.is_none_or(|[f, l]| {
            d.delivery_years.first() == Some(&f) && d.delivery_years.last() == Some(&l)
        })
    };
    let describe = |d: &ties::Deal| {
        format!(
            "{} ordered {}, delivered {}",
            d.designation,
            d.order_year.map_or("?".into(), |y| y.to_string()),
            match (d.delivery_years.first(), d.delivery_years.last()) {
                (Some(f), Some(l)) if f == l => f.to_string(),
                (Some(f), Some(l)) => format!("{f}–{l}"),
                _ => "not yet".into(),
            }
        )
    };
    if let Some(d) = deals.iter().find(|d| order_ok(d) && delivery_ok(d)) {
        return Ok((
            Verdict::Supported,
            format!("the SIPRI register holds the deal {route}: {}", describe(d)),
            evidence,
            sources,
        ));
    }
    Ok((
        Verdict::Partly,
        format!(
            "the SIPRI register holds {route} {}, but not with the years claimed",
            deals
                .iter()
                .map(|d| describe(d))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        evidence,
        sources,
    ))
}

fn swap_line(
    session: &Session,
    [ca, cb]: [&Country; 2],
    amount: Option<f64>,
    currency: Option<&str>,
    signed: Option<i32>,
    renewed: &[i32],
) -> Result<Outcome> {
    let (lo, hi) = SWAP_LINE_YEARS;
    let sources = vec![catalogue::SWAP_LINES.source.to_string()];
    let lines: Vec<_> = liquidity_lines(session.data_dir()?, session.registry()?)?
        .into_iter()
        .filter(|l| crate::evidence::between(l.source, l.recipient, ca.ccode, cb.ccode))
        .filter(|l| l.bilateral())
        .collect();
    let evidence: Vec<Evidence> = lines
        .iter()
        .map(|l| {
            ev(
                format!(
                    "{}→{} {} to {}: {} ({})",
                    l.source_code,
                    l.recipient_code,
                    l.start,
                    l.end.map_or("no end".into(), |d| d.to_string()),
                    l.size(),
                    l.action.as_deref().unwrap_or("new")
                ),
                format!(
                    "Bahaj–Fuchs–Reis liquidity lines, deal {} (line {})",
                    l.deal_id, l.line
                ),
            )
        })
        .collect();
    let past: Vec<i32> = signed
        .into_iter()
        .chain(renewed.iter().copied())
        .filter(|y| *y > hi || *y < lo)
        .collect();
    if !past.is_empty() {
        return Ok((
            Verdict::CannotCheck,
            format!("the liquidity-line data cover {lo}–{hi}; the claim names {past:?}"),
            evidence,
            sources,
        ));
    }
    if lines.is_empty() {
        return Ok((
            Verdict::NotSupported,
            format!(
                "no bilateral central-bank liquidity line between {} and {} in {lo}–{hi}",
                ca.code3(),
                cb.code3()
            ),
            evidence,
            sources,
        ));
    }
    let mut held = Vec::new();
    let mut missing = Vec::new();
    let mut note = |ok: bool, what: String| {
        if ok {
            held.push(what)
        } else {
            missing.push(what)
        }
    };
    if let Some(y) = signed {
        note(
            lines.iter().any(|l| l.start.year == y),
            format!("a line signed in {y}"),
        );
    }
    if amount.is_some() || currency.is_some() {
        let ok = lines.iter().any(|l| {
            currency.is_none_or(|c| l.currency.eq_ignore_ascii_case(c))
                && amount.is_none_or(|a| l.amount.is_some_and(|x| (x - a).abs() <= 0.005 * a))
                && signed.is_none_or(|y| l.start.year == y)
        });
        note(
            ok,
            format!(
                "{}{}{}",
                amount.map_or(String::new(), |a| format!("{a} bn ")),
                currency.unwrap_or(""),
                signed.map_or(String::new(), |y| format!(" in {y}"))
            ),
        );
    }
    for y in renewed {
        note(
            lines.iter().any(|l| {
                l.start.year == *y
                    && l.action
                        .as_deref()
                        .is_some_and(|a| a == "renew" || a == "reactivate")
            }),
            format!("a renewal in {y}"),
        );
    }
    let renewals: Vec<String> = lines
        .iter()
        .filter(|l| {
            l.action
                .as_deref()
                .is_some_and(|a| a == "renew" || a == "reactivate")
        })
        .map(|l| l.start.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let summary = format!(
        "{} lines between {} and {} recorded (renewed or reactivated: {})",
        lines.len(),
        ca.code3(),
        cb.code3(),
        if renewals.is_empty() {
            "none".into()
        } else {
            renewals.join(", ")
        }
    );
    let verdict = match (held.is_empty(), missing.is_empty()) {
        (_, true) => Verdict::Supported,
        (false, false) => Verdict::Partly,
        (true, false) => Verdict::NotSupported,
    };
    let finding = match verdict {
        Verdict::Supported => format!("{summary}; the data hold {}", held.join(", ")),
        _ => format!(
            "{summary}; found: {}; not found: {}",
            if held.is_empty() {
                "nothing claimed".into()
            } else {
                held.join(", ")
            },
            missing.join(", ")
        ),
    };
    Ok((verdict, finding, evidence, sources))
}

fn jan1(year: i32) -> Date {
    Date {
        year,
        month: 1,
        day: 1,
    }
}

fn change(
    session: &Session,
    cache: &mut HashMap<(u16, u16), PairMeasures>,
    (a, b): (&str, &str),
    measure: &str,
    before: [i32; 2],
    after: [i32; 2],
    direction: Direction,
) -> Result<Outcome> {
    let [ca, cb] = pair(session, a, b)?;
    let m = pair_measures(session, cache, [ca, cb])?;
    let w = Windows {
        at: jan1(after[0]),
        before: (jan1(before[0]), jan1(before[1] + 1)),
        after: (jan1(after[0]), jan1(after[1] + 1)),
    };
    let sources = vec![measure_source(measure)];
    let span = |p: [i32; 2]| format!("{}–{}", p[0], p[1]);
    let Some((dating, c)) = m.change(measure, &w, defaults::REPS, defaults::SEED)? else {
        let last = m
            .yearly(measure)
            .and_then(|(_, s)| s.last().map(|x| x.0))
            .map_or(String::new(), |y| format!(" (its last year is {y})"));
        return Ok((
            Verdict::CannotCheck,
            format!(
                "{measure} has no data in {} or in {}{last}",
                span(before),
                span(after)
            ),
            Vec::new(),
            sources,
        ));
    };
    let side = |l: &entente_core::shift::Level| match dating {
        Dating::RollCall => format!("{:.3} ({} roll calls)", l.value, l.n),
        _ => format!("{:.3} ({}–{})", l.value, l.first.year, l.last.year),
    };
    let evidence = vec![
        ev(
            format!("before {}: {}", span(before), side(&c.before)),
            measure,
        ),
        ev(
            format!("after {}: {}", span(after), side(&c.after)),
            measure,
        ),
    ];
    let rises = c.difference > 0.0;
    let wanted = direction == Direction::Rise;
    let beyond = c.interval.map(|(lo, hi)| lo > 0.0 || hi < 0.0);
    let short = if dating != Dating::RollCall && c.after.last.year < after[1] {
        format!("; the data end in {}", c.after.last.year)
    } else {
        String::new()
    };
    let iv = c.interval.map_or(String::new(), |(lo, hi)| {
        format!(", 95% {lo:.3} to {hi:.3}")
    });
    let text = format!(
        "{}–{} {measure} went from {} to {} ({:+.3}{iv}){short}",
        ca.code3(),
        cb.code3(),
        side(&c.before),
        side(&c.after),
        c.difference
    );
    let verdict = match (rises == wanted && c.difference != 0.0, beyond) {
        (true, Some(false)) => Verdict::Partly,
        (true, _) => Verdict::Supported,
        (false, _) => Verdict::NotSupported,
    };
    let text = if verdict == Verdict::Partly {
        format!("{text}: the direction holds, but within sampling noise")
    } else {
        text
    };
    Ok((verdict, text, evidence, sources))
}

fn top_partner(
    session: &Session,
    [ca, cb]: [&Country; 2],
    year: i32,
    top: u32,
    mutual: bool,
) -> Result<Outcome> {
    let (lo, hi) = catalogue::IMF_DOTS.years;
    let sources = vec![catalogue::IMF_DOTS.source.to_string()];
    if !(lo..=hi).contains(&year) {
        return Ok((
            Verdict::CannotCheck,
            format!("IMF DOTS trade covers {lo}–{hi}, not {year}"),
            Vec::new(),
            sources,
        ));
    }
    let reports = session.ties()?.trade();
    let reg = session.registry()?;
    let mut codes: Vec<u16> = reg.countries().iter().map(|c| c.ccode).collect();
    codes.sort_unstable();
    codes.dedup();
    // (partner's rank, volume, share of x's trade, partners with trade)
    let rank = |x: u16, y: u16| -> Option<(usize, f64, f64, usize)> {
        let mut vols: Vec<(u16, f64)> = codes
            .iter()
            .filter(|&&c| c != x)
            .filter_map(|&c| {
                let t = reports.dyad_year(x, c, year)?;
                let v = t.a_to_b.map_or(0.0, |f| f.0) + t.b_to_a.map_or(0.0, |f| f.0);
                (v > 0.0).then_some((c, v))
            })
            .collect();
        vols.sort_by(|p, q| q.1.total_cmp(&p.1));
        let total: f64 = vols.iter().map(|v| v.1).sum();
        let k = vols.iter().position(|v| v.0 == y)?;
        Some((k + 1, vols[k].1, vols[k].1 / total, vols.len()))
    };
    let mut evidence = Vec::new();
    let mut within = Vec::new();
    let mut text = Vec::new();
    let directions: Vec<(&Country, &Country)> = if mutual {
        vec![(ca, cb), (cb, ca)]
    } else {
        vec![(ca, cb)]
    };
    for (x, y) in directions {
        match rank(x.ccode, y.ccode) {
            Some((k, v, share, n)) => {
                let line = format!(
                    "{} is {}'s trade partner no. {k} of {n} in {year} (US$ {:.1} bn, {:.1}% of {}'s goods trade)",
                    y.code3(),
                    x.code3(),
                    v / 1000.0,
                    share * 100.0,
                    x.code3()
                );
                evidence.push(ev(line.clone(), "IMF DOTS"));
                text.push(line);
                within.push(k as u32 <= top);
            }
            None => {
                text.push(format!(
                    "no trade of {} with {} in {year}",
                    x.code3(),
                    y.code3()
                ));
                within.push(false);
            }
        }
    }
    let verdict = if within.iter().all(|w| *w) {
        Verdict::Supported
    } else if within.iter().any(|w| *w) {
        Verdict::Partly
    } else {
        Verdict::NotSupported
    };
    Ok((
        verdict,
        format!("{} (claimed: within the top {top})", text.join("; ")),
        evidence,
        sources,
    ))
}

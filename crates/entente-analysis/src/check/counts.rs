//! Count claims: exercises, arms deals, disputes and roll calls in a period, under every
//! definition the data allow.

use std::collections::BTreeMap;

use entente_core::Country;
use entente_sources::catalogue;
use entente_sources::claims::{Comparison, Countable};
use entente_sources::ties::sourced_exercises::{
    CHINA_RUSSIA_EXERCISE_YEARS, SourcedExercise, china_russia_exercises,
};
use entente_sources::ties::{self, MID_YEARS, MME_YEARS};

use super::{Evidence, Outcome, Verdict, ev};
use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;

/// Whether `n` satisfies the claimed number.
pub(super) fn satisfies(n: usize, claimed: u32, cmp: Comparison) -> bool {
    let (n, c) = (n as u64, u64::from(claimed));
    match cmp {
        Comparison::Exactly => n == c,
        Comparison::AtLeast => n >= c,
        Comparison::AtMost => n <= c,
    }
}

/// Counted items under each definition: (definition, items (text, source)).
type Definitions = Vec<(&'static str, Vec<Evidence>)>;

pub(super) fn count_claim(
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
            // MME counts exercises per dyad-year: one evidence item per exercise.
            let expanded: Vec<Evidence> = (from..=to.min(MME_YEARS.1))
                .filter_map(|y| Some((y, t.dyad_year(a, b, y).mme_exercises?)))
                .flat_map(|(y, n)| {
                    std::iter::repeat_n(ev(format!("an exercise in {y}"), "MME v7"), n as usize)
                })
                .collect();
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

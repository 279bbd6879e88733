//! The brief's sections on ties beyond the UN: military (ATOP, SIPRI, MME, COW MID),
//! economic (IMF DOTS, GSDB, AidData), the relationship index and news events.

use entente_core::Country;
use entente_core::events::{Period, Weight};
use entente_report::brief::{
    AllianceYear, ArmsYear, Contribution, Deal, Dispute, EconomicInput, EventPeriod, EventsInput,
    Exercise, FinanceRow, IndexInput, MilitaryInput, SanctionRow, ScatterPoint, ScoreYear,
    TradeRow,
};
use entente_sources::ties::sourced_exercises::{
    CHINA_RUSSIA_EXERCISE_YEARS, SourcedExercise, china_russia_exercises,
};
use entente_sources::ties::{
    self, AIDDATA_LENDER, AIDDATA_YEARS, ATOP_YEARS, MID_YEARS, MME_YEARS, OBLIGATIONS,
    SIPRI_DYAD_YEARS, TRADE_YEARS, chinese_finance,
};

use crate::defaults;
use crate::error::Result;
use crate::evidence::between;
use crate::profile::{ProfileRequest, clip_years, profile};
use crate::session::Session;

/// The largest deals the brief lists per decade of order year (so that the systems of the
/// last decade — the S-400, the Su-35 — are not crowded out by the larger deals of the
/// 1990s), and in all.
const DEALS_PER_DECADE: usize = 3;
const DEALS_SHOWN: usize = 12;

/// Whether a deal is a component fitted to the buyer's own platforms (an engine or a
/// radar) rather than a weapon system, by SIPRI's description.
fn component(d: &Deal) -> bool {
    const WORDS: [&str; 6] = [
        "engine",
        "turbofan",
        "turbojet",
        "turboshaft",
        "gas turbine",
        "radar",
    ];
    let text = d.description.to_lowercase();
    WORDS.iter().any(|w| text.contains(w))
}

/// The largest deals by delivered value in each decade of order year — weapon systems
/// before components (engines, radars), which SIPRI counts as deals of their own —,
/// latest decades first when there are more than [`DEALS_SHOWN`]; listed by order year.
fn main_deals(mut deals: Vec<Deal>) -> Vec<Deal> {
    deals.sort_by(|x, y| {
        component(x)
            .cmp(&component(y))
            .then(y.tiv_delivered.total_cmp(&x.tiv_delivered))
            .then(x.order_year.cmp(&y.order_year))
            .then(x.designation.cmp(&y.designation))
    });
    let decade = |d: &Deal| d.order_year.map(|y| y.div_euclid(10));
    let mut decades: Vec<Option<i32>> = deals.iter().map(decade).collect();
    decades.sort_unstable();
    decades.dedup();
    let mut chosen: Vec<Deal> = Vec::new();
    for dec in decades.into_iter().rev() {
        let room = DEALS_SHOWN
            .saturating_sub(chosen.len())
            .min(DEALS_PER_DECADE);
        let picked: Vec<Deal> = deals
            .iter()
            .filter(|d| decade(d) == dec)
            .take(room)
            .cloned()
            .collect();
        chosen.extend(picked);
    }
    chosen.sort_by(|x, y| {
        x.order_year
            .cmp(&y.order_year)
            .then(y.tiv_delivered.total_cmp(&x.tiv_delivered))
    });
    chosen
}

/// "CHN→RUS".
fn direction(x: &Country, y: &Country) -> String {
    format!("{}→{}", x.code3(), y.code3())
}

/// The pair's military ties from ATOP, SIPRI and MME, within each dataset's coverage.
pub fn military(
    session: &Session,
    [a, b]: [&Country; 2],
    from: i32,
    to: i32,
) -> Result<MilitaryInput> {
    let data = session.data_dir()?;
    let reg = session.registry()?;
    let names = |o: Option<[bool; 5]>| -> Vec<String> {
        o.map(|o| {
            OBLIGATIONS
                .iter()
                .zip(o)
                .filter(|(_, on)| *on)
                .map(|(n, _)| n.to_string())
                .collect()
        })
        .unwrap_or_default()
    };
    let tables = session.ties()?;
    let alliances = (from.max(ATOP_YEARS.0)..=to.min(ATOP_YEARS.1))
        .map(|year| {
            let t = tables.dyad_year(a.ccode, b.ccode, year);
            AllianceYear {
                year,
                a_to_b: names(t.atop_ab),
                b_to_a: names(t.atop_ba),
            }
        })
        .collect();
    let arms = (from.max(SIPRI_DYAD_YEARS.0)..=to.min(SIPRI_DYAD_YEARS.1))
        .map(|year| {
            let t = tables.dyad_year(a.ccode, b.ccode, year);
            ArmsYear {
                year,
                a_to_b: t.arms_ab.unwrap_or(0.0),
                b_to_a: t.arms_ba.unwrap_or(0.0),
            }
        })
        .collect();
    let deals: Vec<Deal> = session
        .arms_deals()?
        .iter()
        .filter(|d| {
            between(d.supplier_cc, d.recipient_cc, a.ccode, b.ccode)
                && d.order_year.is_some_and(|y| (from..=to).contains(&y))
        })
        .map(|d| Deal {
            direction: if d.supplier_cc == Some(a.ccode) {
                direction(a, b)
            } else {
                direction(b, a)
            },
            order_year: d.order_year,
            designation: d.designation.clone(),
            description: d.description.clone(),
            tiv_delivered: d.tiv_delivered.unwrap_or(0.0),
        })
        .collect();
    let deals = main_deals(deals);
    // For China and Russia the sourced list (2003–2025) replaces MME from 2003 on: MME
    // ends in 2010, and one source per year keeps the count from mixing lists.
    let sourced = SourcedExercise::covers(a.ccode, b.ccode);
    let list_from = CHINA_RUSSIA_EXERCISE_YEARS.0;
    let mut exercises: Vec<Exercise> = ties::mme(data, reg)?
        .into_iter()
        .filter(|e| {
            (from..=to).contains(&e.year)
                && !(sourced && e.year >= list_from)
                && e.participant_cc.contains(&Some(a.ccode))
                && e.participant_cc.contains(&Some(b.ccode))
        })
        .map(|e| Exercise {
            year: e.year,
            name: e.name,
            source: format!("MME v7 {}", e.id),
        })
        .collect();
    if sourced {
        exercises.extend(
            china_russia_exercises(data)?
                .into_iter()
                .filter(|e| (from..=to).contains(&e.year))
                .map(|e| Exercise {
                    year: e.year,
                    name: e.name,
                    source: format!("China–Russia exercise list, line {}", e.line),
                }),
        );
    }
    let (exercise_years, exercise_source) = if sourced {
        (
            (MME_YEARS.0, CHINA_RUSSIA_EXERCISE_YEARS.1),
            format!(
                "MME v7 {}–{}, the sourced China–Russia list {}–{}",
                MME_YEARS.0,
                list_from - 1,
                list_from,
                CHINA_RUSSIA_EXERCISE_YEARS.1
            ),
        )
    } else {
        (
            MME_YEARS,
            format!("MME v7, {}–{}", MME_YEARS.0, MME_YEARS.1),
        )
    };
    let mid_end = to.min(MID_YEARS.1);
    let disputes = ties::mids(data, a.ccode, b.ccode)?
        .into_iter()
        .filter(|d| (from..=mid_end).contains(&d.year))
        .map(|d| Dispute {
            year: d.year,
            dispute: d.dispute,
            hostility: d.hostility,
            level: ties::HOSTILITY[usize::from(d.hostility - 1)].to_string(),
        })
        .collect();
    let mid_start = from.max(MID_YEARS.0);
    let dispute_years = (mid_start <= mid_end).then_some((mid_start, mid_end));
    let mut coverage = Vec::new();
    if to > MID_YEARS.1 {
        coverage.push(format!(
            "COW MID ends in {}: disputes are searched to {}, not to {to}.",
            MID_YEARS.1, MID_YEARS.1
        ));
    }
    if to > ATOP_YEARS.1 {
        coverage.push(format!(
            "ATOP ends in {}: alliance obligations are shown to {}, not to {to}.",
            ATOP_YEARS.1, ATOP_YEARS.1
        ));
    }
    if to > SIPRI_DYAD_YEARS.1 {
        coverage.push(format!(
            "SIPRI's yearly volumes used here end in {}; deals ordered to {to} come from the register.",
            SIPRI_DYAD_YEARS.1
        ));
    }
    if to > exercise_years.1 {
        coverage.push(format!(
            "Exercises: {exercise_source}; later exercises are not in the data."
        ));
    }
    Ok(MilitaryInput {
        alliances,
        arms,
        deals,
        exercises,
        disputes,
        dispute_years,
        exercise_years,
        exercise_source,
        coverage,
    })
}

/// Goods trade (IMF DOTS) between the pair and each side's dependence, sanction cases
/// between them (GSDB) and Chinese official finance (AidData) when one side is China.
pub fn economic(
    session: &Session,
    [a, b]: [&Country; 2],
    from: i32,
    to: i32,
) -> Result<EconomicInput> {
    let data = session.data_dir()?;
    let sources = session.ties()?;
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
    if to > TRADE_YEARS.1 {
        coverage.push(format!(
            "IMF DOTS here ends in {}: trade is shown to {}, not to {to}.",
            TRADE_YEARS.1, TRADE_YEARS.1
        ));
    }
    let mut finance = None;
    for (lender, recipient) in [(a, b), (b, a)] {
        if lender.ccode != AIDDATA_LENDER {
            continue;
        }
        let rows: Vec<FinanceRow> = chinese_finance(data, recipient.ccode)?
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
            finance = Some((direction(lender, recipient), recipient.name.clone(), rows));
            coverage.push(format!(
                "Chinese official finance: commitments in AidData's Global Chinese Development Finance data, {}–{}; years without a row had none recorded.",
                AIDDATA_YEARS.0, AIDDATA_YEARS.1
            ));
        }
    }
    let mut sanctions = Vec::new();
    for (x, y) in [(a, b), (b, a)] {
        for k in sources.sanction_cases(x.ccode, y.ccode, from..=to) {
            let c = &sources.sanctions[k];
            sanctions.push(SanctionRow {
                direction: direction(x, y),
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

/// The relationship index over the years shown (within the index's years) and the
/// contributions in the latest year with an index.
pub fn index(
    session: &Session,
    [a, b]: [u16; 2],
    from: i32,
    to: i32,
    seed: u64,
) -> Result<Option<IndexInput>> {
    let Some((from, to)) = clip_years(from, to) else {
        return Ok(None);
    };
    let prof = profile(
        session,
        a,
        b,
        &ProfileRequest {
            from,
            to,
            reps: defaults::INDEX_REPS,
            seed,
            ..ProfileRequest::default()
        },
    )?;
    let notes = prof.coverage_notes();
    let Some((contributions_year, contributions)) = prof.contributions else {
        return Ok(None);
    };
    let scatter_year = prof
        .years
        .iter()
        .rev()
        .find(|p| p.scores.alignment.value.is_some() && p.scores.intensity.value.is_some())
        .map_or(contributions_year, |p| p.year);
    let reg = session.registry()?;
    let scatter = crate::profile::partners(session, a, scatter_year, &prof.weights)?
        .into_iter()
        .filter_map(|p| {
            Some(ScatterPoint {
                code: reg.by_ccode(p.ccode)?.code3().to_string(),
                alignment: p.alignment?,
                intensity: p.intensity?,
            })
        })
        .collect();
    Ok(Some(IndexInput {
        years: prof
            .years
            .iter()
            .map(|p| ScoreYear {
                year: p.year,
                alignment: p.scores.alignment.value,
                alignment_interval: p.intervals[0],
                intensity: p.scores.intensity.value,
                intensity_interval: p.intervals[1],
                dimensions: p.scores.alignment.dimensions,
                hostility: Some(p.components[entente_core::index::GATE]).filter(|v| !v.is_nan()),
                coverage: [p.scores.alignment.coverage, p.scores.intensity.coverage],
            })
            .collect(),
        contributions_year,
        contributions: contributions
            .into_iter()
            .map(|c| Contribution {
                score: c.score.name().to_string(),
                dimension: c.dimension.to_string(),
                component: c.component.to_string(),
                value: c.value,
                component_score: c.component_score,
                contribution: c.contribution,
            })
            .collect(),
        composition_changes: prof.composition_changes[0].clone(),
        source_ends: notes,
        scatter_year,
        scatter,
    }))
}

/// Yearly events between the two from the event store (None when it is empty).
pub fn events(
    session: &Session,
    [a, b]: [u16; 2],
    from: i32,
    to: i32,
) -> Result<Option<EventsInput>> {
    let Some(found) = crate::events::pair_events(session, a, b, Period::Year, (from, to), false)?
    else {
        return Ok(None);
    };
    // How much of the years the ingested files touch they cover, day by day.
    let volume = crate::events::event_volume(session)?;
    let (lo, hi) = (
        from.max(0) as u32 * 10_000 + 101,
        to.max(0) as u32 * 10_000 + 1231,
    );
    let days: Vec<u32> = volume.range(lo..=hi).map(|(d, _)| *d).collect();
    let days_in_years = match (days.first(), days.last()) {
        (Some(f), Some(l)) => {
            let (y0, y1) = ((f / 10_000) as i32, (l / 10_000) as i32);
            let jan1 = |y: i32| entente_core::Date::new(y, 1, 1).map_or(0, |d| d.to_days());
            (jan1(y1 + 1) - jan1(y0)).max(0) as u64
        }
        _ => 0,
    };
    Ok(Some(EventsInput {
        days_covered: days.len() as u64,
        days_in_years,
        min_coverage: crate::defaults::EVENT_MIN_COVERAGE,
        periods: found
            .periods
            .iter()
            .map(|(label, s)| {
                let m = s.measures(Weight::Events);
                EventPeriod {
                    period: label.clone(),
                    events: s.events,
                    quad: s.quad,
                    goldstein_mean: m.goldstein_mean,
                    net_cooperation: m.net_cooperation,
                }
            })
            .collect(),
        files: found.files,
        rows: found.rows,
    }))
}

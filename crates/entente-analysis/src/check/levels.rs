//! Claims about a measure's level and change: highest or lowest since a year, a rise or
//! fall between two periods.

use std::collections::HashMap;

use entente_core::shift::{Dated, Windows};
use entente_core::since::{Observation, standing};
use entente_core::{Country, Date};
use entente_sources::claims::Direction;

use super::{Outcome, Verdict, ev, pair, pair_measures};
use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;
use crate::shift::{Dating, PairMeasures};

/// Where a measure comes from, for the sources column.
pub(super) fn measure_source(measure: &str) -> String {
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
pub(super) fn yearly_series(
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

pub(super) fn since_claim(
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

pub(super) fn jan1(year: i32) -> Date {
    Date {
        year,
        month: 1,
        day: 1,
    }
}

pub(super) fn change(
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

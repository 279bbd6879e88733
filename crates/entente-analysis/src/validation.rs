//! Does a score mean what its name says? (docs/validation.md) Two checks anyone can
//! rerun: a face-validity table of well-known pairs (allies should stand near the
//! top of the year's dyads, rivals and states at war near the bottom), and how well
//! the score separates a list of rival dyads from the other dyads of states that have
//! a rival (AUC; 0.5 is chance).

use std::collections::{HashMap, HashSet};

use entente_core::index::{Kind, Weights, auc};
use entente_sources::rivalries::Rivalry;
use rayon::prelude::*;

use crate::error::Result;
use crate::profile::{YearIndex, year_index};
use crate::session::Session;

/// The pairs of the face-validity table: allies, partners, rivals and states at war
/// that every reader can place.
pub const FACE_PAIRS: [(&str, &str); 14] = [
    ("United States", "United Kingdom"),
    ("France", "Germany"),
    ("United States", "Japan"),
    ("China", "Russia"),
    ("India", "Pakistan"),
    ("Israel", "Iran"),
    ("Russia", "Ukraine"),
    ("North Korea", "South Korea"),
    ("Greece", "Turkey"),
    ("China", "Japan"),
    ("China", "India"),
    ("Armenia", "Azerbaijan"),
    ("Russia", "Georgia"),
    ("United States", "Cuba"),
];

/// The years of the face-validity table.
pub const FACE_YEARS: [i32; 5] = [1985, 2000, 2010, 2020, 2023];

/// The years of the separation check.
pub const RIVAL_YEARS: [i32; 4] = [1985, 2000, 2010, 2020];

/// One pair in one year.
#[derive(Clone, Debug)]
pub struct FaceRow {
    pub year: i32,
    pub a: u16,
    pub b: u16,
    pub alignment: Option<f64>,
    pub intensity: Option<f64>,
    /// Share of the year's dyads with an alignment below this one (mid-rank), 0–1.
    pub alignment_percentile: Option<f64>,
    /// Dyads with an alignment that year.
    pub dyads: usize,
}

/// The scores of every dyad of each year, computed once per year (years in parallel).
fn years(session: &Session, years: &[i32], w: &Weights) -> Result<HashMap<i32, YearIndex>> {
    years
        .par_iter()
        .map(|&y| Ok((y, year_index(session, y, w)?)))
        .collect()
}

/// Mid-rank percentile of `v` among `all`.
fn percentile(all: &[f64], v: f64) -> f64 {
    let below = all.iter().filter(|&&x| x < v).count() as f64;
    let equal = all.iter().filter(|&&x| x == v).count() as f64;
    (below + 0.5 * equal) / all.len() as f64
}

/// The face-validity table: each pair's scores and standing in each year (a pair with
/// a state not in the system that year is left out).
pub fn face_validity(
    session: &Session,
    pairs: &[(u16, u16)],
    year_list: &[i32],
    w: &Weights,
) -> Result<Vec<FaceRow>> {
    let by_year = years(session, year_list, w)?;
    let mut out = Vec::new();
    for &year in year_list {
        let yi = &by_year[&year];
        let values: Vec<f64> = yi.values(Kind::Alignment).into_iter().flatten().collect();
        let at: HashMap<(u16, u16), usize> =
            yi.dyads.iter().enumerate().map(|(i, d)| (*d, i)).collect();
        for &(a, b) in pairs {
            let Some(&i) = at.get(&(a.min(b), a.max(b))) else {
                continue;
            };
            let s = &yi.scores[i];
            out.push(FaceRow {
                year,
                a,
                b,
                alignment: s.alignment.value,
                intensity: s.intensity.value,
                alignment_percentile: s.alignment.value.map(|v| percentile(&values, v)),
                dyads: values.len(),
            });
        }
    }
    Ok(out)
}

/// How well one score separates rival dyads from the other dyads of their states.
#[derive(Clone, Debug)]
pub struct Separation {
    pub year: i32,
    pub score: Kind,
    /// Rival dyads active that year with the score, and without it.
    pub rivals: usize,
    pub rivals_missing: usize,
    /// Other dyads of states with a rival that year, with the score.
    pub others: usize,
    /// P(other dyad scores above a rival dyad), ties ½ (None: a group is empty).
    pub auc: Option<f64>,
    /// The rival dyads' median score and the others'.
    pub rivals_median: Option<f64>,
    pub others_median: Option<f64>,
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(entente_core::agreement::quantile(v, 0.5))
}

/// The separation of the rivalries active in each year, for one score.
pub fn separation(
    session: &Session,
    rivals: &[Rivalry],
    year_list: &[i32],
    kind: Kind,
    w: &Weights,
) -> Result<Vec<Separation>> {
    let by_year = years(session, year_list, w)?;
    let mut out = Vec::new();
    for &year in year_list {
        let yi = &by_year[&year];
        let active: HashSet<(u16, u16)> = rivals
            .iter()
            .filter(|r| r.active(year))
            .map(|r| (r.a, r.b))
            .collect();
        let states: HashSet<u16> = active.iter().flat_map(|&(a, b)| [a, b]).collect();
        let (mut rival, mut other) = (Vec::new(), Vec::new());
        let mut seen = HashSet::new();
        let mut rivals_missing = 0;
        for (d, s) in yi.dyads.iter().zip(&yi.scores) {
            let v = s.get(kind).value;
            if active.contains(d) {
                seen.insert(*d);
                match v {
                    Some(v) => rival.push(v),
                    None => rivals_missing += 1,
                }
            } else if (states.contains(&d.0) || states.contains(&d.1))
                && let Some(v) = v
            {
                other.push(v);
            }
        }
        // Rival dyads of states not in the system that year have no score either.
        rivals_missing += active.len() - seen.len();
        out.push(Separation {
            year,
            score: kind,
            rivals: rival.len(),
            rivals_missing,
            others: other.len(),
            auc: auc(&rival, &other),
            rivals_median: median(&mut rival),
            others_median: median(&mut other),
        });
    }
    Ok(out)
}

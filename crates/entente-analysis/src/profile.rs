//! A dyad's alignment and intensity over years (docs/index.md): the inputs from the
//! session, the years checked against what the scores cover, the contributions in the
//! latest year with a score, and where each source ends. `entente profile`, the brief
//! and the dashboard render this one result.

use entente_core::index::profile::{Inputs, ProfileYear, common_weights, composition_changes};
use entente_core::index::{C, COMPONENTS, GATE, INDICATORS, Kind, Scores, Weights};
use entente_sources::catalogue;

use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;

/// What to compute.
#[derive(Clone, Debug)]
pub struct ProfileRequest {
    pub from: i32,
    pub to: i32,
    pub weights: Weights,
    /// Use only the components present in every year (one composition throughout).
    pub common: bool,
    /// Bootstrap replicates for the intervals (0: none).
    pub reps: usize,
    pub seed: u64,
}

impl Default for ProfileRequest {
    fn default() -> Self {
        ProfileRequest {
            from: defaults::INDEX_YEARS.0,
            to: defaults::INDEX_YEARS.1,
            weights: Weights::default(),
            common: false,
            reps: defaults::INDEX_REPS,
            seed: defaults::SEED,
        }
    }
}

/// One component's part of a score in a year.
#[derive(Clone, Debug)]
pub struct Contribution {
    pub score: Kind,
    pub dimension: &'static str,
    pub component: &'static str,
    /// The raw indicator it is computed from, and its value (None: missing).
    pub indicator: &'static str,
    pub value: Option<f64>,
    /// The component's score (alignment −1 … 1, intensity 0 … 1; None: missing).
    pub component_score: Option<f64>,
    /// Its nominal weight in the score (0 for the hostility gate).
    pub weight: f64,
    pub contribution: Option<f64>,
}

/// Where a source of the scores ends, and what that means for the years after it.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceEnd {
    pub source: &'static str,
    pub last_year: i32,
    /// What changes after `last_year`.
    pub after: &'static str,
}

impl SourceEnd {
    /// "COW MID (…) ends in 2014: …".
    pub fn sentence(&self) -> String {
        format!(
            "{} ends in {}: after it {}.",
            self.source, self.last_year, self.after
        )
    }
}

/// A dyad's alignment and intensity over years.
#[derive(Clone, Debug)]
pub struct Profile {
    pub years: Vec<ProfileYear>,
    /// The weights used (with `common`, the components absent in some year are 0).
    pub weights: Weights,
    /// The latest year with a score and each component's contribution in it (the
    /// components with weight, and the hostility gate).
    pub contributions: Option<(i32, Vec<Contribution>)>,
    /// Years in which the set of components used changes: alignment, intensity.
    pub composition_changes: [Vec<i32>; 2],
    /// Sources that end before the last year asked for.
    pub source_ends: Vec<SourceEnd>,
    /// Datasets whose files are missing from the data folder (their components are
    /// missing in every year).
    pub absent: Vec<&'static str>,
}

impl Profile {
    /// One sentence per source that ends within the years and per dataset missing from
    /// the data folder: the notes every output of the scores carries.
    pub fn coverage_notes(&self) -> Vec<String> {
        self.absent
            .iter()
            .map(|d| {
                format!(
                    "{d} is missing from the data folder: its components are missing (not 0) in every year; entente sources lists the files."
                )
            })
            .chain(self.source_ends.iter().map(SourceEnd::sentence))
            .collect()
    }
}

/// Every source of the scores with its last year, in the order they end.
pub fn source_ends() -> Vec<SourceEnd> {
    let mut v = vec![
        SourceEnd {
            source: "COW MID (militarized disputes)",
            last_year: catalogue::COW_MID.years.1,
            after: "hostility is armed conflict (UCDP, ≥ 25 battle deaths) and the fading memory of earlier disputes; lesser disputes are not seen",
        },
        SourceEnd {
            source: "COW IGO",
            last_year: catalogue::COW_IGO.years.1,
            after: "shared IGOs leave the intensity",
        },
        SourceEnd {
            source: "ICEWS events",
            last_year: catalogue::ICEWS.years.1,
            after: "event tone leaves the alignment and event volume the intensity",
        },
        SourceEnd {
            source: "ATOP alliances",
            last_year: catalogue::ATOP.years.1,
            after: "the obligations in force then are carried for up to 6 years",
        },
        SourceEnd {
            source: "IMF DOTS trade",
            last_year: catalogue::IMF_DOTS.years.1,
            after: "trade leaves the intensity",
        },
        SourceEnd {
            source: "SIPRI dyad-year arms transfers",
            last_year: entente_sources::ties::SIPRI_DYAD_YEARS.1,
            after: "arms supply leaves the alignment and arms volume the intensity",
        },
        SourceEnd {
            source: "GSDB sanctions",
            last_year: catalogue::GSDB.years.1,
            after: "the cases ongoing then are carried for up to 6 years",
        },
        SourceEnd {
            source: "UCDP armed conflict",
            last_year: catalogue::UCDP.years.1,
            after: "there is no hostility evidence and so no alignment",
        },
    ];
    v.sort_by_key(|e| e.last_year);
    v
}

/// One line naming where every source of the scores ends ("COW MID 2014, …"), for the
/// outputs that show scores of many pairs or years.
pub fn source_ends_line() -> String {
    let ends: Vec<String> = source_ends()
        .iter()
        .map(|e| {
            let carried = if e.after.contains("carried") {
                " (carried)"
            } else {
                ""
            };
            format!("{} {}{carried}", e.source, e.last_year)
        })
        .collect();
    format!(
        "Sources of the scores end in different years: {}; docs/index.md says what changes after each.",
        ends.join(", ")
    )
}

/// `from`–`to` within the scores' years, or an invalid request saying which they are.
pub fn check_years(from: i32, to: i32) -> Result<()> {
    let (lo, hi) = defaults::INDEX_YEARS;
    if from > to {
        return Err(Error::invalid(format!("--from {from} is after --to {to}")));
    }
    if from < lo || to > hi {
        return Err(Error::invalid(format!(
            "entente scores the years {lo}–{hi} (UN votes begin in {lo}; armed-conflict data, which alignment needs, end in {hi})"
        )));
    }
    Ok(())
}

/// `from`–`to` clipped to the scores' years (None: no overlap).
pub fn clip_years(from: i32, to: i32) -> Option<(i32, i32)> {
    let (lo, hi) = defaults::INDEX_YEARS;
    let (f, t) = (from.max(lo), to.min(hi));
    (f <= t).then_some((f, t))
}

impl Session {
    /// What the scores are computed from (loads votes, ideal points and tie datasets).
    pub fn index_inputs(&self) -> Result<Inputs<'_>> {
        Ok(Inputs {
            registry: self.registry()?,
            blocks: self.ga_years()?.iter().map(|b| (b.year, b)).collect(),
            ideal: self.ideal_map()?,
            ties: self.ties()?,
            references: None,
        })
    }
}

/// The alignment and intensity of `a` and `b` over the request's years.
pub fn profile(session: &Session, a: u16, b: u16, req: &ProfileRequest) -> Result<Profile> {
    check_years(req.from, req.to)?;
    if req.reps > defaults::MAX_REPS {
        return Err(Error::invalid(format!(
            "at most {} bootstrap replicates, not {}",
            defaults::MAX_REPS,
            req.reps
        )));
    }
    let inputs = Inputs {
        references: Some(session.index_references()?),
        ..session.index_inputs()?
    };
    let years: Vec<i32> = (req.from..=req.to).collect();
    let boot = entente_core::agreement::Bootstrap {
        seed: req.seed,
        ..defaults::bootstrap(req.reps)
    };
    let mut weights = req.weights.clone();
    let mut prof = inputs.profile(a, b, &years, &weights, &boot);
    if req.common {
        weights = common_weights(&prof, &weights).ok_or_else(|| {
            Error::invalid("no component is present in every year asked for; narrow --from/--to")
        })?;
        prof = inputs.profile(a, b, &years, &weights, &boot);
    }
    let nominal = weights.nominal();
    let contributions = prof
        .iter()
        .rev()
        .find(|p| p.scores.alignment.value.is_some() || p.scores.intensity.value.is_some())
        .map(|p| {
            let rows = (0..C)
                .filter(|&k| weights.component[k] > 0.0 || k == GATE)
                .map(|k| {
                    let c = &COMPONENTS[k];
                    Contribution {
                        score: c.kind,
                        dimension: c.dimension.name(),
                        component: c.key,
                        indicator: INDICATORS[c.raw].key,
                        value: Some(p.raw[c.raw]).filter(|v| !v.is_nan()),
                        component_score: Some(p.components[k]).filter(|v| !v.is_nan()),
                        weight: nominal[k],
                        contribution: p.scores.get(c.kind).contributions[k],
                    }
                })
                .collect();
            (p.year, rows)
        });
    Ok(Profile {
        composition_changes: Kind::ALL.map(|k| composition_changes(&prof, &weights, k)),
        years: prof,
        weights,
        contributions,
        source_ends: source_ends()
            .into_iter()
            .filter(|e| e.last_year < req.to)
            .collect(),
        absent: session.absent_tie_datasets()?,
    })
}

/// Components with weight (and the hostility gate) that are missing in a year, both
/// scores' (their keys, alignment's first).
pub fn missing(p: &ProfileYear, w: &Weights) -> Vec<&'static str> {
    (0..C)
        .filter(|&k| w.component[k] > 0.0 || k == GATE)
        .filter(|&k| p.components[k].is_nan())
        .map(|k| COMPONENTS[k].key)
        .collect()
}

/// Every dyad of states in the system in one year: raw indicators and both scores.
#[derive(Clone, Debug)]
pub struct YearIndex {
    pub year: i32,
    /// (lower COW code, higher COW code).
    pub dyads: Vec<(u16, u16)>,
    pub raw: Vec<[f64; entente_core::index::N]>,
    pub scores: Vec<Scores>,
}

impl YearIndex {
    /// One score of every dyad (None: missing), in `dyads` order.
    pub fn values(&self, kind: Kind) -> Vec<Option<f64>> {
        self.scores.iter().map(|s| s.get(kind).value).collect()
    }
}

/// Both scores of every dyad of `year` (no intervals). The year's references come
/// from the derived cache when held.
pub fn year_index(session: &Session, year: i32, weights: &Weights) -> Result<YearIndex> {
    use rayon::prelude::*;
    check_years(year, year)?;
    let panel = session.index_inputs()?.panel(year);
    let held = session.index_references()?.get(year);
    let computed;
    let refs = match held {
        Some(r) => r,
        None => {
            computed = panel.references();
            computed.as_slice()
        }
    };
    let scores = panel
        .values
        .par_iter()
        .map(|raw| entente_core::index::scores(raw, refs, weights))
        .collect();
    Ok(YearIndex {
        year,
        dyads: panel.dyads,
        raw: panel.values,
        scores,
    })
}

/// One partner's scores with a state in a year.
#[derive(Clone, Debug)]
pub struct PartnerScores {
    pub ccode: u16,
    pub alignment: Option<f64>,
    pub intensity: Option<f64>,
}

/// Both scores of `a` with every other state in the system in `year` (the scatter of
/// alignment × intensity in the brief and the dashboard), in COW-code order.
pub fn partners(
    session: &Session,
    a: u16,
    year: i32,
    weights: &Weights,
) -> Result<Vec<PartnerScores>> {
    check_years(year, year)?;
    let inputs = Inputs {
        references: Some(session.index_references()?),
        ..session.index_inputs()?
    };
    Ok(inputs
        .partners(a, year, weights)
        .into_iter()
        .map(|(ccode, s)| PartnerScores {
            ccode,
            alignment: s.alignment.value,
            intensity: s.intensity.value,
        })
        .collect())
}

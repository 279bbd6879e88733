//! Bargaining scenarios from data (`entente scenario`): positions from the states' votes
//! on a chosen set of General Assembly roll calls, salience from how often they took a
//! side on them, capabilities from COW NMC's CINC; each number with its provenance.
//!
//! Positions. Each chosen roll call codes a vote yes 1, abstain ½, no 0. Without poles
//! a state's position is the mean of its codes (its support for the resolutions),
//! scaled to the scenario's range. With poles (two states, the low and the high end)
//! only the roll calls on which the poles voted differently are used, and a state's
//! vote on one is placed on the segment from the low pole's vote to the high pole's:
//! t = (v − v_low) / (v_high − v_low), clamped to 0–1 — so a resolution the high pole
//! opposed counts in reverse. The position is the mean t scaled to the range; its
//! uncertainty (`position_sd`) the standard error of that mean over the roll calls.
//!
//! Salience: the share of the chosen roll calls (on which the state has a record) on
//! which it voted yes or no rather than abstaining or being absent — a proxy for how
//! much the issue matters to it; `salience_sd` its binomial standard error.
//!
//! Capabilities: CINC of the year asked for (`cinc:YEAR`, within the NMC file's years),
//! or by default of the last year of the chosen votes — for years after the NMC file
//! ends (2022 for v7) its last year is carried forward and said so (material
//! capabilities move slowly: the correlation of CINC with its value ten years earlier
//! is printed with the scenario).

use std::collections::{BTreeMap, HashSet};

use entente_core::bargain::Actor;
use entente_core::bargain::montecarlo::{Spread, UncertainActor};
use entente_core::stats::{mean_se, pearson};
use entente_core::votes::{Body, Issue, RollCall, Vote};
use entente_sources::scenario::{Provenance, Scenario, ScenarioActor};

use crate::error::{Error, Result};
use crate::session::Session;

/// The most actors `--top` may ask for.
pub const MAX_TOP: usize = 200;

/// Which CINC year gives the capabilities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CapabilityYear {
    /// The last year of the chosen votes (the NMC file's last year carried forward for
    /// later years).
    #[default]
    OfVotes,
    /// This year; an error outside the NMC file's years.
    Year(i32),
}

impl CapabilityYear {
    /// Parses `cinc:YEAR` or `cinc:votes`.
    pub fn parse(spec: &str) -> Result<CapabilityYear> {
        match spec.trim().split_once(':') {
            Some(("cinc", "votes")) => Ok(CapabilityYear::OfVotes),
            Some(("cinc", y)) => y.trim().parse().map(CapabilityYear::Year).map_err(|_| {
                Error::invalid(format!(
                    "--capability {spec}: the year must be a number, e.g. cinc:2022"
                ))
            }),
            _ => Err(Error::invalid(format!(
                "--capability {spec}: expected cinc:YEAR (COW NMC), or cinc:votes for the last year of the chosen votes"
            ))),
        }
    }
}

/// What scenario to build.
#[derive(Clone, Debug, Default)]
pub struct ScenarioRequest {
    /// Roll calls whose symbol matches one of these patterns (`*` any run of characters,
    /// `?` one; `A/ES-11/*` also matches `A/RES/ES-11/1`), any case.
    pub patterns: Vec<String>,
    /// Roll calls whose title contains every one of these words, any case.
    pub title_words: Vec<String>,
    /// Roll calls coded with this issue (Voeten's codes).
    pub issue: Option<Issue>,
    /// First and last year of the vote dates.
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// The states whose votes define the low and the high end of the scale.
    pub poles: Option<(String, String)>,
    /// Actors named by the user (names or codes).
    pub actors: Vec<String>,
    /// The N largest other states by CINC, added to the named ones.
    pub top: usize,
    pub capability: CapabilityYear,
    /// The scale (low, high).
    pub scale: (f64, f64),
    pub title: Option<String>,
    /// The command line, recorded in the scenario.
    pub command: String,
}

/// A generated scenario and what a reader should know about it.
pub struct Generated {
    pub scenario: Scenario,
    /// The roll calls used: date, symbol, title.
    pub rollcalls: Vec<(String, String, String)>,
    pub notes: Vec<String>,
}

/// Whether `text` matches the wildcard `pattern` (`*`, `?`), any case.
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Whether a roll call's symbol matches a pattern, with or without the `RES/` part
/// (draft-style `A/ES-11/*` matches the resolution `A/RES/ES-11/1`).
fn symbol_matches(pattern: &str, symbol: &str) -> bool {
    wildcard(pattern, symbol) || wildcard(pattern, &symbol.replacen("/RES/", "/", 1))
}

fn selected(req: &ScenarioRequest, rc: &RollCall) -> bool {
    if rc.body != Body::GeneralAssembly {
        return false;
    }
    let year = rc.date.year;
    if req.from.is_some_and(|f| year < f) || req.to.is_some_and(|t| year > t) {
        return false;
    }
    if !req.patterns.is_empty()
        && !rc
            .symbol
            .as_deref()
            .is_some_and(|s| req.patterns.iter().any(|p| symbol_matches(p, s)))
    {
        return false;
    }
    let title = rc.title.to_lowercase();
    if !req
        .title_words
        .iter()
        .all(|w| title.contains(&w.to_lowercase()))
    {
        return false;
    }
    req.issue.is_none_or(|i| rc.has_issue(i))
}

/// The vote's code: yes 1, abstain ½, no 0 (from its place on the yes–abstain–no
/// scale); absent none.
fn code(v: Vote) -> Option<f64> {
    v.position().map(|p| 1.0 - p as f64 / 2.0)
}

/// What one state did on the used roll calls.
#[derive(Default)]
struct Record {
    /// t of each vote cast (yes, abstain, no).
    t: Vec<f64>,
    /// Roll calls with a record (member: any vote or absent).
    records: usize,
    /// Of those, yes or no.
    sides: usize,
}

fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

/// Builds the scenario.
pub fn generate(session: &Session, req: &ScenarioRequest) -> Result<Generated> {
    if req.patterns.is_empty() && req.title_words.is_empty() && req.issue.is_none() {
        return Err(Error::invalid(
            "choose the roll calls: --votes PATTERN (e.g. 'A/ES-11/*'), --title WORDS or --issue CODE",
        ));
    }
    let (lo, hi) = req.scale;
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(Error::invalid(format!(
            "--scale {lo},{hi}: give low,high with low < high"
        )));
    }
    if req.top > MAX_TOP {
        return Err(Error::invalid(format!(
            "--top must be at most {MAX_TOP}, not {}",
            req.top
        )));
    }
    if req.actors.is_empty() && req.top == 0 {
        return Err(Error::invalid(
            "name the actors (--actors A,B,…) or ask for the largest (--top N)",
        ));
    }
    let reg = session.registry()?;
    let votes = &session.votes()?.table;
    let matched: Vec<&RollCall> = votes
        .rollcalls
        .iter()
        .filter(|rc| selected(req, rc))
        .collect();
    let criteria = {
        let mut c = Vec::new();
        if !req.patterns.is_empty() {
            c.push(format!("symbol {}", req.patterns.join(" or ")));
        }
        if !req.title_words.is_empty() {
            c.push(format!("title words '{}'", req.title_words.join(" ")));
        }
        if let Some(i) = req.issue {
            c.push(format!("issue {} ({})", i.code(), i.description()));
        }
        if req.from.is_some() || req.to.is_some() {
            c.push(format!(
                "years {}–{}",
                req.from.map_or("…".into(), |y| y.to_string()),
                req.to.map_or("…".into(), |y| y.to_string())
            ));
        }
        c.join(", ")
    };
    if matched.is_empty() {
        return Err(Error::invalid(format!(
            "no General Assembly roll call matches {criteria}: symbols look like A/RES/ES-11/1 or A/RES/77/1 (see `entente votes A B`)"
        )));
    }
    // Poles.
    let poles = match &req.poles {
        Some((l, h)) => {
            let [l, h] = session.resolve_distinct([l.as_str(), h.as_str()])?;
            Some((l, h))
        }
        None => None,
    };
    let mut used: Vec<(&RollCall, f64, f64)> = Vec::new();
    let mut alike = 0;
    for rc in &matched {
        match poles {
            Some((l, h)) => {
                let vl = votes.vote_of(rc.id, l.ccode).and_then(code);
                let vh = votes.vote_of(rc.id, h.ccode).and_then(code);
                match (vl, vh) {
                    (Some(a), Some(b)) if a != b => used.push((rc, a, b)),
                    _ => alike += 1,
                }
            }
            None => used.push((rc, 0.0, 1.0)),
        }
    }
    if used.is_empty() {
        let (l, h) = poles
            .map(|(l, h)| (l.name.clone(), h.name.clone()))
            .unwrap_or_default();
        return Err(Error::invalid(format!(
            "{l} and {h} voted alike (or did not both vote) on all {} roll calls matching {criteria}: choose poles that disagree on them",
            matched.len()
        )));
    }
    let mut records: BTreeMap<u16, Record> = BTreeMap::new();
    for (rc, vl, vh) in &used {
        for v in votes.votes_of(rc.id) {
            let r = records.entry(v.ccode).or_default();
            r.records += 1;
            if matches!(v.vote, Vote::Yes | Vote::No) {
                r.sides += 1;
            }
            if let Some(c) = code(v.vote) {
                r.t.push(((c - vl) / (vh - vl)).clamp(0.0, 1.0));
            }
        }
    }
    let last_vote_year = used.iter().map(|u| u.0.date.year).max().unwrap_or(0);
    let first_vote_year = used.iter().map(|u| u.0.date.year).min().unwrap_or(0);
    // Capabilities.
    let cinc = entente_sources::nmc::cinc_all(session.data_dir()?)?;
    let (nmc_first, nmc_last) = cinc
        .by_state_year
        .keys()
        .fold((i32::MAX, i32::MIN), |(a, b), k| (a.min(k.1), b.max(k.1)));
    let (year, carried) = match req.capability {
        CapabilityYear::Year(y) if !(nmc_first..=nmc_last).contains(&y) => {
            return Err(Error::invalid(format!(
                "--capability cinc:{y}: {} covers {nmc_first}–{nmc_last}; for later years use cinc:votes (the last year carried forward) or cinc:{nmc_last}",
                cinc.file.display()
            )));
        }
        CapabilityYear::Year(y) => (y, false),
        CapabilityYear::OfVotes if last_vote_year > nmc_last => (nmc_last, true),
        CapabilityYear::OfVotes => (last_vote_year.max(nmc_first), false),
    };
    let cap_of = |ccode: u16| cinc.by_state_year.get(&(ccode, year)).copied();
    // Actors: the named ones, then the largest others.
    let mut chosen: Vec<u16> = Vec::new();
    for name in &req.actors {
        let c = session.resolve(name)?;
        if chosen.contains(&c.ccode) {
            return Err(Error::invalid(format!("actor {} is named twice", c.name)));
        }
        if records.get(&c.ccode).is_none_or(|r| r.t.is_empty()) {
            return Err(Error::invalid(format!(
                "actor {} ({}) cast no vote on the {} roll calls used ({criteria}): leave it out or choose other roll calls",
                c.name,
                c.code3(),
                used.len()
            )));
        }
        if cap_of(c.ccode).is_none() {
            return Err(Error::invalid(format!(
                "actor {} ({}) has no CINC in {year} ({}): leave it out or choose another --capability year",
                c.name,
                c.code3(),
                cinc.file.display()
            )));
        }
        chosen.push(c.ccode);
    }
    let named: HashSet<u16> = chosen.iter().copied().collect();
    let mut others: Vec<(u16, f64)> = records
        .iter()
        .filter(|(c, r)| !named.contains(c) && !r.t.is_empty())
        .filter_map(|(&c, _)| cap_of(c).map(|v| (c, v)))
        .collect();
    others.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    chosen.extend(others.iter().take(req.top).map(|o| o.0));
    if chosen.len() < 2 {
        return Err(Error::invalid(
            "a scenario needs at least 2 actors: name more (--actors) or raise --top",
        ));
    }
    let left_out = &others[req.top.min(others.len())..];
    let total_cap: f64 = chosen.iter().filter_map(|&c| cap_of(c)).sum::<f64>()
        + left_out.iter().map(|o| o.1).sum::<f64>();
    let width = hi - lo;
    let pole_text = poles.map(|(l, h)| (l.name.clone(), h.name.clone()));
    let actors: Vec<ScenarioActor> = chosen
        .iter()
        .map(|&ccode| {
            let c = reg.by_ccode(ccode);
            let name = c.map_or_else(|| ccode.to_string(), |c| c.name.clone());
            let code3 = reg.code3_of(ccode);
            let r = &records[&ccode];
            let (m, se) = mean_se(&r.t);
            let p = r.sides as f64 / r.records.max(1) as f64;
            let p_se = (p * (1.0 - p) / r.records.max(1) as f64).sqrt();
            let capability = cap_of(ccode).unwrap_or(f64::NAN);
            let position = round(lo + m * width, 2);
            ScenarioActor {
                input: UncertainActor {
                    actor: Actor {
                        name,
                        capability: round(capability, 6),
                        position,
                        salience: round(p, 3),
                    },
                    capability: Spread::Fixed,
                    position: if se > 0.0 { Spread::Normal(round(se * width, 2)) } else { Spread::Fixed },
                    salience: if p_se > 0.0 { Spread::Normal(round(p_se, 3)) } else { Spread::Fixed },
                },
                country: Some(code3),
                note: None,
                provenance: Provenance {
                    capability: Some(format!(
                        "CINC {year}{} (COW NMC)",
                        if carried { format!(", the last NMC year, carried forward to {last_vote_year}") } else { String::new() }
                    )),
                    position: Some(format!(
                        "{} votes on {} roll calls: mean {} = {:.3}, standard error {:.3}, scaled to {lo}–{hi}",
                        r.t.len(),
                        used.len(),
                        if pole_text.is_some() { "t (0 = the low pole's vote, 1 = the high pole's)" } else { "code (no 0, abstain 0.5, yes 1)" },
                        m,
                        se
                    )),
                    salience: Some(format!(
                        "took a side (yes or no) on {} of the {} roll calls on which it has a record (proxy for salience)",
                        r.sides, r.records
                    )),
                },
            }
        })
        .collect();
    // Provenance of the whole.
    let mut vote_sources: Vec<&'static str> = used.iter().map(|u| u.0.source.citation()).collect();
    vote_sources.sort_unstable();
    vote_sources.dedup();
    let scale_text = match &pole_text {
        Some((l, h)) => format!(
            "{lo} = {l}'s votes, {hi} = {h}'s votes on the chosen General Assembly roll calls ({criteria})"
        ),
        None => format!(
            "{lo} = voted no on every chosen General Assembly roll call, {hi} = yes on every one ({criteria})"
        ),
    };
    let scenario = Scenario {
        title: Some(req.title.clone().unwrap_or_else(|| {
            format!("UN General Assembly votes {first_vote_year}–{last_vote_year}: {criteria}")
        })),
        issue: Some(scale_text),
        source: Some(format!(
            "{}; {} (CINC {year})",
            vote_sources.join("; "),
            cinc.citation
        )),
        assumptions: Some(format!(
            "Positions and saliences are read from votes, not from the actors' stated aims: the issue is taken to be the one dimension these resolutions share; salience is proxied by taking a side (yes or no) rather than abstaining or being absent; capabilities are CINC {year}{}. {} states with CINC that voted were left out.",
            if carried {
                format!(", the last year of COW NMC, carried forward to {last_vote_year}")
            } else {
                String::new()
            },
            left_out.len()
        )),
        generated_by: Some(req.command.clone()),
        scale: (lo, hi),
        actors,
    };
    let mut notes = vec![format!(
        "{} of {} matching roll calls used ({} to {}){}.",
        used.len(),
        matched.len(),
        used.first()
            .map(|u| u.0.date.to_string())
            .unwrap_or_default(),
        used.last()
            .map(|u| u.0.date.to_string())
            .unwrap_or_default(),
        if alike > 0 {
            format!("; {alike} left out: the poles voted alike or did not both vote")
        } else {
            String::new()
        }
    )];
    notes.push(format!(
        "Actors: {} ({} named, {} largest others by CINC {year}); left out: {} states with {:.1}% of the CINC of the states that voted.",
        chosen.len(),
        req.actors.len(),
        chosen.len() - req.actors.len(),
        left_out.len(),
        100.0 * left_out.iter().map(|o| o.1).sum::<f64>() / total_cap.max(f64::MIN_POSITIVE)
    ));
    if carried {
        // How slowly CINC moves: its correlation with the value ten years earlier.
        let earlier = year - 10;
        let pairs: Vec<(f64, f64)> = cinc
            .by_state_year
            .iter()
            .filter(|(k, _)| k.1 == year)
            .filter_map(|(k, &v)| cinc.by_state_year.get(&(k.0, earlier)).map(|&e| (e, v)))
            .collect();
        let stability = pearson(&pairs).map(|r| (earlier, r, pairs.len()));
        notes.push(format!(
            "Capabilities: COW NMC ends in {nmc_last}; CINC {nmc_last} is carried forward to {last_vote_year} (a proxy){}.",
            stability.map_or(String::new(), |(e, r, n)| format!(
                ": CINC {year} correlates {r:.3} with CINC {e} over {n} states, so values move slowly"
            ))
        ));
    }
    let rollcalls = used
        .iter()
        .map(|u| {
            (
                u.0.date.to_string(),
                u.0.symbol.clone().unwrap_or_default(),
                u.0.title.clone(),
            )
        })
        .collect();
    Ok(Generated {
        scenario,
        rollcalls,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_symbols_with_or_without_res() {
        assert!(symbol_matches("A/ES-11/*", "A/RES/ES-11/1"));
        assert!(symbol_matches("a/res/es-11/*", "A/RES/ES-11/9"));
        assert!(symbol_matches("A/RES/ES-11/?", "A/RES/ES-11/4"));
        assert!(!symbol_matches("A/RES/ES-11/?", "A/RES/ES-11/10"));
        assert!(!symbol_matches("A/ES-10/*", "A/RES/ES-11/1"));
        assert!(wildcard("*", ""));
        assert!(wildcard("a*b*c", "aXXbYc"));
        assert!(!wildcard("a*b*c", "aXXbY"));
    }

    #[test]
    fn capability_years_parse() {
        assert_eq!(
            CapabilityYear::parse("cinc:2016").unwrap(),
            CapabilityYear::Year(2016)
        );
        assert_eq!(
            CapabilityYear::parse("cinc:votes").unwrap(),
            CapabilityYear::OfVotes
        );
        assert!(CapabilityYear::parse("gdp:2016").is_err());
        assert!(CapabilityYear::parse("cinc:x").is_err());
    }

    #[test]
    fn votes_code_yes_abstain_no() {
        assert_eq!(code(Vote::Yes), Some(1.0));
        assert_eq!(code(Vote::Abstain), Some(0.5));
        assert_eq!(code(Vote::No), Some(0.0));
        assert_eq!(code(Vote::Absent), None);
    }
}

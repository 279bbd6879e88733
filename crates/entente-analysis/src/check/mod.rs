//! Claims checked against the data (`entente check CLAIMS.toml`, `entente brief
//! --claims`): each claim gets a verdict — supported, partly, not supported, or cannot be
//! checked with the data at hand (and why: which dataset ends when) — a one-sentence
//! finding with the numbers, and the evidence rows behind it (docs/check.md).

mod counts;
mod levels;
mod records;

use std::collections::HashMap;

use entente_core::Country;
use entente_sources::claims::{Claim, ClaimsFile};
use serde::Serialize;

use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;
use crate::shift::{PairMeasures, measures};

use counts::count_claim;
use levels::{change, since_claim};
use records::{arms_deal, swap_line, top_partner};

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

impl CheckReport {
    /// "10 claims: 6 supported, 1 partly supported, 2 not supported, 1 cannot be checked
    /// with the data at hand" — the one tally the CLI and the brief print.
    pub fn summary(&self) -> String {
        let n = |v: Verdict| self.claims.iter().filter(|c| c.verdict == v).count();
        format!(
            "{} claims: {} supported, {} partly supported, {} not supported, {} cannot be checked with the data at hand",
            self.claims.len(),
            n(Verdict::Supported),
            n(Verdict::Partly),
            n(Verdict::NotSupported),
            n(Verdict::CannotCheck)
        )
    }
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
pub(super) fn pair_measures<'c>(
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

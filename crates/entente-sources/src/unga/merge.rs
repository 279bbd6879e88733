//! Merging the vote sources into one roll-call × state table.
//!
//! Rule: sources are ranked Voeten > unvotes > UN-DL long > UN-DL wide > UN-DL 2025. Each
//! source's roll calls are matched to the roll calls already merged:
//!
//! 1. by shared key — unvotes uses Voeten's `rcid`; the two UN-DL scrapes share
//!    UN Digital Library record ids;
//! 2. by resolution symbol and date (symbols compared through [`symbol_key`]; among
//!    several roll calls on one resolution the final, non-amendment, non-paragraph
//!    vote with matching totals is taken);
//! 3. by date and identical yes/no/abstain totals, when exactly one roll call fits.
//!
//! A matched roll call keeps the higher-ranked source's votes; the lower-ranked
//! source's votes are compared with them, cell by cell, and every disagreement is
//! recorded. An unmatched roll call is added only when it lies after the last date
//! that the higher-ranked sources cover for that body, so each source fills the
//! years the better ones lack (Voeten to 2017-12, unvotes to 2019-12, UN-DL long
//! to 2025-10, UN-DL 2025 to 2025-12) and never adds near-duplicates inside their span; unmatched roll
//! calls inside that span are counted in the report.

use std::collections::{BTreeMap, HashSet};

use entente_core::ties::FastMap;

use entente_core::votes::SourceConflict;
use entente_core::{Body, Date, RollCall, SourceId, Vote, VoteRecord, VoteTable};
use serde::{Deserialize, Serialize};

use super::{RawRollCall, SourceData, session_in_progress, symbol_key};

/// Offset added to UN Digital Library record ids to form entente roll-call ids,
/// keeping them apart from Voeten's `rcid`s.
pub const UNDL_ID_OFFSET: u64 = 1_000_000;

/// What the merge did, for `entente sources` and the cache.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MergeReport {
    pub sources: Vec<SourceSummary>,
    pub comparisons: Vec<Comparison>,
    /// Every cell on which two sources disagree.
    #[serde(skip)]
    pub conflicts: Vec<SourceConflict>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SourceSummary {
    pub source: String,
    pub files: Vec<String>,
    pub rollcalls_read: usize,
    pub votes_read: usize,
    /// Roll calls matched to a higher-ranked source's roll call, by method.
    pub matched: BTreeMap<String, usize>,
    /// Roll calls this source contributed to the merged table, per body.
    pub added: BTreeMap<String, usize>,
    /// Votes this source contributed.
    pub votes_added: usize,
    /// Roll calls inside a better source's span that matched none of its roll calls.
    pub unmatched: usize,
    /// A few of those, for inspection (symbol or key, date).
    pub unmatched_examples: Vec<String>,
    pub unmapped_names: BTreeMap<String, usize>,
    pub skipped: BTreeMap<String, usize>,
    /// Roll calls whose session differs between two files of the source (rcid, session
    /// in the votes file, `None` when empty there): Voeten's own agreement shares
    /// follow the votes file.
    #[serde(default)]
    pub session_quirks: Vec<(u64, Option<u16>)>,
}

/// Cell-by-cell comparison of a lower-ranked source with the merged table.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Comparison {
    pub primary: String,
    pub secondary: String,
    pub rollcalls: usize,
    pub cells_compared: usize,
    pub cells_agreeing: usize,
    pub cells_differing: usize,
    pub only_in_secondary: usize,
    pub only_in_primary: usize,
}

struct State {
    rollcalls: Vec<RollCall>,
    totals: Vec<Option<[u16; 3]>>,
    votes: Vec<FastMap<u16, (Vote, SourceId)>>,
    by_rcid: FastMap<u64, usize>,
    by_undl: FastMap<u64, usize>,
    by_symbol: FastMap<(Body, String), Vec<usize>>,
    by_totals: FastMap<(Body, [u16; 3]), Vec<usize>>,
}

impl State {
    fn push(&mut self, rc: RollCall, totals: Option<[u16; 3]>) -> usize {
        let i = self.rollcalls.len();
        if let Some(k) = rc.symbol.as_deref().and_then(symbol_key) {
            self.by_symbol.entry((rc.body, k)).or_default().push(i);
        }
        if let Some(t) = totals {
            self.by_totals.entry((rc.body, t)).or_default().push(i);
        }
        match rc.source {
            SourceId::Voeten | SourceId::Unvotes => self.by_rcid.insert(rc.source_key, i),
            _ => self.by_undl.insert(rc.source_key, i),
        };
        self.rollcalls.push(rc);
        self.totals.push(totals);
        self.votes.push(FastMap::default());
        i
    }

    fn last_date(&self, body: Body) -> Option<Date> {
        self.rollcalls
            .iter()
            .filter(|r| r.body == body)
            .map(|r| r.date)
            .max()
    }

    /// Finds the merged roll call a source roll call stands for.
    fn find(&self, raw: &RawRollCall, taken: &HashSet<usize>) -> Option<(usize, &'static str)> {
        let free = |i: &usize| {
            let r = &self.rollcalls[*i];
            !taken.contains(i) && r.body == raw.body && r.source != raw.source
        };
        let days = |i: usize| (self.rollcalls[i].date.to_days() - raw.date.to_days()).abs();
        let shared = match raw.source {
            SourceId::Voeten | SourceId::Unvotes => {
                self.by_rcid.get(&raw.key).filter(|&&i| days(i) == 0)
            }
            _ => self.by_undl.get(&raw.key),
        };
        if let Some(&i) = shared.filter(|i| free(i)) {
            return Some((i, "shared key"));
        }
        if raw.source == SourceId::Unvotes {
            return None; // a later Voeten release: rcids are its only key
        }
        if let Some(key) = raw.symbol.as_deref().and_then(symbol_key)
            && let Some(cands) = self.by_symbol.get(&(raw.body, key))
        {
            // Voeten's dates can precede the plenary vote by weeks (committee stage).
            let best = cands
                .iter()
                .copied()
                .filter(|i| free(i) && days(*i) <= MAX_SYMBOL_DAYS)
                .min_by_key(|&i| {
                    let r = &self.rollcalls[i];
                    let part = r.amendment == Some(true) || r.paragraph == Some(true);
                    (
                        raw.totals.is_none() || self.totals[i] != raw.totals,
                        part,
                        days(i),
                    )
                });
            if let Some(i) = best {
                return Some((i, "symbol"));
            }
        }
        if let Some(t) = raw.totals
            && let Some(cands) = self.by_totals.get(&(raw.body, t))
        {
            let near: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|i| free(i) && days(*i) <= MAX_TOTALS_DAYS)
                .collect();
            if let [only] = near.as_slice() {
                return Some((*only, "date and totals"));
            }
        }
        None
    }
}

/// How far apart (days) two sources may date one roll call when symbols match.
const MAX_SYMBOL_DAYS: i32 = 45;
/// How far apart (days) two roll calls matched by vote totals may be dated.
const MAX_TOTALS_DAYS: i32 = 3;

/// Merges sources given in rank order (best first).
pub fn merge(sources: Vec<SourceData>) -> (VoteTable, MergeReport) {
    let mut st = State {
        rollcalls: Vec::new(),
        totals: Vec::new(),
        votes: Vec::new(),
        by_rcid: FastMap::default(),
        by_undl: FastMap::default(),
        by_symbol: FastMap::default(),
        by_totals: FastMap::default(),
    };
    let mut report = MergeReport::default();

    for mut src in sources {
        let mut summary = SourceSummary {
            source: src.source.name().to_string(),
            files: src
                .files
                .iter()
                .map(|f| {
                    f.file_name()
                        .map_or(String::new(), |n| n.to_string_lossy().into_owned())
                })
                .collect(),
            rollcalls_read: src.rollcalls.len(),
            votes_read: src.votes.len(),
            unmapped_names: std::mem::take(&mut src.unmapped),
            skipped: std::mem::take(&mut src.skipped),
            session_quirks: std::mem::take(&mut src.session_quirks),
            ..Default::default()
        };
        let ends: FastMap<Body, Option<Date>> = [Body::GeneralAssembly, Body::SecurityCouncil]
            .into_iter()
            .map(|b| (b, st.last_date(b)))
            .collect();
        let mut by_key: FastMap<u64, Vec<(u16, Vote)>> = FastMap::default();
        for v in &src.votes {
            by_key.entry(v.key).or_default().push((v.ccode, v.vote));
        }
        src.rollcalls.sort_by_key(|r| (r.date, r.key));
        let mut taken: HashSet<usize> = HashSet::new();
        let mut comparisons: BTreeMap<SourceId, Comparison> = BTreeMap::new();
        for raw in &src.rollcalls {
            let raw_votes = by_key.remove(&raw.key).unwrap_or_default();
            if let Some((i, method)) = st.find(raw, &taken) {
                taken.insert(i);
                *summary.matched.entry(method.to_string()).or_default() += 1;
                let rc = &mut st.rollcalls[i];
                if raw.source.is_undl() && rc.undl_id.is_none() {
                    rc.undl_id = Some(raw.key);
                    st.by_undl.insert(raw.key, i);
                }
                let primary = rc.source;
                let rc_id = rc.id;
                let cmp = comparisons.entry(primary).or_insert_with(|| Comparison {
                    primary: primary.name().into(),
                    secondary: src.source.name().into(),
                    ..Default::default()
                });
                cmp.rollcalls += 1;
                let prim = &st.votes[i];
                let mut seen = 0;
                for &(cc, v) in &raw_votes {
                    match prim.get(&cc) {
                        None => cmp.only_in_secondary += 1,
                        Some(&(pv, psrc)) => {
                            seen += 1;
                            cmp.cells_compared += 1;
                            if pv == v {
                                cmp.cells_agreeing += 1;
                            } else {
                                cmp.cells_differing += 1;
                                report.conflicts.push(SourceConflict {
                                    rollcall: rc_id,
                                    ccode: cc,
                                    primary: psrc,
                                    primary_vote: pv,
                                    secondary: src.source,
                                    secondary_vote: v,
                                });
                            }
                        }
                    }
                }
                cmp.only_in_primary += prim.len() - seen;
                continue;
            }
            let after_span = ends[&raw.body].is_none_or(|end| raw.date > end);
            if !after_span {
                summary.unmatched += 1;
                if summary.unmatched_examples.len() < 20 {
                    summary.unmatched_examples.push(format!(
                        "{} {} {}",
                        raw.body.code(),
                        raw.date,
                        raw.symbol
                            .clone()
                            .unwrap_or_else(|| format!("key {}", raw.key))
                    ));
                }
                continue;
            }
            let id = match raw.source {
                SourceId::Voeten | SourceId::Unvotes => raw.key,
                _ => UNDL_ID_OFFSET + raw.key,
            };
            let undl = raw.source.is_undl();
            let rc = RollCall {
                id: u32::try_from(id).unwrap_or(u32::MAX),
                body: raw.body,
                session: raw.session.unwrap_or_else(|| session_in_progress(raw.date)),
                date: raw.date,
                symbol: raw.symbol.clone(),
                title: raw.title.clone(),
                issues: raw.issues.unwrap_or(0),
                issues_coded: raw.issues.is_some(),
                important: raw.important,
                amendment: raw.amendment,
                paragraph: raw.paragraph,
                source: raw.source,
                source_key: raw.key,
                undl_id: undl.then_some(raw.key),
            };
            // Sources without totals (unvotes) get them counted from their votes.
            let totals = raw.totals.or_else(|| {
                let count = |v| raw_votes.iter().filter(|(_, x)| *x == v).count() as u16;
                Some([count(Vote::Yes), count(Vote::No), count(Vote::Abstain)])
            });
            let i = st.push(rc, totals);
            *summary
                .added
                .entry(raw.body.code().to_string())
                .or_default() += 1;
            summary.votes_added += raw_votes.len();
            st.votes[i] = raw_votes
                .into_iter()
                .map(|(cc, v)| (cc, (v, raw.source)))
                .collect();
        }
        report.comparisons.extend(comparisons.into_values());
        report.sources.push(summary);
    }

    let mut table = VoteTable::default();
    for (rc, votes) in st.rollcalls.into_iter().zip(st.votes) {
        table
            .votes
            .extend(votes.into_iter().map(|(ccode, (vote, source))| VoteRecord {
                rollcall: rc.id,
                ccode,
                vote,
                source,
            }));
        table.rollcalls.push(rc);
    }
    table.sort();
    report
        .conflicts
        .sort_by_key(|c| (c.rollcall, c.ccode, c.secondary));
    (table, report)
}

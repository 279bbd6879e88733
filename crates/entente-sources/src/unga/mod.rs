//! UN General Assembly (and Security Council) roll-call votes in five layouts,
//! and their merge into one roll-call × state table.
//!
//! See `unga_votes/SOURCE.md` in the data folder for the files and their quirks.

pub mod merge;
pub mod undl;
pub mod unvotes;
pub mod voeten;

use std::collections::BTreeMap;
use std::path::PathBuf;

use entente_core::{Body, Date, SourceId, Vote};

pub use entente_core::votes::SourceConflict;
pub use merge::{MergeReport, merge};

/// A roll call as one source describes it, before merging.
#[derive(Clone, Debug)]
pub struct RawRollCall {
    pub source: SourceId,
    /// The source's own key: Voeten/unvotes `rcid`, UN-DL record id.
    pub key: u64,
    pub body: Body,
    /// Session when the source states it (Voeten, unvotes) or the symbol implies it.
    pub session: Option<u16>,
    pub date: Date,
    pub symbol: Option<String>,
    pub title: String,
    /// Issue bit set, `None` when the source does not code issues.
    pub issues: Option<u8>,
    pub important: Option<bool>,
    pub amendment: Option<bool>,
    pub paragraph: Option<bool>,
    /// Vote totals as counted in the source (yes, no, abstain), for matching.
    pub totals: Option<[u16; 3]>,
}

/// One state's vote as one source gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawVote {
    pub key: u64,
    pub ccode: u16,
    pub vote: Vote,
}

/// What one source file set yields.
#[derive(Clone, Debug)]
pub struct SourceData {
    pub source: SourceId,
    pub files: Vec<PathBuf>,
    pub rollcalls: Vec<RawRollCall>,
    pub votes: Vec<RawVote>,
    /// Country names or codes that matched no state, with the number of rows.
    pub unmapped: BTreeMap<String, usize>,
    /// Rows skipped by design (e.g. records without a date), with a reason each.
    pub skipped: BTreeMap<String, usize>,
    /// Roll calls whose session one file of the source gives differently from the
    /// roll-call file: (key, session there or `None` when empty).
    pub session_quirks: Vec<(u64, Option<u16>)>,
}

impl SourceData {
    fn new(source: SourceId, files: Vec<PathBuf>) -> Self {
        SourceData {
            source,
            files,
            rollcalls: Vec::new(),
            votes: Vec::new(),
            unmapped: BTreeMap::new(),
            skipped: BTreeMap::new(),
            session_quirks: Vec::new(),
        }
    }
}

/// A canonical key for a resolution symbol, comparable across sources:
/// `R/50/197` (Voeten) and `A/RES/50/197` give `50/197`; `A/RES/1514(XV)` gives
/// `1514`; `A/RES/637(VII)[B]` gives `637B`; `A/RES/ES-11/1` gives `ES-11/1`.
pub fn symbol_key(symbol: &str) -> Option<String> {
    let s: String = symbol
        .trim()
        .to_ascii_uppercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let rest = s.strip_prefix("A/RES/").or_else(|| s.strip_prefix("R/"))?;
    if let Some(open) = rest.find('(') {
        let number = &rest[..open];
        let letter: String = rest[open..]
            .split('[')
            .nth(1)
            .map(|b| {
                b.trim_end_matches(']')
                    .chars()
                    .filter(|c| c.is_ascii_alphabetic())
                    .collect()
            })
            .unwrap_or_default();
        return (!number.is_empty()).then(|| format!("{number}{letter}"));
    }
    let mut parts = rest.split('/');
    let first = parts.next()?;
    let second = parts.next();
    match second {
        Some(num) if !num.is_empty() => Some(format!("{first}/{num}")),
        _ => (!first.is_empty()).then(|| first.to_string()),
    }
}

/// The General Assembly session a symbol names: `A/RES/76/27` → 76,
/// `A/RES/1514(XV)` → 15. Emergency special sessions (`ES-…`) name none.
pub fn symbol_session(symbol: &str) -> Option<u16> {
    let s = symbol.trim().to_ascii_uppercase();
    let rest = s.strip_prefix("A/RES/")?;
    if let Some(open) = rest.find('(') {
        let close = rest[open..].find(')')? + open;
        let roman = &rest[open + 1..close];
        return roman_to_u16(roman.trim_start_matches("ES-").trim_start_matches("S-"))
            .filter(|_| !roman.starts_with("ES-") && !roman.starts_with("S-"));
    }
    let first = rest.split('/').next()?;
    first.parse().ok()
}

fn roman_to_u16(s: &str) -> Option<u16> {
    if s.is_empty() {
        return None;
    }
    let val = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let digits: Vec<u16> = s.chars().map(val).collect::<Option<_>>()?;
    let mut total = 0u16;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&n| n > d) {
            total = total.checked_sub(d)?;
        } else {
            total += d;
        }
    }
    Some(total)
}

pub use entente_core::votes::session_in_progress;

/// The files of every vote source, relative to the data folder, in rank order.
pub fn files() -> Vec<&'static str> {
    vec![
        voeten::VOTES,
        voeten::DESCRIPTIONS,
        unvotes::ROLL_CALLS,
        unvotes::ISSUES,
        unvotes::VOTES,
        undl::LONG_RECORDS,
        undl::LONG_VOTES,
        undl::WIDE,
        undl::Y2025,
    ]
}

/// Reads all five sources (in parallel threads) and merges them.
pub fn load_all(
    dir: &crate::DataDir,
    registry: &entente_core::Registry,
) -> crate::error::Result<(entente_core::VoteTable, MergeReport)> {
    let (voeten, unvotes, long, (wide, y2025)) = std::thread::scope(|s| {
        let v = s.spawn(|| voeten::load(dir));
        let u = s.spawn(|| unvotes::load(dir, registry));
        let l = s.spawn(|| undl::load_long(dir, registry));
        let w = (
            undl::load_wide(dir, registry),
            undl::load_2025(dir, registry),
        );
        let join = |h: std::thread::ScopedJoinHandle<'_, crate::error::Result<SourceData>>| {
            h.join().unwrap_or_else(|_| {
                Err(crate::SourceError::DataDir(
                    "a reader thread panicked".into(),
                ))
            })
        };
        (join(v), join(u), join(l), w)
    });
    Ok(merge(vec![voeten?, unvotes?, long?, wide?, y2025?]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_keys_agree_across_layouts() {
        assert_eq!(symbol_key("R/50/197").as_deref(), Some("50/197"));
        assert_eq!(symbol_key("A/RES/50/197").as_deref(), Some("50/197"));
        assert_eq!(symbol_key("R/33/116A/VI").as_deref(), Some("33/116A"));
        assert_eq!(symbol_key("A/RES/1514(XV)").as_deref(), Some("1514"));
        assert_eq!(symbol_key("A/RES/637(VII)[B]").as_deref(), Some("637B"));
        assert_eq!(symbol_key("A/RES/ES-11/1").as_deref(), Some("ES-11/1"));
        assert_eq!(symbol_key("S/RES/2624(2022)"), None);
        assert_eq!(symbol_key(""), None);
    }

    #[test]
    fn sessions_from_symbols_and_dates() {
        assert_eq!(symbol_session("A/RES/76/27"), Some(76));
        assert_eq!(symbol_session("A/RES/1514(XV)"), Some(15));
        assert_eq!(symbol_session("A/RES/2758(XXVI)"), Some(26));
        assert_eq!(symbol_session("A/RES/ES-11/1"), None);
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(
            session_in_progress(d("2022-03-02")),
            76,
            "ES-11/1 counts in session 76"
        );
        assert_eq!(session_in_progress(d("2023-10-27")), 78);
        assert_eq!(session_in_progress(d("1946-12-01")), 1);
        assert_eq!(session_in_progress(d("1947-01-15")), 1);
    }
}

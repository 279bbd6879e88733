//! A file of typed claims to check against the data (`entente check CLAIMS.toml`):
//!
//! ```toml
//! title = "China–Russia brief, 2025"
//! source = "where the claims come from"
//!
//! [[claim]]
//! id = "aligned-since-1950s"
//! text = "more aligned than at any point since the mid-1950s"
//! kind = "highest_since"
//! a = "China"
//! b = "Russia"
//! measure = "alignment"
//! since = 1955
//! ```
//!
//! Kinds: `highest_since`, `lowest_since`, `count`, `arms_deal`, `swap_line`, `change`,
//! `top_partner` (docs/check.md). Unknown kinds and fields, and missing fields, are errors
//! naming the file and line.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Result, SourceError};
use crate::table::read_text;

/// The most claims in one file.
pub const MAX_CLAIMS: usize = 500;

/// A file of claims.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsFile {
    pub title: Option<String>,
    /// Where the claims come from (a publication, a URL).
    pub source: Option<String>,
    #[serde(rename = "claim", default)]
    pub claims: Vec<Claim>,
}

/// How a count compares with the claimed number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    #[default]
    Exactly,
    AtLeast,
    AtMost,
}

/// What a count claim counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Countable {
    /// Joint military exercises (and patrols, by definition).
    Exercises,
    /// SIPRI register deals ordered in the period.
    ArmsDeals,
    /// Years with a militarized dispute between the two (COW MID).
    Disputes,
    /// General Assembly roll calls.
    Votes,
}

/// The direction of a claimed change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Rise,
    Fall,
}

/// One claim; every kind has an `id` (shown in the verdicts) and the claim's `text`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Claim {
    /// A measure's level in `year` (default: the latest) is the highest since `since`.
    HighestSince {
        id: String,
        text: String,
        a: String,
        b: String,
        measure: String,
        year: Option<i32>,
        since: i32,
    },
    /// … the lowest since `since`.
    LowestSince {
        id: String,
        text: String,
        a: String,
        b: String,
        measure: String,
        year: Option<i32>,
        since: i32,
    },
    /// `count` things of a kind between the two in `from`–`to` (default: to the data's
    /// end), under a `definition` (exercises: all, no_patrols, bilateral,
    /// bilateral_no_patrols, multilateral; arms deals: either, a_to_b, b_to_a; votes:
    /// joint, same, differ).
    Count {
        id: String,
        text: String,
        a: String,
        b: String,
        what: Countable,
        from: i32,
        to: Option<i32>,
        count: u32,
        #[serde(default)]
        comparison: Comparison,
        definition: Option<String>,
    },
    /// A named arms deal: `designation` (e.g. "S-400") from `supplier` to `recipient`,
    /// ordered in `ordered`, delivered over `delivered` = [first, last].
    ArmsDeal {
        id: String,
        text: String,
        supplier: String,
        recipient: String,
        designation: String,
        ordered: Option<i32>,
        delivered: Option<[i32; 2]>,
    },
    /// A central-bank swap (liquidity) line between `a` and `b`: `amount` in billions of
    /// `currency`, signed in `signed`, renewed in each of `renewed`.
    SwapLine {
        id: String,
        text: String,
        a: String,
        b: String,
        amount: Option<f64>,
        currency: Option<String>,
        signed: Option<i32>,
        #[serde(default)]
        renewed: Vec<i32>,
    },
    /// A measure rose (fell) from the years `before` = [first, last] to `after`.
    Change {
        id: String,
        text: String,
        a: String,
        b: String,
        measure: String,
        before: [i32; 2],
        after: [i32; 2],
        direction: Direction,
    },
    /// Each is among the other's `top` trade partners in `year` (`mutual = false`: `b`
    /// among `a`'s only).
    TopPartner {
        id: String,
        text: String,
        a: String,
        b: String,
        year: i32,
        #[serde(default = "one")]
        top: u32,
        #[serde(default = "yes")]
        mutual: bool,
    },
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

impl Claim {
    /// The claim's id and sentence, which every kind has.
    fn head(&self) -> (&str, &str) {
        match self {
            Claim::HighestSince { id, text, .. }
            | Claim::LowestSince { id, text, .. }
            | Claim::Count { id, text, .. }
            | Claim::ArmsDeal { id, text, .. }
            | Claim::SwapLine { id, text, .. }
            | Claim::Change { id, text, .. }
            | Claim::TopPartner { id, text, .. } => (id, text),
        }
    }

    pub fn id(&self) -> &str {
        self.head().0
    }

    pub fn text(&self) -> &str {
        self.head().1
    }

    /// The kind as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Claim::HighestSince { .. } => "highest_since",
            Claim::LowestSince { .. } => "lowest_since",
            Claim::Count { .. } => "count",
            Claim::ArmsDeal { .. } => "arms_deal",
            Claim::SwapLine { .. } => "swap_line",
            Claim::Change { .. } => "change",
            Claim::TopPartner { .. } => "top_partner",
        }
    }
}

/// The line (1-based) of the `k`-th `[[claim]]` header in `text`.
fn claim_line(text: &str, k: usize) -> u64 {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[claim]]"))
        .nth(k)
        .map_or(0, |(i, _)| i as u64 + 1)
}

/// Reads and checks a claims file.
pub fn read(path: &Path) -> Result<ClaimsFile> {
    let text = read_text(path)?;
    parse(path, &text)
}

/// Parses claims from `text` (named `path` in errors).
pub fn parse(path: &Path, text: &str) -> Result<ClaimsFile> {
    let file: ClaimsFile = toml::from_str(text).map_err(|e| SourceError::Record {
        file: path.to_path_buf(),
        line: e.span().map_or(0, |s| {
            // The line holding the span's start.
            text[..s.start.min(text.len())].matches('\n').count() as u64 + 1
        }),
        message: format!(
            "{} (kinds: highest_since, lowest_since, count, arms_deal, swap_line, change, top_partner; docs/check.md)",
            e.message().trim_end()
        ),
    })?;
    if file.claims.is_empty() {
        return Err(SourceError::Record {
            file: path.to_path_buf(),
            line: 1,
            message: "no [[claim]] in the file".into(),
        });
    }
    if file.claims.len() > MAX_CLAIMS {
        return Err(SourceError::Record {
            file: path.to_path_buf(),
            line: claim_line(text, MAX_CLAIMS),
            message: format!("at most {MAX_CLAIMS} claims in one file"),
        });
    }
    let mut seen = std::collections::HashSet::new();
    for (k, c) in file.claims.iter().enumerate() {
        let line = claim_line(text, k);
        let bad = |message: String| SourceError::Record {
            file: path.to_path_buf(),
            line,
            message,
        };
        if c.id().trim().is_empty() {
            return Err(bad("the claim's id is empty".into()));
        }
        if !seen.insert(c.id()) {
            return Err(bad(format!("id '{}' is used twice", c.id())));
        }
        let years = |name: &str, ys: &[i32]| -> Result<()> {
            match ys.iter().find(|y| !(1800..=2100).contains(*y)) {
                Some(y) => Err(bad(format!("{name} = {y} is not a year in 1800–2100"))),
                None => Ok(()),
            }
        };
        match c {
            Claim::HighestSince { year, since, .. } | Claim::LowestSince { year, since, .. } => {
                years("year", &year.iter().copied().collect::<Vec<_>>())?;
                years("since", &[*since])?;
                if year.is_some_and(|y| y <= *since) {
                    return Err(bad("since must lie before year".into()));
                }
            }
            Claim::Count { from, to, .. } => {
                years("from", &[*from])?;
                years("to", &to.iter().copied().collect::<Vec<_>>())?;
                if to.is_some_and(|t| t < *from) {
                    return Err(bad("from lies after to".into()));
                }
            }
            Claim::ArmsDeal {
                ordered, delivered, ..
            } => {
                years("ordered", &ordered.iter().copied().collect::<Vec<_>>())?;
                if let Some(d) = delivered {
                    years("delivered", d)?;
                    if d[0] > d[1] {
                        return Err(bad(
                            "delivered = [first, last]: first lies after last".into()
                        ));
                    }
                }
            }
            Claim::SwapLine {
                signed,
                renewed,
                amount,
                ..
            } => {
                years("signed", &signed.iter().copied().collect::<Vec<_>>())?;
                years("renewed", renewed)?;
                if amount.is_some_and(|a| !(a.is_finite() && a > 0.0)) {
                    return Err(bad("amount must be a positive number of billions".into()));
                }
            }
            Claim::Change { before, after, .. } => {
                years("before", before)?;
                years("after", after)?;
                if before[0] > before[1] || after[0] > after[1] {
                    return Err(bad("periods are [first, last] with first ≤ last".into()));
                }
                if before[1] >= after[0] {
                    return Err(bad(
                        "the before period must end before the after period".into()
                    ));
                }
            }
            Claim::TopPartner { year, top, .. } => {
                years("year", &[*year])?;
                if !(1..=50).contains(top) {
                    return Err(bad(format!("top = {top}: give 1 to 50")));
                }
            }
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> std::result::Result<ClaimsFile, String> {
        parse(Path::new("claims.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn every_kind_parses() {
        let f = p(r#"
title = "t"
[[claim]]
id = "a"
text = "x"
kind = "highest_since"
a = "China"
b = "Russia"
measure = "alignment"
since = 1955

[[claim]]
id = "b"
text = "x"
kind = "count"
a = "China"
b = "Russia"
what = "exercises"
from = 2012
count = 14
comparison = "at_least"

[[claim]]
id = "c"
text = "x"
kind = "arms_deal"
supplier = "Russia"
recipient = "China"
designation = "S-400"
ordered = 2015
delivered = [2018, 2019]

[[claim]]
id = "d"
text = "x"
kind = "swap_line"
a = "China"
b = "Russia"
amount = 150
currency = "CNY"
signed = 2014
renewed = [2017]

[[claim]]
id = "e"
text = "x"
kind = "change"
a = "China"
b = "Russia"
measure = "un_agree"
before = [2011, 2013]
after = [2022, 2024]
direction = "fall"

[[claim]]
id = "f"
text = "x"
kind = "top_partner"
a = "China"
b = "Russia"
year = 2020
"#)
        .unwrap();
        assert_eq!(f.claims.len(), 6);
        assert!(matches!(
            f.claims[5],
            Claim::TopPartner {
                top: 1,
                mutual: true,
                ..
            }
        ));
        assert!(matches!(
            f.claims[1],
            Claim::Count {
                comparison: Comparison::AtLeast,
                to: None,
                ..
            }
        ));
    }

    #[test]
    fn mistakes_name_the_line() {
        let head = "[[claim]]\nid = \"a\"\ntext = \"x\"\n";
        let e = p(&format!("{head}kind = \"rumour\"\n")).unwrap_err();
        assert!(e.contains("claims.toml:") && e.contains("rumour"), "{e}");
        let e = p(&format!(
            "{head}kind = \"top_partner\"\na = \"X\"\nb = \"Y\"\nyear = 2020\ncolour = 1\n"
        ))
        .unwrap_err();
        assert!(e.contains("colour"), "{e}");
        let e = p(&format!(
            "{head}kind = \"top_partner\"\na = \"X\"\nb = \"Y\"\n"
        ))
        .unwrap_err();
        assert!(e.contains("year"), "{e}");
        let e = p(&format!(
            "title = \"t\"\n{head}kind = \"top_partner\"\na = \"X\"\nb = \"Y\"\nyear = 2020\ntop = 0\n"
        ))
        .unwrap_err();
        assert!(e.starts_with("claims.toml:2:"), "{e}");
        let e = p("title = \"t\"\n").unwrap_err();
        assert!(e.contains("no [[claim]]"), "{e}");
        let twice = format!(
            "{head}kind = \"top_partner\"\na = \"X\"\nb = \"Y\"\nyear = 2020\n{head}kind = \"top_partner\"\na = \"X\"\nb = \"Y\"\nyear = 2020\n"
        );
        let e = p(&twice).unwrap_err();
        assert!(
            e.starts_with("claims.toml:8:") && e.contains("twice"),
            "{e}"
        );
    }
}

//! Two scrapes of the UN Digital Library's voting records (GA and Security Council):
//!
//! * the long layout (lefthand67/un_votes): a records file and a votes file with one
//!   row per state listed on a record (`Y`, `N`, `A`, blank = non-voting), to 2025;
//! * the wide layout (`UN DATA.csv`): one row per record, one column per member
//!   state (`Y`, `N`, `A`, `X` = non-voting, blank = not a member), to 2021; UTF-8
//!   with BOM and CRLF.
//!
//! States are named as printed by the UN (e.g. `USSR`, `TÜRKİYE`); names resolve
//! through the registry, and the seat rules map `CHINA` before 1971-10-25 to the
//! Republic of China (COW 713). Quirks handled: a lower-case vote letter printed
//! before the name with the vote field empty (46 rows of the long file, e.g.
//! `a AUSTRALIA`), stray vote letters or typos in a few wide-layout headers.

use std::collections::HashMap;

use entente_core::country::{Registry, un_seat_holder};
use entente_core::{Body, Date, SourceId, Vote};

use super::{RawRollCall, RawVote, SourceData, session_in_progress, symbol_session};
use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::{Row, Table};

pub const LONG_RECORDS: &str =
    "unga_votes/lefthand67_undl_scrape_GA_SC_1946-2025_resolutions.csv.gz";
pub const LONG_VOTES: &str = "unga_votes/lefthand67_undl_scrape_GA_SC_1946-2025_votes_long.csv.gz";
pub const WIDE: &str = "unga_votes/undl_scrape_UN_DATA_1946-2021_wide.csv.gz";
pub const Y2025: &str = "unga_votes/3dl_undl_scrape_2025_GA_SC_wide.csv.gz";

/// The body a symbol belongs to (`A/…` General Assembly, `S/…` Security Council).
fn body_of(symbol: &str) -> Option<Body> {
    match symbol.trim().as_bytes().first() {
        Some(b'A') => Some(Body::GeneralAssembly),
        Some(b'S') => Some(Body::SecurityCouncil),
        _ => None,
    }
}

/// Session of a record: GA from its symbol or the session in progress; SC has no
/// sessions, so its "session" is the calendar year − 1945 (year = calendar year).
fn session_of(body: Body, symbol: &str, date: Date) -> u16 {
    match body {
        Body::GeneralAssembly => {
            symbol_session(symbol).unwrap_or_else(|| session_in_progress(date))
        }
        Body::SecurityCouncil => (date.year - 1945).clamp(0, i32::from(u16::MAX)) as u16,
    }
}

/// Reads a UN-DL vote letter. Blank and `X` are a listed member not voting.
fn letter(s: &str) -> Option<Vote> {
    match s.trim() {
        "Y" | "y" => Some(Vote::Yes),
        "N" | "n" => Some(Vote::No),
        "A" | "a" => Some(Vote::Abstain),
        "" | "X" | "x" => Some(Vote::Absent),
        _ => None,
    }
}

/// Resolves UN-DL country names, caching each distinct name.
struct NameResolver<'r> {
    registry: &'r Registry,
    cache: entente_core::ties::FastMap<String, Option<u16>>,
}

impl<'r> NameResolver<'r> {
    fn new(registry: &'r Registry) -> Self {
        NameResolver {
            registry,
            cache: Default::default(),
        }
    }

    fn resolve(&mut self, name: &str) -> Option<u16> {
        if let Some(&c) = self.cache.get(name) {
            return c;
        }
        let cleaned = clean_header_name(name);
        let found = self.registry.by_name(cleaned).map(|c| c.ccode);
        self.cache.insert(name.to_string(), found);
        found
    }
}

/// Strips a stray vote-letter token before a name (`AY DENMARK`, `Aa UNITED
/// STATES`) and lower-case debris after it (`CHILEs`), as found in wide headers.
fn clean_header_name(name: &str) -> &str {
    let mut s = name.trim();
    if let Some((first, rest)) = s.split_once(' ')
        && first.len() <= 2
        && first.chars().all(|c| "YNAyna".contains(c))
        && first.chars().any(|c| c.is_lowercase() || first.len() == 2)
    {
        s = rest.trim();
    }
    s.trim_end_matches(|c: char| c.is_ascii_lowercase()).trim()
}

/// Reads the long layout (records + votes).
pub fn load_long(dir: &DataDir, registry: &Registry) -> Result<SourceData> {
    let files = [dir.file(LONG_RECORDS), dir.file(LONG_VOTES)];
    let mut out = SourceData::new(SourceId::UndlLong, files.to_vec());
    let t = Table::open(&files[0])?;
    let (id, sym, date, title, recorded) = (
        t.col("id_record")?,
        t.col("resolution_symbol")?,
        t.col("vote_date")?,
        t.col("title")?,
        t.col("recorded")?,
    );
    let (ny, nn, na) = (t.col("n_yes")?, t.col("n_no")?, t.col("n_abstain")?);
    let mut dates: HashMap<u64, Date> = HashMap::new();
    t.for_each(|r| {
        let key: u64 = r.parse(id)?;
        let symbol = r.get(sym)?.trim();
        let Some(body) = body_of(symbol) else {
            *out.skipped
                .entry("record without a resolution symbol".into())
                .or_default() += 1;
            return Ok(());
        };
        let d = r.date(date)?;
        if r.get(recorded)?.trim() != "1" {
            *out.skipped
                .entry("resolution adopted without a recorded vote".into())
                .or_default() += 1;
            return Ok(());
        }
        dates.insert(key, d);
        out.rollcalls.push(RawRollCall {
            source: SourceId::UndlLong,
            key,
            body,
            session: Some(session_of(body, symbol, d)),
            date: d,
            symbol: Some(symbol.to_string()),
            title: r.get(title)?.trim().to_string(),
            issues: None,
            important: None,
            amendment: None,
            paragraph: None,
            totals: Some([r.parse(ny)?, r.parse(nn)?, r.parse(na)?]),
        });
        Ok(())
    })?;

    let t = Table::open(&files[1])?;
    let (id, name, vote) = (t.col("id_record")?, t.col("ms_name")?, t.col("ms_vote")?);
    let mut names = NameResolver::new(registry);
    t.for_each(|r| {
        let key: u64 = r.parse(id)?;
        let Some(&d) = dates.get(&key) else {
            *out.skipped
                .entry("vote on a record that is not a recorded vote".into())
                .or_default() += 1;
            return Ok(());
        };
        let (mut raw_name, raw_vote) = (r.get(name)?.trim(), r.get(vote)?.trim());
        let mut v = letter(raw_vote).ok_or_else(|| bad_letter(r, vote, raw_vote))?;
        // Upstream quirk: "a AUSTRALIA" with an empty vote field.
        if raw_vote.is_empty()
            && let Some((first, rest)) = raw_name.split_once(' ')
            && first.len() == 1
            && first.chars().all(|c| "yna".contains(c))
        {
            v = letter(first).unwrap_or(Vote::Absent);
            raw_name = rest.trim();
        }
        match names.resolve(raw_name) {
            Some(cc) => out.votes.push(RawVote {
                key,
                ccode: un_seat_holder(cc, d),
                vote: v,
            }),
            None => *out.unmapped.entry(raw_name.to_string()).or_default() += 1,
        }
        Ok(())
    })?;
    Ok(out)
}

fn bad_letter(r: &Row<'_>, col: usize, v: &str) -> crate::SourceError {
    r.error(
        col,
        format!("unknown vote code '{v}' (expected Y, N, A, X or blank)"),
    )
}

/// The record columns of the two wide layouts (one row per UN-DL record).
struct RecordColumns {
    council: usize,
    date: usize,
    title: usize,
    symbol: usize,
    token: usize,
    /// Yes, no and abstain totals.
    totals: [usize; 3],
}

impl RecordColumns {
    /// The columns by name; `abstain` names the abstention total's header.
    fn locate(t: &Table, abstain: &str) -> Result<RecordColumns> {
        Ok(RecordColumns {
            council: t.col("Council")?,
            date: t.col("Date")?,
            title: t.col("Title")?,
            symbol: t.col("Resolution")?,
            token: t.col("token")?,
            totals: [t.col("YES COUNT")?, t.col("NO COUNT")?, t.col(abstain)?],
        })
    }

    fn body(&self, r: &Row<'_>) -> Result<Body> {
        match r.get(self.council)?.trim() {
            "General Assembly" => Ok(Body::GeneralAssembly),
            "Security Council" => Ok(Body::SecurityCouncil),
            other => Err(r.error(
                self.council,
                format!("unknown body '{other}' (expected General Assembly or Security Council)"),
            )),
        }
    }

    /// The record's roll call, dated `date`.
    fn rollcall(
        &self,
        r: &Row<'_>,
        source: SourceId,
        body: Body,
        date: Date,
    ) -> Result<RawRollCall> {
        let symbol = r.get(self.symbol)?.trim().to_string();
        let [ny, nn, na] = self.totals;
        Ok(RawRollCall {
            source,
            key: r.parse(self.token)?,
            body,
            session: Some(session_of(body, &symbol, date)),
            date,
            symbol: Some(symbol),
            title: r.get(self.title)?.trim().to_string(),
            issues: None,
            important: None,
            amendment: None,
            paragraph: None,
            totals: Some([r.parse(ny)?, r.parse(nn)?, r.parse(na)?]),
        })
    }
}

/// Reads the wide layout.
pub fn load_wide(dir: &DataDir, registry: &Registry) -> Result<SourceData> {
    load_one(dir, WIDE, SourceId::UndlWide, registry, read_wide)
}

/// Reads the one file `rel` of `source` with `read`.
fn load_one(
    dir: &DataDir,
    rel: &str,
    source: SourceId,
    registry: &Registry,
    read: fn(&Table, &Registry, &mut SourceData) -> Result<()>,
) -> Result<SourceData> {
    let file = dir.file(rel);
    let mut out = SourceData::new(source, vec![file.clone()]);
    read(&Table::open(&file)?, registry, &mut out)?;
    Ok(out)
}

/// The state columns from `first` on, each with its state by `resolve` (headers no
/// state matches are recorded as unmapped).
fn state_columns(
    t: &Table,
    first: usize,
    out: &mut SourceData,
    mut resolve: impl FnMut(&str) -> Option<u16>,
) -> Vec<(usize, Option<u16>)> {
    let columns: Vec<(usize, Option<u16>)> = t
        .headers()
        .iter()
        .enumerate()
        .skip(first)
        .map(|(i, h)| (i, resolve(h)))
        .collect();
    for (i, cc) in &columns {
        if cc.is_none() {
            out.unmapped.insert(t.headers()[*i].clone(), 0);
        }
    }
    columns
}

/// Parses a wide-layout table (exposed for tests on mutated input).
pub fn read_wide(t: &Table, registry: &Registry, out: &mut SourceData) -> Result<()> {
    let cols = RecordColumns::locate(t, "ABSENT COUNT")?;
    let mut names = NameResolver::new(registry);
    let columns = state_columns(t, cols.token + 1, out, |h| names.resolve(h));
    t.for_each(|r| {
        let body = cols.body(r)?;
        // Upstream quirk: two records carry only a year ("2011", "1977").
        let raw_date = r.get(cols.date)?.trim();
        if raw_date.len() == 4 && raw_date.bytes().all(|b| b.is_ascii_digit()) {
            *out.skipped
                .entry("record dated with a year only".into())
                .or_default() += 1;
            return Ok(());
        }
        let d = r.date(cols.date)?;
        let rc = cols.rollcall(r, SourceId::UndlWide, body, d)?;
        let key = rc.key;
        out.rollcalls.push(rc);
        // Several columns may name one state (e.g. "ALGERIA" and " ALGERIA"): a
        // vote letter wins over X, which wins over blank.
        let mut seen: HashMap<u16, (usize, Vote)> = HashMap::new();
        for &(col, cc) in &columns {
            let cell = r.get(col)?.trim();
            if cell.is_empty() {
                continue;
            }
            let v = letter(cell).ok_or_else(|| bad_letter(r, col, cell))?;
            let Some(cc) = cc else {
                *out.unmapped.entry(t.headers()[col].clone()).or_default() += 1;
                continue;
            };
            let cc = un_seat_holder(cc, d);
            match seen.get(&cc) {
                Some(&(_, prev)) if prev != Vote::Absent || v == Vote::Absent => {}
                _ => {
                    seen.insert(cc, (col, v));
                }
            }
        }
        let mut votes: Vec<(u16, Vote)> = seen.into_iter().map(|(cc, (_, v))| (cc, v)).collect();
        votes.sort_unstable();
        out.votes.extend(
            votes
                .into_iter()
                .map(|(ccode, vote)| RawVote { key, ccode, vote }),
        );
        Ok(())
    })
}

/// Reads the calendar-2025 scrape (3DL): one row per UN-DL record, one column per state
/// by ISO3 code (`YES`, `NO`, `ABSTAIN`, empty). In the General Assembly an empty cell
/// is a member not voting; in the Security Council only the year's 15 members have
/// cells, so empty means not a member. Afghanistan and Venezuela have no column (they
/// cast no vote in 2025): no record, not a guess. The tags and regions are the
/// scraper's (LLM-assigned), not the UN's, and are not read.
pub fn load_2025(dir: &DataDir, registry: &Registry) -> Result<SourceData> {
    load_one(dir, Y2025, SourceId::Undl2025, registry, read_2025)
}

/// Parses the calendar-2025 layout (exposed for tests on mutated input).
pub fn read_2025(t: &Table, registry: &Registry, out: &mut SourceData) -> Result<()> {
    let cols = RecordColumns::locate(t, "ABSTAIN COUNT")?;
    let columns = state_columns(t, t.col("tags")? + 1, out, |h| {
        registry.by_code(h.trim()).map(|c| c.ccode)
    });
    t.for_each(|r| {
        let body = cols.body(r)?;
        let d = r.date(cols.date)?;
        let rc = cols.rollcall(r, SourceId::Undl2025, body, d)?;
        let key = rc.key;
        out.rollcalls.push(rc);
        for &(col, cc) in &columns {
            let vote = match (r.get(col)?.trim(), body) {
                ("YES", _) => Vote::Yes,
                ("NO", _) => Vote::No,
                ("ABSTAIN", _) => Vote::Abstain,
                ("", Body::GeneralAssembly) => Vote::Absent,
                ("", _) => continue,
                (other, _) => {
                    return Err(r.error(
                        col,
                        format!("unknown vote '{other}' (expected YES, NO, ABSTAIN or empty)"),
                    ));
                }
            };
            let Some(cc) = cc else {
                *out.unmapped.entry(t.headers()[col].clone()).or_default() += 1;
                continue;
            };
            out.votes.push(RawVote {
                key,
                ccode: un_seat_holder(cc, d),
                vote,
            });
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_header_debris() {
        assert_eq!(clean_header_name("AY DENMARK"), "DENMARK");
        assert_eq!(clean_header_name("Aa UNITED STATES"), "UNITED STATES");
        assert_eq!(clean_header_name("CHILEs "), "CHILE");
        assert_eq!(clean_header_name(" ALGERIA"), "ALGERIA");
        assert_eq!(clean_header_name("NEW ZEALAND"), "NEW ZEALAND");
    }
}

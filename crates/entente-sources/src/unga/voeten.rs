//! Voeten's UNGA voting data, sessions 1–72 (1946–2017): a votes file (one row
//! per state and roll call, COW codes, votes 1/2/3/8/9) and a descriptions file
//! (one row per roll call with date, resolution, issue codes, important-vote flag).

use entente_core::{Body, Issue, SourceId, Vote};

use super::{RawRollCall, RawVote, SourceData};
use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const VOTES: &str = "unga_votes/voeten_UNVotes1-72_votes.csv.gz";
pub const DESCRIPTIONS: &str = "unga_votes/voeten_UNDescriptions1-72.csv.gz";

/// The State Department's important-vote list starts with session 38.
const IMPORTANT_FROM_SESSION: u16 = 38;

pub fn load(dir: &DataDir) -> Result<SourceData> {
    let (vf, df) = (dir.file(VOTES), dir.file(DESCRIPTIONS));
    let mut out = SourceData::new(SourceId::Voeten, vec![vf.clone(), df.clone()]);
    read_descriptions(&Table::open(&df)?, &mut out)?;
    read_votes(&Table::open(&vf)?, &mut out)?;
    Ok(out)
}

/// Parses the descriptions table into roll calls.
pub fn read_descriptions(t: &Table, out: &mut SourceData) -> Result<()> {
    let (session, rcid, date) = (t.col("session")?, t.col("rcid")?, t.col("date")?);
    let (yes, no, abstain) = (t.col("yes")?, t.col("no")?, t.col("abstain")?);
    let (important, unres, amend, para) = (
        t.col("importantvote")?,
        t.col("unres")?,
        t.col("amend")?,
        t.col("para")?,
    );
    let (short, descr) = (t.col("short")?, t.col("descr")?);
    let issue_cols: Vec<(Issue, usize)> = Issue::ALL
        .iter()
        .map(|&i| Ok((i, t.col(i.code())?)))
        .collect::<Result<_>>()?;
    t.for_each(|r| {
        let session: u16 = r.parse(session)?;
        let mut issues = 0u8;
        for &(issue, col) in &issue_cols {
            if read_flag(r, col)? == Some(true) {
                issues |= issue.bit();
            }
        }
        let title = r.opt(short)?.or(r.opt(descr)?).unwrap_or("").to_string();
        let totals = match (r.parse_opt(yes)?, r.parse_opt(no)?, r.parse_opt(abstain)?) {
            (Some(y), Some(n), Some(a)) => Some([y, n, a]),
            _ => None,
        };
        out.rollcalls.push(RawRollCall {
            source: SourceId::Voeten,
            key: r.parse(rcid)?,
            body: Body::GeneralAssembly,
            session: Some(session),
            date: r.date(date)?,
            symbol: r.opt(unres)?.map(|s| s.replacen("R/", "A/RES/", 1)),
            title,
            issues: Some(issues),
            important: if session >= IMPORTANT_FROM_SESSION {
                read_flag(r, important)?
            } else {
                None
            },
            amendment: read_flag(r, amend)?,
            paragraph: read_flag(r, para)?,
            totals,
        });
        Ok(())
    })
}

/// Parses the votes table. Code 9 (not a member) rows are dropped. Where the votes
/// file's `session.x` contradicts the descriptions (rcid 4592: 59 vs 60; rcid 5639:
/// empty vs 71) the descriptions' session is kept and the quirk recorded.
pub fn read_votes(t: &Table, out: &mut SourceData) -> Result<()> {
    let (rcid, ccode, vote) = (t.col("rcid")?, t.col("ccode")?, t.col("vote")?);
    let session_x = t.col_opt("session.x");
    let described: std::collections::HashMap<u64, Option<u16>> =
        out.rollcalls.iter().map(|r| (r.key, r.session)).collect();
    let mut quirks = std::collections::BTreeMap::new();
    t.for_each(|r| {
        if let Some(col) = session_x {
            let key: u64 = r.parse(rcid)?;
            let sx: Option<u16> = r.parse_opt(col)?;
            if described.get(&key).is_some_and(|d| *d != sx) {
                quirks.insert(key, sx);
            }
        }
        let code: u8 = r.parse(vote)?;
        let vote = Vote::from_voeten(code)
            .map_err(|c| r.error(vote, format!("unknown vote code '{c}' (expected 1 yes, 2 abstain, 3 no, 8 absent, 9 non-member)")))?;
        if let Some(vote) = vote {
            out.votes.push(RawVote { key: r.parse(rcid)?, ccode: r.parse(ccode)?, vote });
        }
        Ok(())
    })?;
    out.session_quirks = quirks.into_iter().collect();
    Ok(())
}

/// A 0/1 flag; empty means not coded.
pub(crate) fn read_flag(r: &crate::table::Row<'_>, col: usize) -> Result<Option<bool>> {
    match r.opt(col)? {
        None => Ok(None),
        Some("0") => Ok(Some(false)),
        Some("1") => Ok(Some(true)),
        Some(v) => Err(r.error(col, format!("expected 0 or 1, found '{v}'"))),
    }
}

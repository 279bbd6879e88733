//! The R package unvotes 0.3.0 tables (Voeten's 2020 release, votes to 2019):
//! roll calls, issues (one row per roll call and issue) and votes with ISO2
//! codes and votes as words. Absent and non-member rows were removed upstream.

use std::collections::HashMap;

use entente_core::country::{Registry, un_seat_holder};
use entente_core::{Body, Issue, SourceId, Vote};

use super::voeten::read_flag;
use super::{RawRollCall, RawVote, SourceData};
use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const VOTES: &str = "unga_votes/unvotes_pkg_0.3.0_un_votes.csv.gz";
pub const ROLL_CALLS: &str = "unga_votes/unvotes_pkg_0.3.0_un_roll_calls.csv.gz";
pub const ISSUES: &str = "unga_votes/unvotes_pkg_0.3.0_un_roll_call_issues.csv.gz";

pub fn load(dir: &DataDir, registry: &Registry) -> Result<SourceData> {
    let files = [dir.file(ROLL_CALLS), dir.file(ISSUES), dir.file(VOTES)];
    let mut out = SourceData::new(SourceId::Unvotes, files.to_vec());

    let mut issues: HashMap<u64, u8> = HashMap::new();
    let t = Table::open(&files[1])?;
    let (rcid, short) = (t.col("rcid")?, t.col("short_name")?);
    t.for_each(|r| {
        let code = r.get(short)?.trim();
        let issue = Issue::from_code(code).ok_or_else(|| {
            r.error(
                short,
                format!("unknown issue code '{code}' (expected me, nu, di, hr, co, ec)"),
            )
        })?;
        *issues.entry(r.parse(rcid)?).or_default() |= issue.bit();
        Ok(())
    })?;

    let t = Table::open(&files[0])?;
    let (rcid, session, date) = (t.col("rcid")?, t.col("session")?, t.col("date")?);
    let (important, unres, amend, para, short, descr) = (
        t.col("importantvote")?,
        t.col("unres")?,
        t.col("amend")?,
        t.col("para")?,
        t.col("short")?,
        t.col("descr")?,
    );
    t.for_each(|r| {
        let key: u64 = r.parse(rcid)?;
        let session: u16 = r.parse(session)?;
        out.rollcalls.push(RawRollCall {
            source: SourceId::Unvotes,
            key,
            body: Body::GeneralAssembly,
            session: Some(session),
            date: r.date(date)?,
            symbol: r.opt(unres)?.map(|s| s.replacen("R/", "A/RES/", 1)),
            title: r.opt(short)?.or(r.opt(descr)?).unwrap_or("").to_string(),
            issues: Some(issues.get(&key).copied().unwrap_or(0)),
            important: if session >= 38 {
                read_flag(r, important)?
            } else {
                None
            },
            amendment: read_flag(r, amend)?,
            paragraph: read_flag(r, para)?,
            totals: None,
        });
        Ok(())
    })?;
    let dates: HashMap<u64, entente_core::Date> =
        out.rollcalls.iter().map(|r| (r.key, r.date)).collect();

    let t = Table::open(&files[2])?;
    let (rcid, code, name, vote) = (
        t.col("rcid")?,
        t.col("country_code")?,
        t.col("country")?,
        t.col("vote")?,
    );
    let mut cache: entente_core::ties::FastMap<String, Option<u16>> = Default::default();
    t.for_each(|r| {
        let key: u64 = r.parse(rcid)?;
        let v = match r.get(vote)?.trim() {
            "yes" => Vote::Yes,
            "abstain" => Vote::Abstain,
            "no" => Vote::No,
            other => {
                return Err(r.error(
                    vote,
                    format!("unknown vote '{other}' (expected yes, abstain, no)"),
                ));
            }
        };
        let iso2 = r.get(code)?.trim();
        let cname = r.get(name)?.trim();
        let ccode = *cache.entry(format!("{iso2}|{cname}")).or_insert_with(|| {
            registry
                .by_code(iso2)
                .or_else(|| registry.by_name(cname))
                .map(|c| c.ccode)
        });
        let Some(ccode) = ccode else {
            *out.unmapped.entry(format!("{cname} ({iso2})")).or_default() += 1;
            return Ok(());
        };
        let Some(&date) = dates.get(&key) else {
            *out.skipped
                .entry("vote for a roll call missing from the roll-call table".into())
                .or_default() += 1;
            return Ok(());
        };
        out.votes.push(RawVote {
            key,
            ccode: un_seat_holder(ccode, date),
            vote: v,
        });
        Ok(())
    })?;
    Ok(out)
}

//! The UN vote tables in Parquet.
//!
//! * `rollcalls`: `rollcall` i32, `body` (`ga`/`sc`), `session` i32, `year` i32 (session
//!   year), `date` date32, `symbol`, `title`, `issue_me` … `issue_ec` bool (null when
//!   uncoded), `important`, `amendment`, `paragraph` bool (null when uncoded),
//!   `source`, `source_key` i64, `undl_id` i64.
//! * `votes`: `rollcall` i32, `ccode` i16 (COW), `iso3`, `vote` i8 (1 yes, 2 abstain,
//!   3 no, 8 absent), `source`.
//! * `conflicts`: `rollcall` i32, `ccode` i16, `primary_source`, `primary_vote` i8,
//!   `secondary_source`, `secondary_vote` i8.

use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int8Type, Int16Type, Int32Type, Int64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Int8Array, Int16Array, Int32Array, Int64Array,
    RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use entente_core::votes::SourceConflict;
use entente_core::{Body, Date, Issue, RollCall, SourceId, Vote, VoteRecord, VoteTable};

use crate::cache::StoreError;
use crate::parquet::{perr, read_batches, stream_columns};

fn batch(fields: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        fields
            .iter()
            .map(|(n, a)| {
                Field::new(
                    *n,
                    a.data_type().clone(),
                    a.null_count() > 0 || matches!(a.data_type(), DataType::Boolean),
                )
            })
            .collect::<Vec<_>>(),
    );
    let cols = fields.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(schema), cols).expect("columns of equal length")
}

/// The roll-call table as a record batch.
pub fn rollcalls_batch(rcs: &[RollCall]) -> RecordBatch {
    let mut fields: Vec<(&str, ArrayRef)> = vec![
        (
            "rollcall",
            Arc::new(Int32Array::from_iter_values(
                rcs.iter().map(|r| r.id as i32),
            )),
        ),
        (
            "body",
            Arc::new(StringArray::from_iter_values(
                rcs.iter().map(|r| r.body.code()),
            )),
        ),
        (
            "session",
            Arc::new(Int32Array::from_iter_values(
                rcs.iter().map(|r| i32::from(r.session)),
            )),
        ),
        (
            "year",
            Arc::new(Int32Array::from_iter_values(
                rcs.iter().map(|r| r.year(Default::default())),
            )),
        ),
        (
            "date",
            Arc::new(Date32Array::from_iter_values(
                rcs.iter().map(|r| r.date.to_days()),
            )),
        ),
        (
            "symbol",
            Arc::new(StringArray::from_iter(
                rcs.iter().map(|r| r.symbol.as_deref()),
            )),
        ),
        (
            "title",
            Arc::new(StringArray::from_iter_values(
                rcs.iter().map(|r| r.title.as_str()),
            )),
        ),
    ];
    const ISSUE_COLS: [&str; 6] = [
        "issue_me", "issue_nu", "issue_di", "issue_hr", "issue_co", "issue_ec",
    ];
    for (issue, name) in Issue::ALL.into_iter().zip(ISSUE_COLS) {
        let col: BooleanArray = rcs
            .iter()
            .map(|r| r.issues_coded.then(|| r.has_issue(issue)))
            .collect();
        fields.push((name, Arc::new(col)));
    }
    fields.extend([
        (
            "important",
            Arc::new(rcs.iter().map(|r| r.important).collect::<BooleanArray>()) as ArrayRef,
        ),
        (
            "amendment",
            Arc::new(rcs.iter().map(|r| r.amendment).collect::<BooleanArray>()),
        ),
        (
            "paragraph",
            Arc::new(rcs.iter().map(|r| r.paragraph).collect::<BooleanArray>()),
        ),
        (
            "source",
            Arc::new(StringArray::from_iter_values(
                rcs.iter().map(|r| r.source.name()),
            )),
        ),
        (
            "source_key",
            Arc::new(Int64Array::from_iter_values(
                rcs.iter().map(|r| r.source_key as i64),
            )),
        ),
        (
            "undl_id",
            Arc::new(Int64Array::from_iter(
                rcs.iter().map(|r| r.undl_id.map(|v| v as i64)),
            )),
        ),
    ]);
    batch(fields)
}

/// The vote table as a record batch; `iso3` maps a COW code to its ISO3 (or COW letters).
pub fn votes_batch(votes: &[VoteRecord], iso3: &dyn Fn(u16) -> String) -> RecordBatch {
    let mut codes: std::collections::HashMap<u16, String> = Default::default();
    let iso: StringArray = votes
        .iter()
        .map(|v| {
            Some(
                codes
                    .entry(v.ccode)
                    .or_insert_with(|| iso3(v.ccode))
                    .clone(),
            )
        })
        .collect();
    batch(vec![
        (
            "rollcall",
            Arc::new(Int32Array::from_iter_values(
                votes.iter().map(|v| v.rollcall as i32),
            )),
        ),
        (
            "ccode",
            Arc::new(Int16Array::from_iter_values(
                votes.iter().map(|v| v.ccode as i16),
            )),
        ),
        ("iso3", Arc::new(iso)),
        (
            "vote",
            Arc::new(Int8Array::from_iter_values(
                votes.iter().map(|v| v.vote.code() as i8),
            )),
        ),
        (
            "source",
            Arc::new(StringArray::from_iter_values(
                votes.iter().map(|v| v.source.name()),
            )),
        ),
    ])
}

/// The source-conflict table as a record batch.
pub fn conflicts_batch(c: &[SourceConflict]) -> RecordBatch {
    batch(vec![
        (
            "rollcall",
            Arc::new(Int32Array::from_iter_values(
                c.iter().map(|x| x.rollcall as i32),
            )),
        ),
        (
            "ccode",
            Arc::new(Int16Array::from_iter_values(
                c.iter().map(|x| x.ccode as i16),
            )),
        ),
        (
            "primary_source",
            Arc::new(StringArray::from_iter_values(
                c.iter().map(|x| x.primary.name()),
            )),
        ),
        (
            "primary_vote",
            Arc::new(Int8Array::from_iter_values(
                c.iter().map(|x| x.primary_vote.code() as i8),
            )),
        ),
        (
            "secondary_source",
            Arc::new(StringArray::from_iter_values(
                c.iter().map(|x| x.secondary.name()),
            )),
        ),
        (
            "secondary_vote",
            Arc::new(Int8Array::from_iter_values(
                c.iter().map(|x| x.secondary_vote.code() as i8),
            )),
        ),
    ])
}

fn col<'a>(b: &'a RecordBatch, name: &str, path: &Path) -> Result<&'a ArrayRef, StoreError> {
    b.column_by_name(name)
        .ok_or_else(|| perr(path, format!("column '{name}' missing")))
}

fn source_of(name: &str, path: &Path) -> Result<SourceId, StoreError> {
    SourceId::ALL
        .into_iter()
        .find(|s| s.name() == name)
        .ok_or_else(|| perr(path, format!("unknown source '{name}'")))
}

fn vote_of(code: i8, path: &Path) -> Result<Vote, StoreError> {
    match Vote::from_voeten(code as u8) {
        Ok(Some(v)) => Ok(v),
        _ => Err(perr(path, format!("unknown vote code {code}"))),
    }
}

/// Reads the roll-call and vote tables back into a [`VoteTable`], the two files side
/// by side.
pub fn read_table(rollcalls: &Path, votes: &Path) -> Result<VoteTable, StoreError> {
    let (rollcalls, votes) = rayon::join(|| read_rollcalls(rollcalls), || read_votes(votes));
    let mut t = VoteTable {
        rollcalls: rollcalls?,
        votes: votes?,
    };
    t.sort();
    Ok(t)
}

fn read_rollcalls(path: &Path) -> Result<Vec<RollCall>, StoreError> {
    let mut out = Vec::new();
    for b in read_batches(path)? {
        let p = path;
        let id = col(&b, "rollcall", p)?.as_primitive::<Int32Type>();
        let body = col(&b, "body", p)?.as_string::<i32>();
        let session = col(&b, "session", p)?.as_primitive::<Int32Type>();
        let date = col(&b, "date", p)?.as_primitive::<Date32Type>();
        let symbol = col(&b, "symbol", p)?.as_string::<i32>();
        let title = col(&b, "title", p)?.as_string::<i32>();
        let issues: Vec<&BooleanArray> = [
            "issue_me", "issue_nu", "issue_di", "issue_hr", "issue_co", "issue_ec",
        ]
        .iter()
        .map(|n| col(&b, n, p).map(|a| a.as_boolean()))
        .collect::<Result<_, _>>()?;
        let important = col(&b, "important", p)?.as_boolean();
        let amendment = col(&b, "amendment", p)?.as_boolean();
        let paragraph = col(&b, "paragraph", p)?.as_boolean();
        let source = col(&b, "source", p)?.as_string::<i32>();
        let source_key = col(&b, "source_key", p)?.as_primitive::<Int64Type>();
        let undl = col(&b, "undl_id", p)?.as_primitive::<Int64Type>();
        let opt_bool = |a: &BooleanArray, i: usize| a.is_valid(i).then(|| a.value(i));
        for i in 0..b.num_rows() {
            let mut bits = 0u8;
            for (issue, arr) in Issue::ALL.iter().zip(&issues) {
                if opt_bool(arr, i) == Some(true) {
                    bits |= issue.bit();
                }
            }
            out.push(RollCall {
                id: id.value(i) as u32,
                body: Body::from_code(body.value(i)).ok_or_else(|| perr(p, "unknown body"))?,
                session: session.value(i) as u16,
                date: Date::from_days(date.value(i)),
                symbol: symbol.is_valid(i).then(|| symbol.value(i).to_string()),
                title: title.value(i).to_string(),
                issues: bits,
                issues_coded: issues[0].is_valid(i),
                important: opt_bool(important, i),
                amendment: opt_bool(amendment, i),
                paragraph: opt_bool(paragraph, i),
                source: source_of(source.value(i), p)?,
                source_key: source_key.value(i) as u64,
                undl_id: undl.is_valid(i).then(|| undl.value(i) as u64),
            });
        }
    }
    Ok(out)
}

/// The votes, batch by batch; the source column read as a dictionary (a handful of
/// names), each name resolved once per batch.
fn read_votes(path: &Path) -> Result<Vec<VoteRecord>, StoreError> {
    let p = path;
    let batches = stream_columns(
        p,
        Some(&["rollcall", "ccode", "vote", "source"]),
        &["source"],
    )?;
    // Sized from the file's own count, bounded (a file is verified before it is read,
    // but a count is no reason to reserve gigabytes up front).
    let mut out = Vec::with_capacity(batches.rows.min(1 << 24));
    for b in batches {
        let b = b?;
        let rc = col(&b, "rollcall", p)?.as_primitive::<Int32Type>();
        let cc = col(&b, "ccode", p)?.as_primitive::<Int16Type>();
        let vote = col(&b, "vote", p)?.as_primitive::<Int8Type>();
        let source = col(&b, "source", p)?
            .as_dictionary_opt::<Int32Type>()
            .ok_or_else(|| perr(p, "column source: expected strings"))?;
        let names = source
            .values()
            .as_string_opt::<i32>()
            .ok_or_else(|| perr(p, "column source: expected strings"))?;
        let ids = (0..names.len())
            .map(|k| source_of(names.value(k), p))
            .collect::<Result<Vec<_>, _>>()?;
        if source.null_count() > 0 {
            return Err(perr(p, "column source: a vote without its source"));
        }
        let keys = source.keys();
        for i in 0..b.num_rows() {
            let src = usize::try_from(keys.value(i))
                .ok()
                .and_then(|k| ids.get(k))
                .ok_or_else(|| perr(p, "column source: key out of range"))?;
            out.push(VoteRecord {
                rollcall: rc.value(i) as u32,
                ccode: cc.value(i) as u16,
                vote: vote_of(vote.value(i), p)?,
                source: *src,
            });
        }
    }
    Ok(out)
}

/// Reads the conflicts table.
pub fn read_conflicts(path: &Path) -> Result<Vec<SourceConflict>, StoreError> {
    let mut out = Vec::new();
    for b in read_batches(path)? {
        let rc = col(&b, "rollcall", path)?.as_primitive::<Int32Type>();
        let cc = col(&b, "ccode", path)?.as_primitive::<Int16Type>();
        let ps = col(&b, "primary_source", path)?.as_string::<i32>();
        let pv = col(&b, "primary_vote", path)?.as_primitive::<Int8Type>();
        let ss = col(&b, "secondary_source", path)?.as_string::<i32>();
        let sv = col(&b, "secondary_vote", path)?.as_primitive::<Int8Type>();
        for i in 0..b.num_rows() {
            out.push(SourceConflict {
                rollcall: rc.value(i) as u32,
                ccode: cc.value(i) as u16,
                primary: source_of(ps.value(i), path)?,
                primary_vote: vote_of(pv.value(i), path)?,
                secondary: source_of(ss.value(i), path)?,
                secondary_vote: vote_of(sv.value(i), path)?,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parquet::write_batch;

    #[test]
    fn tables_round_trip_through_parquet() {
        let dir = tempfile::tempdir().unwrap();
        let rc = RollCall {
            id: 1_000_042,
            body: Body::GeneralAssembly,
            session: 76,
            date: Date::parse("2022-03-02").unwrap(),
            symbol: Some("A/RES/ES-11/1".into()),
            title: "Aggression against Ukraine".into(),
            issues: Issue::Hr.bit(),
            issues_coded: true,
            important: None,
            amendment: Some(false),
            paragraph: None,
            source: SourceId::UndlLong,
            source_key: 42,
            undl_id: Some(42),
        };
        let mut rc2 = rc.clone();
        rc2.id = 7;
        rc2.issues_coded = false;
        rc2.issues = 0;
        rc2.symbol = None;
        let votes = vec![
            VoteRecord {
                rollcall: 7,
                ccode: 2,
                vote: Vote::Yes,
                source: SourceId::Voeten,
            },
            VoteRecord {
                rollcall: 1_000_042,
                ccode: 365,
                vote: Vote::No,
                source: SourceId::UndlLong,
            },
            VoteRecord {
                rollcall: 1_000_042,
                ccode: 710,
                vote: Vote::Abstain,
                source: SourceId::UndlLong,
            },
        ];
        let (rp, vp) = (dir.path().join("r.parquet"), dir.path().join("v.parquet"));
        write_batch(&rp, &rollcalls_batch(&[rc.clone(), rc2.clone()])).unwrap();
        write_batch(&vp, &votes_batch(&votes, &|c| format!("C{c}"))).unwrap();
        let back = read_table(&rp, &vp).unwrap();
        let mut want = VoteTable {
            rollcalls: vec![rc, rc2],
            votes,
        };
        want.sort();
        assert_eq!(back.rollcalls, want.rollcalls);
        assert_eq!(back.votes, want.votes);
    }
}

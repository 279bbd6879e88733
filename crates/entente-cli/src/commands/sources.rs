//! `entente sources`: what the vote tables hold, where each part came from, and
//! where the sources disagree.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use entente_core::{Body, SourceId, YearMode};
use entente_sources::unga::MergeReport;

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Every dataset entente reads, with its citation; --votes for the merged UN votes.
///
/// Files, years, version, whether it is in the data folder, and its citation; with
/// --votes, what the merged UN vote table holds.
///
/// `--cite bibtex` prints BibTeX for the datasets (all, or those one command uses with
/// --for), like peacesciencer's ps_cite().
///
/// The four vote sources are merged in rank order Voeten (1946–2017) > unvotes (to
/// 2019) > UN Digital Library long scrape (to 2025-10) > UN-DL wide scrape (to 2021);
/// lower-ranked sources fill years the better ones lack and are compared cell by cell
/// where they overlap (see docs/unga-votes.md).
///
/// Examples:
///   entente sources
///   entente sources --cite bibtex --for profile > profile.bib
///   entente sources --votes
///   entente sources --votes --summary
///   entente sources --votes --conflicts --format csv > conflicts.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The merged UN vote table: roll calls and votes per year and source, gaps.
    #[arg(long)]
    pub votes: bool,
    /// With --votes: how each source was read and matched, and the comparisons.
    #[arg(long, requires = "votes")]
    pub summary: bool,
    /// With --votes: every cell on which two sources disagree.
    #[arg(long, requires = "votes", conflicts_with = "summary")]
    pub conflicts: bool,
    /// Rebuild the cached vote tables even if the sources are unchanged (implies --votes).
    #[arg(long)]
    pub rebuild: bool,
    /// Print citations: text or bibtex.
    #[arg(long, value_enum, conflicts_with = "votes")]
    pub cite: Option<Cite>,
    /// Only the datasets this command uses (e.g. profile, ties, brief, align).
    #[arg(long = "for", value_name = "COMMAND")]
    pub command: Option<String>,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Cite {
    Text,
    Bibtex,
}

/// The dataset catalogue, or its citations.
fn datasets(ctx: &Context, args: &Args) -> Result<()> {
    use entente_analysis::datasets;
    let commands = datasets::commands();
    if let Some(c) = args.command.as_deref()
        && !commands.contains(&c)
    {
        return Err(user_error(format!(
            "no dataset is used by '{c}'; commands: {}",
            commands.join(", ")
        )));
    }
    let list = datasets::used_by(args.command.as_deref());
    if let Some(cite) = args.cite {
        let text: Vec<&str> = list
            .iter()
            .map(|d| match cite {
                Cite::Text => d.citation,
                Cite::Bibtex => d.bibtex,
            })
            .collect();
        let sep = if cite == Cite::Bibtex { "\n\n" } else { "\n" };
        let body = format!("{}\n", text.join(sep));
        return match &args.out {
            Some(p) => crate::output::persist_output(p, |f| {
                use std::io::Write;
                f.write_all(body.as_bytes())?;
                Ok(())
            }),
            None => {
                use std::io::Write;
                std::io::stdout().lock().write_all(body.as_bytes())?;
                Ok(())
            }
        };
    }
    let data = ctx.data_dir()?;
    let mut rows = Rows::new([
        "key",
        "dataset",
        "version",
        "first_year",
        "last_year",
        "present",
        "files",
        "used_by",
        "citation",
    ]);
    for d in list {
        let present = d.files.iter().all(|f| data.file(f).is_file());
        rows.push(vec![
            d.key.into(),
            d.name.into(),
            d.version.into(),
            Cell::Int(d.years.0.into()),
            Cell::Int(d.years.1.into()),
            if d.files.is_empty() {
                "–"
            } else if present {
                "yes"
            } else {
                "no"
            }
            .into(),
            d.files.join(" ").into(),
            commands
                .iter()
                .filter(|c| datasets::used_by(Some(c)).iter().any(|u| u.key == d.key))
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
            d.citation.into(),
        ]);
    }
    rows.notes
        .push(format!("Data folder: {}", data.root.display()));
    rows.notes.push("BibTeX: entente sources --cite bibtex [--for COMMAND]. UN vote coverage and source comparisons: entente sources --votes.".into());
    rows.write(args.format, args.out.as_deref())
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    if !args.votes && !args.rebuild {
        return datasets(ctx, &args);
    }
    let reg = ctx.registry()?;
    let votes = if args.rebuild {
        ctx.session().rebuilt_votes()?
    } else {
        ctx.votes()?
    };
    let t = &votes.table;
    let report = &votes.generation.manifest.report;

    if args.conflicts {
        let conflicts = entente_store::unga::read_conflicts(&votes.generation.table("conflicts"))?;
        let by_id: std::collections::HashMap<u32, &entente_core::RollCall> =
            t.rollcalls.iter().map(|r| (r.id, r)).collect();
        let mut rows = Rows::new([
            "rollcall",
            "date",
            "symbol",
            "ccode",
            "state",
            "primary_source",
            "primary_vote",
            "secondary_source",
            "secondary_vote",
        ]);
        for c in conflicts {
            let rc = by_id.get(&c.rollcall);
            rows.push(vec![
                Cell::Int(c.rollcall.into()),
                rc.map_or(String::new(), |r| r.date.to_string()).into(),
                rc.and_then(|r| r.symbol.clone()).unwrap_or_default().into(),
                Cell::Int(c.ccode.into()),
                reg.by_ccode(c.ccode)
                    .map_or(String::new(), |s| s.code3().to_string())
                    .into(),
                c.primary.name().into(),
                c.primary_vote.label().into(),
                c.secondary.name().into(),
                c.secondary_vote.label().into(),
            ]);
        }
        rows.notes
            .push("The merged table keeps the primary (higher-ranked) source's vote.".into());
        return rows.write(args.format, args.out.as_deref());
    }

    if args.summary {
        let rep: MergeReport = serde_json::from_value(report.clone()).unwrap_or_default();
        let mut rows = Rows::new(["source", "item", "value"]);
        let mut add = |s: &str, k: String, v: String| rows.push(vec![s.into(), k.into(), v.into()]);
        if let Some(srcs) = report.get("sources").and_then(|v| v.as_array()) {
            for s in srcs {
                let name = s.get("source").and_then(|v| v.as_str()).unwrap_or("?");
                for (k, v) in s.as_object().into_iter().flatten() {
                    if k == "source" {
                        continue;
                    }
                    add(name, k.clone(), compact(v));
                }
            }
        }
        for c in &rep.comparisons {
            let pct = 100.0 * c.cells_agreeing as f64 / c.cells_compared.max(1) as f64;
            add(
                &format!("{} vs {}", c.secondary, c.primary),
                "cells agreeing".into(),
                format!(
                    "{} of {} ({pct:.3}%) on {} roll calls; {} differ",
                    c.cells_agreeing, c.cells_compared, c.rollcalls, c.cells_differing
                ),
            );
        }
        return rows.write(args.format, args.out.as_deref());
    }

    // Coverage per year and body.
    #[derive(Default)]
    struct Year {
        ga: usize,
        sc: usize,
        votes: usize,
        by_source: BTreeMap<SourceId, usize>,
    }
    let mut years: BTreeMap<i32, Year> = BTreeMap::new();
    let mut votes_per_rc: std::collections::HashMap<u32, usize> = Default::default();
    for v in &t.votes {
        *votes_per_rc.entry(v.rollcall).or_default() += 1;
    }
    for rc in &t.rollcalls {
        let y = years.entry(rc.year(YearMode::Session)).or_default();
        match rc.body {
            Body::GeneralAssembly => {
                y.ga += 1;
                y.votes += votes_per_rc.get(&rc.id).copied().unwrap_or(0);
                *y.by_source.entry(rc.source).or_default() += 1;
            }
            Body::SecurityCouncil => y.sc += 1,
        }
    }
    let first = years.keys().next().copied().unwrap_or(1946);
    let last = years.keys().last().copied().unwrap_or(first);
    // One column per vote source, named as the sources are.
    let mut columns = vec!["year", "ga_rollcalls", "ga_votes"];
    columns.extend(SourceId::ALL.iter().map(|s| s.name()));
    columns.push("sc_rollcalls");
    let mut rows = Rows::new(columns);
    let mut gaps = Vec::new();
    for y in first..=last {
        let e = years.remove(&y).unwrap_or_default();
        if e.ga <= 1 {
            gaps.push(format!(
                "{y} ({} GA roll call{})",
                e.ga,
                if e.ga == 1 { "" } else { "s" }
            ));
        }
        let mut row = vec![
            Cell::Int(y.into()),
            Cell::Int(e.ga as i64),
            Cell::Int(e.votes as i64),
        ];
        for s in SourceId::ALL {
            row.push(Cell::Int(e.by_source.get(&s).copied().unwrap_or(0) as i64));
        }
        row.push(Cell::Int(e.sc as i64));
        rows.push(row);
    }
    let n_conf = votes
        .generation
        .manifest
        .tables
        .iter()
        .find(|(n, _)| n == "conflicts")
        .map_or(0, |t| t.1);
    rows.notes.push("Year: UN session year (session + 1945); Security Council roll calls by calendar year. Source columns count GA roll calls by the source whose votes are used.".into());
    if !gaps.is_empty() {
        rows.notes.push(format!(
            "Gaps: {} — session 19 (1964-65) held only one recorded vote.",
            gaps.join(", ")
        ));
    }
    rows.notes.push(format!(
        "{} roll calls, {} votes; {} cells where sources disagree (entente sources --votes --conflicts; --summary for matching details).",
        t.rollcalls.len(),
        t.votes.len(),
        n_conf
    ));
    rows.notes
        .push(format!("Cache: {}", votes.generation.dir.display()));
    for s in SourceId::ALL {
        rows.notes
            .push(format!("Source {}: {}.", s.name(), s.citation()));
    }
    rows.write(args.format, args.out.as_deref())
}

fn compact(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) if a.is_empty() => "–".into(),
        serde_json::Value::Object(o) if o.is_empty() => "–".into(),
        serde_json::Value::Array(a) => a.iter().map(compact).collect::<Vec<_>>().join("; "),
        serde_json::Value::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{k}: {}", compact(v)))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

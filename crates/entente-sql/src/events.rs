//! The event aggregation of `entente events` as SQL over the `events` table (one row
//! per event between two states; `entente export --events-from`), so that it runs in
//! DataFusion or on a Ballista cluster and gives the kernel's statistics.
//!
//! Counts, Goldstein sums (as tenths) and weights are integers and therefore equal to
//! the kernel's exactly. Tone sums are taken as DECIMAL(20,14) (GDELT writes AvgTone
//! with at most 14 decimals), so their sum does not depend on the order of the rows:
//! the cluster and the in-process engine give identical results, and the kernel's
//! floating-point sums differ from these exact sums by rounding only.

use std::collections::BTreeMap;
use std::path::Path;

use entente_core::events::{EventStats, Period};

use crate::{Answer, Engine, SqlError, query};

/// What to aggregate. Periods are numbers as [`Period::of`] gives them.
#[derive(Clone, Copy, Debug)]
pub struct Aggregation {
    pub period: Period,
    pub directed: bool,
    pub dedup: bool,
    /// First and last period (inclusive).
    pub from: u32,
    pub to: u32,
}

const TONE: &str = "CAST(tone AS DECIMAL(20,14))";

/// The period of column `day` as [`Period::of`] numbers it (YYYYMMDD, YYYYMM, YYYY).
fn period_of_day(period: Period) -> String {
    let y = "CAST(date_part('year', day) AS BIGINT)";
    let m = "CAST(date_part('month', day) AS BIGINT)";
    let d = "CAST(date_part('day', day) AS BIGINT)";
    match period {
        Period::Day => format!("({y} * 10000 + {m} * 100 + {d})"),
        Period::Month => format!("({y} * 100 + {m})"),
        Period::Year => y.to_string(),
    }
}

/// The SQL of an aggregation (columns: p, a, b, then the statistics).
pub fn sql(g: &Aggregation) -> String {
    let p = period_of_day(g.period);
    let (a, b) = if g.directed {
        ("ccode_a".to_string(), "ccode_b".to_string())
    } else {
        (
            "least(ccode_a, ccode_b)".to_string(),
            "greatest(ccode_a, ccode_b)".to_string(),
        )
    };
    let mut cols = vec![
        format!("{p} AS p"),
        format!("{a} AS a"),
        format!("{b} AS b"),
        "COUNT(*) AS events".to_string(),
    ];
    for q in 1..=4 {
        cols.push(format!(
            "SUM(CASE WHEN quad = {q} THEN 1 ELSE 0 END) AS q{q}"
        ));
    }
    for r in 1..=20 {
        cols.push(format!(
            "SUM(CASE WHEN root = {r} THEN 1 ELSE 0 END) AS r{r}"
        ));
    }
    cols.push("SUM(CAST(goldstein_x10 AS BIGINT)) AS g".into());
    cols.push(format!("SUM({TONE}) AS tone_sum"));
    cols.push("COUNT(tone) AS tone_n".into());
    for w in ["mentions", "articles"] {
        cols.push(format!("SUM({w}) AS {w}"));
        for q in 1..=4 {
            cols.push(format!(
                "SUM(CASE WHEN quad = {q} THEN {w} ELSE 0 END) AS q{q}_{w}"
            ));
        }
        cols.push(format!("SUM(CAST(goldstein_x10 AS BIGINT) * {w}) AS g_{w}"));
        cols.push(format!(
            "SUM({TONE} * CAST({w} AS DECIMAL(20,0))) AS tone_{w}"
        ));
        cols.push(format!(
            "SUM(CASE WHEN tone IS NULL THEN 0 ELSE {w} END) AS tone_{w}_n"
        ));
    }
    let (ylo, yhi) = (g.from / span(g.period), g.to / span(g.period));
    let mut filter = vec![
        format!("year BETWEEN {ylo} AND {yhi}"),
        format!("{p} BETWEEN {} AND {}", g.from, g.to),
        "ccode_a <> ccode_b".to_string(),
    ];
    if g.dedup {
        filter.push("NOT duplicate".into());
    }
    format!(
        "SELECT {} FROM events WHERE {} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        cols.join(", "),
        filter.join(" AND ")
    )
}

/// Periods per year's number: YYYYMMDD → /10000, YYYYMM → /100, YYYY → /1.
fn span(p: Period) -> u32 {
    match p {
        Period::Day => 10_000,
        Period::Month => 100,
        Period::Year => 1,
    }
}

/// Statistics per (period, a, b) from the answer of [`sql`].
pub fn stats(answer: &Answer) -> Result<BTreeMap<(u32, u16, u16), EventStats>, SqlError> {
    let bad = |what: &str| SqlError::Engine(format!("unexpected aggregation result: {what}"));
    let mut out = BTreeMap::new();
    for row in &answer.rows {
        if row.len() != 3 + 1 + 4 + 20 + 3 + 2 * 8 {
            return Err(bad("column count"));
        }
        let int = |k: usize| row[k].int().ok_or_else(|| bad(&answer.columns[k]));
        let u = |k: usize| int(k).map(|v| v.max(0) as u64);
        let num = |k: usize| match &row[k] {
            crate::Value::Null => Ok(0.0),
            v => v.number().ok_or_else(|| bad(&answer.columns[k])),
        };
        let key = (int(0)? as u32, int(1)? as u16, int(2)? as u16);
        let mut s = EventStats {
            events: u(3)?,
            goldstein_x10: int(28)?,
            tone_sum: num(29)?,
            tone_n: u(30)?,
            ..EventStats::default()
        };
        for q in 0..4 {
            s.quad[q] = u(4 + q)?;
        }
        for r in 0..20 {
            s.root[r] = u(8 + r)?;
        }
        // mentions block at 31, articles block at 39: total, 4 quads, g, tone, tone_n.
        let block = |k: usize| -> Result<(u64, [u64; 4], i64, f64, u64), SqlError> {
            Ok((
                u(k)?,
                [u(k + 1)?, u(k + 2)?, u(k + 3)?, u(k + 4)?],
                int(k + 5)?,
                num(k + 6)?,
                u(k + 7)?,
            ))
        };
        (
            s.mentions,
            s.quad_mentions,
            s.goldstein_x10_mentions,
            s.tone_mentions,
            s.tone_mentions_n,
        ) = block(31)?;
        (
            s.articles,
            s.quad_articles,
            s.goldstein_x10_articles,
            s.tone_articles,
            s.tone_articles_n,
        ) = block(39)?;
        out.insert(key, s);
    }
    Ok(out)
}

/// Runs the aggregation over the `events` table under `dir`.
pub fn aggregate(
    dir: &Path,
    g: &Aggregation,
    engine: &Engine,
) -> Result<BTreeMap<(u32, u16, u16), EventStats>, SqlError> {
    require(dir, "events", "write it first")?;
    stats(&query(dir, &sql(g), engine)?)
}

/// An error unless table `name` is under `dir` (object stores are checked by the query).
fn require(dir: &Path, name: &str, hint: &str) -> Result<(), SqlError> {
    if crate::is_s3(dir) || dir.join(name).is_dir() {
        return Ok(());
    }
    Err(SqlError::Tables {
        path: dir.join(name),
        message: format!(
            "no {name} table ({hint}: entente export {} --events-from FILES)",
            dir.display()
        ),
    })
}

/// The SQL of the rows per period of the converted files, all actors (columns: p, rows).
pub fn volume_sql(period: Period) -> String {
    let p = period_of_day(period);
    format!("SELECT {p} AS p, SUM(\"rows\") AS \"rows\" FROM event_volume GROUP BY 1 ORDER BY 1")
}

/// Rows per period of the files converted under `dir` (the `event_volume` table),
/// any actors: the normaliser of `entente events --normalize ingested`.
pub fn volume(dir: &Path, period: Period, engine: &Engine) -> Result<BTreeMap<u32, u64>, SqlError> {
    require(
        dir,
        "event_volume",
        "it is written with the events table; convert the files again",
    )?;
    let answer = query(dir, &volume_sql(period), engine)?;
    let bad = || SqlError::Engine("unexpected event_volume result".into());
    answer
        .rows
        .iter()
        .map(|row| {
            match (
                row.first().and_then(|v| v.int()),
                row.get(1).and_then(|v| v.int()),
            ) {
                (Some(p), Some(n)) if p >= 0 && n >= 0 => Ok((p as u32, n as u64)),
                _ => Err(bad()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Value;

    #[test]
    fn sql_names_the_filters() {
        let g = Aggregation {
            period: Period::Month,
            directed: false,
            dedup: true,
            from: 201401,
            to: 201512,
        };
        let s = sql(&g);
        assert!(s.contains("year BETWEEN 2014 AND 2015"), "{s}");
        assert!(s.contains("BETWEEN 201401 AND 201512"));
        assert!(s.contains("NOT duplicate") && s.contains("least(ccode_a, ccode_b)"));
    }

    #[test]
    fn stats_maps_columns_to_fields() {
        let mut row: Vec<Value> = vec![Value::Int(201402), Value::Int(365), Value::Int(710)];
        row.push(Value::Int(7)); // events
        row.extend([1, 2, 3, 1].map(Value::Int));
        row.extend((1..=20).map(|r| Value::Int(i64::from(r == 4) * 7)));
        row.push(Value::Int(-25)); // goldstein × 10
        row.push(Value::Text("-3.5000000000".into()));
        row.push(Value::Int(6));
        for base in [10, 100] {
            row.push(Value::Int(base * 7));
            row.extend([1, 2, 3, 1].map(|q| Value::Int(base * q)));
            row.push(Value::Int(-25 * base));
            row.push(Value::Text(format!("{}", -3.5 * base as f64)));
            row.push(Value::Int(base * 6));
        }
        let a = Answer {
            columns: (0..row.len()).map(|k| format!("c{k}")).collect(),
            rows: vec![row],
            tables: vec![],
        };
        let m = stats(&a).unwrap();
        let s = m[&(201402, 365, 710)];
        assert_eq!(
            (s.events, s.quad, s.root[3], s.goldstein_x10),
            (7, [1, 2, 3, 1], 7, -25)
        );
        assert_eq!((s.tone_sum, s.tone_n), (-3.5, 6));
        assert_eq!(
            (s.mentions, s.quad_mentions, s.goldstein_x10_mentions),
            (70, [10, 20, 30, 10], -250)
        );
        assert_eq!(
            (s.articles, s.tone_articles, s.tone_articles_n),
            (700, -350.0, 600)
        );
    }
}
